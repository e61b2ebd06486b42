package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel against hand-computed loads and against {@link ReferenceEcmp} (path enumeration). */
class EcmpRouterReferenceTest {

    private static Network net(int nodes, List<Link> links) {
        List<Node> ns = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ns.add(new Node(String.valueOf((char) ('A' + i))));
        }
        return Network.of("t", ns, links, List.of());
    }

    private static Link l(String id, String s, String d, double w) {
        return new Link(id, s, d, 100, w);
    }

    private static double load(Network n, RoutingResult r, String id) {
        return r.load(n.linkIndex(id));
    }

    private static void assertMatchesReference(Network n, BitSet down, List<Demand> demands, String ctx) {
        RoutingResult r = new EcmpRouter(n, down).route(demands);
        ReferenceEcmp ref = new ReferenceEcmp(n, down, demands);
        for (int i = 0; i < ref.load.length; i++) {
            assertEquals(ref.load[i], r.load(i), 1e-9 * Math.max(1.0, Math.abs(ref.load[i])),
                    ctx + " link " + n.links().get(i));
        }
        assertEquals(ref.unroutedBps, r.unroutedBps(), 1e-9 * Math.max(1.0, ref.unroutedBps), ctx);
        assertEquals(ref.unrouted, r.unroutedDemands(), ctx);
    }

    @Test
    void diamondSplitsEqually() {
        Network n = net(4, List.of(l("AB", "A", "B", 1), l("AC", "A", "C", 1), l("BD", "B", "D", 1), l("CD", "C", "D", 1)));
        RoutingResult r = new EcmpRouter(n).route(List.of(new Demand("A", "D", 100)));
        for (String id : List.of("AB", "AC", "BD", "CD")) {
            assertEquals(50, load(n, r, id), 1e-12, id);
        }
        assertEquals(200, r.totalLoadBps(), 1e-9);
        assertEquals(0, r.unroutedBps());
    }

    @Test
    void parallelLinksCountAsSeparateNextHops() {
        // A has three shortest next hops towards B: two parallel links A->B (w 2) and A->C (w 1), then C->B (w 1)
        Network n = net(3, List.of(l("AB1", "A", "B", 2), l("AB2", "A", "B", 2), l("AC", "A", "C", 1), l("CB", "C", "B", 1)));
        RoutingResult r = new EcmpRouter(n).route(List.of(new Demand("A", "B", 90)));
        assertEquals(30, load(n, r, "AB1"), 1e-12);
        assertEquals(30, load(n, r, "AB2"), 1e-12);
        assertEquals(30, load(n, r, "AC"), 1e-12);
        assertEquals(30, load(n, r, "CB"), 1e-12);
    }

    @Test
    void splittingIsPerHopNotPerPath() {
        // three equal-cost paths A-B-D, A-C-E-D, A-C-D (cost 3 each). Per path that would be 1/3 each;
        // per hop A splits 1/2 : 1/2 and C splits its half again 1/2 : 1/2.
        Network n = net(5, List.of(l("AB", "A", "B", 1), l("AC", "A", "C", 1), l("BD", "B", "D", 2),
                l("CE", "C", "E", 1), l("ED", "E", "D", 1), l("CD", "C", "D", 2)));
        RoutingResult r = new EcmpRouter(n).route(List.of(new Demand("A", "D", 400)));
        assertEquals(200, load(n, r, "AB"), 1e-12);
        assertEquals(200, load(n, r, "BD"), 1e-12);
        assertEquals(200, load(n, r, "AC"), 1e-12);
        assertEquals(100, load(n, r, "CE"), 1e-12);
        assertEquals(100, load(n, r, "ED"), 1e-12);
        assertEquals(100, load(n, r, "CD"), 1e-12);
        assertMatchesReference(n, new BitSet(), List.of(new Demand("A", "D", 400)), "per-hop");
    }

    @Test
    void decimalWeightsTieExactly() {
        // 0.1 + 0.2 != 0.3 in double, but the paths have equal decimal cost and must split
        Network n = net(4, List.of(l("AB", "A", "B", 0.1), l("BD", "B", "D", 0.2), l("AD", "A", "D", 0.3)));
        EcmpRouter router = new EcmpRouter(n);
        assertTrue(router.exactWeights());
        RoutingResult r = router.route(List.of(new Demand("A", "D", 10)));
        assertEquals(5, load(n, r, "AB"), 1e-12);
        assertEquals(5, load(n, r, "AD"), 1e-12);
        assertEquals(0.30000000000000004, router.distancesTo("D")[0], 1e-15);
    }

    @Test
    void nonDecimalWeightsUseTheToleranceFallback() {
        // 11 decimals: beyond exact scaling; 0.10000000001 + 0.2 = 0.30000000001 only up to rounding
        Network n = net(4, List.of(l("AB", "A", "B", 0.10000000001), l("BD", "B", "D", 0.2),
                l("AD", "A", "D", 0.30000000001), l("AC", "A", "C", 0.15), l("CD", "C", "D", 0.1500001)));
        EcmpRouter router = new EcmpRouter(n);
        assertFalse(router.exactWeights());
        RoutingResult r = router.route(List.of(new Demand("A", "D", 10)));
        assertEquals(5, load(n, r, "AB"), 1e-12);
        assertEquals(5, load(n, r, "AD"), 1e-12);
        assertEquals(0, load(n, r, "AC"), "0.3000001 is longer by far more than the 1e-10 relative tolerance");
        assertMatchesReference(n, new BitSet(), List.of(new Demand("A", "D", 10), new Demand("B", "A", 3)), "fallback");
    }

    @Test
    void downLinksAndUnreachableDestinations() {
        Network n = net(5, List.of(l("AB", "A", "B", 1), l("AC", "A", "C", 1), l("BD", "B", "D", 1), l("CD", "C", "D", 1)));
        BitSet down = new BitSet();
        down.set(n.linkIndex("AB"));
        List<Demand> demands = List.of(new Demand("A", "D", 100), new Demand("A", "E", 7), new Demand("D", "A", 3),
                new Demand("B", "C", 0));
        RoutingResult r = new EcmpRouter(n, down).route(demands);
        assertEquals(0, load(n, r, "AB"));
        assertEquals(100, load(n, r, "AC"));
        assertEquals(100, load(n, r, "CD"));
        assertEquals(10, r.unroutedBps(), "A->E (no links at all) and D->A (no reverse links)");
        assertEquals(List.of(new Demand("A", "E", 7), new Demand("D", "A", 3)), r.unroutedDemands(), "in input order");
        assertMatchesReference(n, down, demands, "down");
        down.set(n.linkIndex("AC"));
        assertEquals(100 + 10, new EcmpRouter(n, down).route(demands).unroutedBps());
    }

    @Test
    void badArguments() {
        Network n = net(2, List.of(l("AB", "A", "B", 1)));
        EcmpRouter r = new EcmpRouter(n);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> r.route(List.of(new Demand("A", "Z", 1))));
        assertTrue(e.getMessage().contains("'Z'"), e.getMessage());
        BitSet tooFar = new BitSet();
        tooFar.set(5);
        assertThrows(InvalidNetworkException.class, () -> new EcmpRouter(n, tooFar));
        assertThrows(InvalidNetworkException.class, () -> r.route(null));
        assertEquals(0, r.route(List.of()).totalLoadBps());
    }

    @Test
    void randomGraphsMatchPathEnumeration() {
        Random rnd = new Random(20240601);
        double[] decimalWeights = {0.1, 0.2, 0.3, 0.5, 0.7, 1.1};
        long totalPaths = 0;
        for (int g = 0; g < 300; g++) {
            int nodes = 2 + rnd.nextInt(8);
            int links = nodes + rnd.nextInt(2 * nodes + 1);
            boolean decimals = g % 3 == 2;
            List<Link> ls = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                int s = rnd.nextInt(nodes);
                int d = rnd.nextInt(nodes - 1);
                if (d >= s) {
                    d++;
                }
                double w = decimals ? decimalWeights[rnd.nextInt(decimalWeights.length)] : 1 + rnd.nextInt(3);
                ls.add(l("l" + i, String.valueOf((char) ('A' + s)), String.valueOf((char) ('A' + d)), w));
            }
            Network n = net(nodes, ls);
            BitSet down = new BitSet();
            if (rnd.nextInt(3) == 0) {
                for (int i = 0; i < links; i++) {
                    if (rnd.nextInt(5) == 0) {
                        down.set(i);
                    }
                }
            }
            List<Demand> demands = new ArrayList<>();
            for (int s = 0; s < nodes; s++) {
                for (int d = 0; d < nodes; d++) {
                    if (s != d && rnd.nextInt(3) > 0) {
                        demands.add(new Demand(n.nodes().get(s).name(), n.nodes().get(d).name(), 1e6 * (1 + rnd.nextInt(1000))));
                    }
                }
            }
            assertTrue(new EcmpRouter(n, down).exactWeights());
            assertMatchesReference(n, down, demands, "graph " + g);
            totalPaths += new ReferenceEcmp(n, down, demands).paths;
        }
        assertTrue(totalPaths > 3000, "the random graphs exercise many shortest paths: " + totalPaths);
    }
}
