package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unit (hop-count) weights take the breadth-first kernel of {@link EcmpRouter} and, in
 * {@link FailureSweep}, the dynamic shortest-path update of each re-routed destination. Both must
 * equal a full re-route from scratch in every scenario.
 */
class FailureSweepUnitWeightTest {

    @Test
    void unitWeightRandomGraphsIncrementalEqualsFromScratch() {
        long dynamic = 0;
        long full = 0;
        for (long seed = 1; seed <= 24; seed++) {
            Random rnd = new Random(seed * 7919);
            int nodes = 20 + rnd.nextInt(30);
            List<Node> ns = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                ns.add(new Node("n" + i));
            }
            List<Link> links = new ArrayList<>();
            int e = 0;
            for (int i = 1; i < nodes; i++) { // a random tree (bridges, leaves) plus chords (ECMP ties)
                e = addEdge(links, e, i, rnd.nextInt(i), rnd);
            }
            int chords = rnd.nextInt(nodes);
            for (int k = 0; k < chords; k++) {
                int i = rnd.nextInt(nodes);
                int j = rnd.nextInt(nodes);
                if (i != j) {
                    e = addEdge(links, e, i, j, rnd);
                }
            }
            if (seed % 2 == 0) {
                links.set(1, links.get(1).withAdminState(LinkState.DOWN));
            }
            if (seed % 3 == 0) { // one-way links: the two directions of a pair no longer mirror each other
                for (int k = 0; k < 4; k++) {
                    int i = rnd.nextInt(nodes);
                    int j = rnd.nextInt(nodes);
                    if (i != j) {
                        links.add(new Link("oneway" + k, "n" + i, "n" + j, 1e9, 1));
                    }
                }
            }
            Network n = Network.of("unit" + seed, ns, links, List.of());
            List<Demand> demands = new ArrayList<>();
            for (int s = 0; s < nodes; s++) {
                for (int t = 0; t < nodes; t++) {
                    if (s != t && rnd.nextInt(4) > 0) {
                        demands.add(new Demand("n" + s, "n" + t, 1 + rnd.nextInt(1_000_000)));
                    }
                }
            }
            assertTrue(new EcmpRouter(n).exactWeights());
            int rerouted = FailureSweepTest.checkAllScenarios(n, demands);
            assertTrue(rerouted > 0);
            FailureSweep sweep = new FailureSweep(n, demands);
            sweep.run(3, null, 2);
            dynamic += sweep.dynamicUpdates();
            full += sweep.fullReroutes();
        }
        // both paths must have been exercised (and checked above): the dynamic update where every
        // node keeps a path, the full re-route where a bridge or node failure cuts some off
        assertTrue(dynamic > 1000, "dynamic updates: " + dynamic);
        assertTrue(full > 100, "full re-routes: " + full);
    }

    private static int addEdge(List<Link> links, int e, int i, int j, Random rnd) {
        double cap = 1e9 * (1 + rnd.nextInt(4));
        List<String> srlg = rnd.nextInt(5) == 0 ? List.of("duct" + rnd.nextInt(3)) : List.of();
        links.add(new Link("e" + e, "n" + i, "n" + j, cap, 1).withSrlgs(srlg));
        links.add(new Link("e" + e + "~rev", "n" + j, "n" + i, cap, 1).withSrlgs(srlg));
        if (rnd.nextInt(8) == 0) { // a parallel pair
            e++;
            links.add(new Link("e" + e, "n" + i, "n" + j, cap, 1));
            links.add(new Link("e" + e + "~rev", "n" + j, "n" + i, cap, 1));
        }
        return e + 1;
    }
}
