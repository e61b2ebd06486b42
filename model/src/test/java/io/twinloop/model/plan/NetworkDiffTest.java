package io.twinloop.model.plan;

import io.twinloop.model.Coordinates;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.NetworkDiff.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkDiffTest {

    private static final Network DIAMOND = PlanTest.DIAMOND;

    private static PathPolicy policy(String... nodes) {
        return new PathPolicy(nodes[0], nodes[nodes.length - 1], List.of(new WeightedPath(List.of(nodes), 1.0)));
    }

    @Test
    void listsPoliciesNodesAndLinksAndCountsWhatChurnCounts() {
        Network base = DIAMOND.withPathPolicies(List.of(policy("A", "B", "D"), policy("A", "B")));
        // the changes, each with the items it should cost
        List<Node> nodes = new ArrayList<>(List.of(new Node("A"), new Node("B"), new Node("C"),
                new Node("D", new Coordinates(10, 50)), new Node("E")));   // D moved: 0, E added: 1
        List<Link> links = base.links().stream().map(l -> switch (l.id()) {
            case "CD" -> l.withIgpWeight(4).withAdminState(LinkState.DOWN);  // 2 items
            case "AB" -> l.withLatencyMs(7);                                 // plant only: 0
            default -> l;
        }).toList();
        Network after = new Network("diamond", nodes, links, List.of(),
                List.of(policy("A", "C", "D"), policy("A", "C")));         // A->D changed, A->B removed, A->C added: 3
        int expected = 1 + 2 + 3;

        NetworkDiff diff = NetworkDiff.between(base, after);
        assertEquals(List.of(new NetworkDiff.PolicyChange(new OdPair("A", "B"), Kind.REMOVED, policy("A", "B"), null),
                new NetworkDiff.PolicyChange(new OdPair("A", "C"), Kind.ADDED, null, policy("A", "C")),
                new NetworkDiff.PolicyChange(new OdPair("A", "D"), Kind.MODIFIED, policy("A", "B", "D"),
                        policy("A", "C", "D"))), diff.policies());
        assertEquals(List.of("D", "E"), diff.nodes().stream().map(NetworkDiff.NodeChange::name).toList());
        assertEquals(List.of(Kind.MODIFIED, Kind.ADDED), diff.nodes().stream().map(NetworkDiff.NodeChange::kind).toList());
        assertEquals(List.of("AB", "CD"), diff.links().stream().map(NetworkDiff.LinkChange::id).toList());
        assertEquals(List.of("latency_ms"), diff.links().get(0).changedFields());
        assertEquals(List.of("igp_weight", "admin_state"), diff.links().get(1).changedFields());
        assertEquals(expected, diff.churn());
        assertEquals(expected, Churn.between(base, after));
        assertEquals(expected, Churn.between(after, base), "symmetric");
        assertEquals(expected, NetworkDiff.between(after, base).churn());
    }

    @Test
    void aNodeAddedOrRemovedCountsOnceAndNothingChangedIsEmpty() {
        Network more = new Network("diamond", List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D"),
                new Node("E")), DIAMOND.links(), List.of(), List.of());
        assertEquals(1, Churn.between(DIAMOND, more));
        assertEquals(Kind.REMOVED, NetworkDiff.between(more, DIAMOND).nodes().get(0).kind());
        assertTrue(NetworkDiff.between(DIAMOND, DIAMOND).isEmpty());
    }
}
