package io.twinloop.twin;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.Coordinates;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Churn;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ChangeKind;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.LinkChange;
import io.twinloop.proto.twin.v1.NodeChange;
import io.twinloop.proto.twin.v1.PathPolicyChange;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.twin.store.TwinStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** DiffVersions lists link, node and path-policy changes, and counts them as Churn does. */
@QuarkusTest
class DiffVersionsGrpcTest {
    private static final Set<String> CONFIGURATION = Set.of("igp_weight", "admin_state", "capacity_bps");

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @Inject
    TwinStore store;

    private static PathPolicy policy(String... nodes) {
        return new PathPolicy(nodes[0], nodes[nodes.length - 1], List.of(new WeightedPath(List.of(nodes), 1.0)));
    }

    private static Network square(String name) {
        return new Network(name,
                List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D"), new Node("X")),
                List.of(new Link("AB", "A", "B", 100, 1), new Link("AC", "A", "C", 100, 1),
                        new Link("BD", "B", "D", 100, 1), new Link("CD", "C", "D", 100, 1),
                        new Link("AX", "A", "X", 100, 1), new Link("XD", "X", "D", 100, 1)),
                List.of(), List.of(policy("A", "B", "D"), policy("A", "B"), policy("A", "X")));
    }

    /** The churn the response's entries add up to, counted from the entries themselves. */
    private static int itemsListed(DiffVersionsResponse r) {
        int items = r.getPathPolicyChangesCount();
        for (NodeChange c : r.getNodeChangesList()) {
            items += c.getKind() == ChangeKind.CHANGE_KIND_MODIFIED ? 0 : 1;
        }
        for (LinkChange c : r.getLinkChangesList()) {
            items += c.getKind() != ChangeKind.CHANGE_KIND_MODIFIED ? 1
                    : (int) c.getChangedFieldsList().stream().filter(CONFIGURATION::contains).count();
        }
        return items;
    }

    private DiffVersionsResponse diff(String net, long from, long to) {
        return twin.diffVersions(DiffVersionsRequest.newBuilder().setNetwork(net).setFromVersion(from)
                .setToVersion(to).build());
    }

    @Test
    void policyAndNodeChangesAreListedAndAddUpToTheChurn() {
        String net = "diff-square";
        Network v1 = square(net);
        store.importNetwork(net, v1, "test", "test");
        // X goes (with its two links and its policy), E comes, D gets coordinates, CD a new weight,
        // AB a new latency; A->D moves to C, A->B is dropped and A->C is new.
        Network v2 = new Network(net,
                List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D", new Coordinates(10, 50)), new Node("E")),
                List.of(new Link("AB", "A", "B", 100, 1).withLatencyMs(7), new Link("AC", "A", "C", 100, 1),
                        new Link("BD", "B", "D", 100, 1), new Link("CD", "C", "D", 100, 3)),
                List.of(), List.of(policy("A", "C", "D"), policy("A", "C")));
        store.commit(net, 1, v2, "test", "test");
        // links AX, XD removed, CD re-weighted: 3; nodes X removed, E added: 2; policies: 4
        int expected = 3 + 2 + 4;

        DiffVersionsResponse r = diff(net, 1, 2);
        assertEquals(List.of("A->B REMOVED", "A->C ADDED", "A->D MODIFIED", "A->X REMOVED"),
                r.getPathPolicyChangesList().stream().map(DiffVersionsGrpcTest::label).toList());
        PathPolicyChange moved = r.getPathPolicyChanges(2);
        assertEquals(List.of("A", "B", "D"), moved.getBefore().getPaths(0).getNodesList());
        assertEquals(List.of("A", "C", "D"), moved.getAfter().getPaths(0).getNodesList());
        assertEquals(1.0, moved.getAfter().getPaths(0).getFraction());
        assertFalse(r.getPathPolicyChanges(1).hasBefore());
        assertFalse(r.getPathPolicyChanges(0).hasAfter());
        assertEquals(List.of("D MODIFIED", "E ADDED", "X REMOVED"), r.getNodeChangesList().stream()
                .map(c -> c.getName() + " " + c.getKind().name().replace("CHANGE_KIND_", "")).toList());
        assertEquals(50, r.getNodeChanges(0).getAfter().getLatitude());
        assertFalse(r.getNodeChanges(0).getBefore().hasLatitude());
        assertEquals(List.of("AB", "AX", "CD", "XD"), r.getLinkChangesList().stream().map(LinkChange::getLinkId).toList());
        assertEquals(List.of("latency_ms"), r.getLinkChanges(0).getChangedFieldsList());

        int churn = Churn.between(store.snapshot(net, 1).network(), store.snapshot(net, 2).network());
        assertEquals(expected, churn);
        assertEquals(churn, itemsListed(r));
        assertEquals(churn, r.getChurn());
        assertEquals(churn, diff(net, 2, 1).getChurn(), "backwards the same items differ");
    }

    @Test
    void anSrTeRoundDiffsToItsChurn() {
        String net = "diff-srte";
        store.importNetwork(net, square(net).withPathPolicies(List.of()), "test", "test");
        Plan plan = Plan.newBuilder()
                .addActions(PlanAction.newBuilder().setSetPathPolicy(pin("A", "C", "D")))
                .addActions(PlanAction.newBuilder().setSetPathPolicy(pin("A", "B")))
                .addActions(PlanAction.newBuilder().setSetPathPolicy(pin("A", "X"))).build();
        TrafficSelector traffic = TrafficSelector.newBuilder().setMatrix(TrafficMatrix.newBuilder()
                .addDemands(Demand.newBuilder().setSrc("A").setDst("D").setRateBps(10))).build();
        int churn = twin.simulate(SimulateRequest.newBuilder().setNetwork(net).setTraffic(traffic).setPlan(plan).build())
                .getKpis().getChurn();
        assertEquals(3, churn);
        twin.applyPlan(ApplyPlanRequest.newBuilder().setNetwork(net).setExpectedVersion(1).setPlan(plan)
                .setReason("test: pin three pairs").build());

        DiffVersionsResponse r = diff(net, 1, 2);
        assertEquals(churn, r.getPathPolicyChangesCount());
        assertEquals(churn, r.getChurn());
        assertEquals(churn, itemsListed(r));
        assertEquals(0, r.getLinkChangesCount() + r.getNodeChangesCount());
        assertEquals(List.of(pin("A", "B"), pin("A", "C", "D"), pin("A", "X")),
                r.getPathPolicyChangesList().stream().map(PathPolicyChange::getAfter).toList());
    }

    private static SetPathPolicy pin(String... nodes) {
        return SetPathPolicy.newBuilder().setSrc(nodes[0]).setDst(nodes[nodes.length - 1])
                .addPaths(io.twinloop.proto.common.v1.WeightedPath.newBuilder().addAllNodes(List.of(nodes)).setFraction(1.0))
                .build();
    }

    private static String label(PathPolicyChange c) {
        SetPathPolicy p = c.hasAfter() ? c.getAfter() : c.getBefore();
        return p.getSrc() + "->" + p.getDst() + " " + c.getKind().name().replace("CHANGE_KIND_", "");
    }
}
