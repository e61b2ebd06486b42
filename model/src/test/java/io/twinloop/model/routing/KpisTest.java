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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KpisTest {

    private static final Network TRIANGLE = Network.of("tri", List.of(new Node("a"), new Node("b"), new Node("c")),
            List.of(new Link("ab", "a", "b", 100, 1), new Link("bc", "b", "c", 200, 1), new Link("ca", "c", "a", 0, 1),
                    new Link("ac", "a", "c", 400, 1)), List.of());

    @Test
    void tinyHandExample() {
        // loads: ab 50 (u 0.5), bc 300 (u 1.5, 100 over), ca 10 on capacity 0 (u +inf, 10 over), ac 0 (u 0)
        RoutingResult r = new RoutingResult(new double[] {50, 300, 10, 0}, 7, List.of(new Demand("a", "b", 7)));
        Kpis k = Kpis.of(TRIANGLE, r);
        assertEquals(Double.POSITIVE_INFINITY, k.maxLinkUtilization(), "a loaded link without capacity is not hidden");
        assertEquals(Double.POSITIVE_INFINITY, k.meanLinkUtilization());
        assertEquals(Double.POSITIVE_INFINITY, k.p95LinkUtilization(), "nearest rank ceil(0.95 * 4) = 4th of [0, 0.5, 1.5, inf]");
        assertEquals(360, k.totalLoadBps());
        assertEquals(110, k.overloadedBps());
        assertEquals(2, k.linksOverloaded());
        assertEquals(7, k.unroutedBps());
        // without the load on ca, ca has no utilisation and the statistics are those of the other three
        Kpis idle = Kpis.of(TRIANGLE, new RoutingResult(new double[] {50, 300, 0, 0}, 0, List.of()));
        assertEquals(1.5, idle.maxLinkUtilization());
        assertEquals((0.5 + 1.5 + 0) / 3, idle.meanLinkUtilization(), 1e-15);
        assertEquals(1, idle.linksOverloaded());
    }

    @Test
    void aZeroCapacityLinkOnTheRoutedPathMakesTheMluInfiniteAndCountsAsOverloaded() {
        // a -> b -> c is the only path from a to c (weights 1 + 1 < 5 via the direct link ac): 8 units cross bc
        Network net = Network.of("zero", List.of(new Node("a"), new Node("b"), new Node("c")),
                List.of(new Link("ab", "a", "b", 100, 1), new Link("bc", "b", "c", 0, 1), new Link("ac", "a", "c", 100, 5)),
                List.of());
        RoutingResult r = new EcmpRouter(net).route(List.of(new Demand("a", "c", 8)));
        assertEquals(8, r.load(1), "bc carries the demand");
        Kpis k = Kpis.of(net, r);
        assertEquals(Double.POSITIVE_INFINITY, k.maxLinkUtilization());
        assertEquals(1, k.linksOverloaded());
        assertEquals(8, k.overloadedBps());
        assertEquals(Double.POSITIVE_INFINITY, Kpis.utilization(r.load(1), 0));
        assertEquals(0.08, Kpis.utilization(r.load(0), 100), 1e-15);
        assertEquals(0, Kpis.utilization(0, 0), "no load, no capacity: nothing to report");
    }

    @Test
    void downLinksAreLeftOutOfUtilisation() {
        BitSet down = new BitSet();
        down.set(3); // ac
        Kpis k = Kpis.of(TRIANGLE, new RoutingResult(new double[] {50, 100, 0, 0}, 0, List.of()), down);
        assertEquals(0.5, k.maxLinkUtilization());
        assertEquals(0.5, k.meanLinkUtilization(), 1e-15, "(0.5 + 0.5) / 2: ac (down) and ca (no capacity, no load) excluded");
        assertEquals(0, k.linksOverloaded());
    }

    @Test
    void p95IsTheNearestRank() {
        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        double[] loads = new double[40];
        for (int i = 0; i <= 40; i++) {
            nodes.add(new Node("n" + i));
        }
        for (int i = 0; i < 40; i++) {
            links.add(new Link("l" + i, "n" + i, "n" + (i + 1), 100, 1));
            loads[i] = i + 1; // utilisations 0.01 .. 0.40
        }
        Network n = Network.of("chain", nodes, links, List.of());
        Kpis k = Kpis.of(n, new RoutingResult(loads, 0, List.of()));
        assertEquals(0.38, k.p95LinkUtilization(), 1e-15, "ceil(0.95 * 40) = 38th smallest");
        assertEquals(0.40, k.maxLinkUtilization(), 1e-15);
        assertEquals(0.205, k.meanLinkUtilization(), 1e-12);
    }

    @Test
    void endToEndWithTheRouterAndBadInput() {
        Network n = Network.of("ab", List.of(new Node("a"), new Node("b")),
                List.of(new Link("ab", "a", "b", 1e9, 1), new Link("ba", "b", "a", 1e9, 1)), List.of());
        RoutingResult r = new EcmpRouter(n).route(List.of(new Demand("a", "b", 2.5e9)));
        Kpis k = Kpis.of(n, r);
        assertEquals(2.5, k.maxLinkUtilization());
        assertEquals(1.25, k.meanLinkUtilization());
        assertEquals(1.5e9, k.overloadedBps());
        assertThrows(InvalidNetworkException.class, () -> Kpis.of(n, new RoutingResult(new double[3], 0, List.of())));
        assertThrows(InvalidNetworkException.class, () -> new RoutingResult(new double[] {-1}, 0, List.of()));
        assertThrows(InvalidNetworkException.class, () -> new Kpis(Double.NaN, 0, 0, 0, 0, 0, 0));
    }
}
