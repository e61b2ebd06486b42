package io.twinloop.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    private static final List<Node> NODES = List.of(new Node("a", new Coordinates(2.35, 48.86)), new Node("b"), new Node("c"));
    private static final List<Link> LINKS = List.of(new Link("ab", "a", "b", 10e9, 1), new Link("bc", "b", "c", 10e9, 2));

    private static void invalid(String field, String reasonPart, Executable ex) {
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, ex);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
        assertTrue(e.getMessage().contains(field) && e.getMessage().contains(e.reason()));
    }

    @Test
    void lookupsAndCopies() {
        List<Demand> demands = new ArrayList<>(List.of(new Demand("a", "c", 5e6)));
        Network n = Network.of("net", NODES, LINKS, demands);
        demands.clear();
        assertEquals(1, n.demands().size(), "the network keeps its own copy");
        assertThrows(UnsupportedOperationException.class, () -> n.links().add(LINKS.get(0)));
        assertEquals(1, n.nodeIndex("b"));
        assertEquals(-1, n.nodeIndex("zz"));
        assertEquals(-1, n.nodeIndex(null));
        assertEquals(1, n.linkIndex("bc"));
        assertEquals(-1, n.linkIndex("nope"));
        assertEquals(LINKS.get(1), n.link("bc").orElseThrow());
        assertTrue(n.link("nope").isEmpty());
        Network w = n.withLinks(List.of(LINKS.get(0)));
        assertEquals(1, w.links().size());
        assertEquals(2, n.links().size());
        assertEquals(List.of(), n.withDemands(List.of()).demands());
        assertEquals(n, Network.of("net", NODES, LINKS, List.of(new Demand("a", "c", 5e6))));
        assertNotEquals(n, n.withName("other"));
        assertEquals(5e6, n.totalDemandBps());
    }

    @Test
    void networkValidation() {
        invalid("nodes[1].name", "duplicate node name 'a'",
                () -> Network.of("n", List.of(new Node("a"), new Node("a")), List.of(), List.of()));
        invalid("links[ab].id", "duplicate link id", () -> Network.of("n", NODES, List.of(LINKS.get(0), LINKS.get(0)), List.of()));
        invalid("links[ax].dst", "unknown node 'x'", () -> Network.of("n", NODES, List.of(new Link("ax", "a", "x", 1, 1)), List.of()));
        invalid("demands[0].src", "unknown node 'q'", () -> Network.of("n", NODES, LINKS, List.of(new Demand("q", "a", 1))));
        invalid("network.name", "blank", () -> Network.of(" ", NODES, LINKS, List.of()));
        invalid("links", "must not be null", () -> Network.of("n", NODES, null, List.of()));
        List<Node> withNull = new ArrayList<>(NODES);
        withNull.add(null);
        invalid("nodes[3]", "must not be null", () -> Network.of("n", withNull, List.of(), List.of()));
    }

    @Test
    void recordValidation() {
        invalid("links[l].capacityBps", ">= 0", () -> new Link("l", "a", "b", -1, 1));
        invalid("links[l].capacityBps", "finite", () -> new Link("l", "a", "b", Double.POSITIVE_INFINITY, 1));
        invalid("links[l].igpWeight", "> 0", () -> new Link("l", "a", "b", 1, 0));
        invalid("links[l].igpWeight", "finite", () -> new Link("l", "a", "b", 1, Double.NaN));
        invalid("links[l]", "self-loop", () -> new Link("l", "a", "a", 1, 1));
        invalid("link.id", "blank", () -> new Link(" ", "a", "b", 1, 1));
        invalid("links[l].latencyMs", ">= 0", () -> new Link("l", "a", "b", 1, 1, -2, 0));
        invalid("links[l].powerW", "finite", () -> new Link("l", "a", "b", 1, 1, Double.NaN, Double.NaN));
        assertTrue(Double.isNaN(new Link("l", "a", "b", 1, 1).latencyMs()), "NaN latency = unknown");
        invalid("demand[a->b].rateBps", ">= 0", () -> new Demand("a", "b", -5));
        invalid("demand[a->a]", "differ", () -> new Demand("a", "a", 5));
        invalid("demand.src", "null", () -> new Demand(null, "a", 5));
        invalid("node.name", "blank", () -> new Node(""));
        invalid("coordinates.latitude", "finite", () -> new Coordinates(1, Double.NaN));
        invalid("odPair[x->x]", "differ", () -> new OdPair("x", "x"));
        assertEquals(new Link("l", "a", "b", 1, 5), new Link("l", "a", "b", 1, 1).withIgpWeight(5));
    }

    @Test
    void trafficSamplesAreImmutableValues() {
        double[] rates = {1, 2};
        TrafficSample s = new TrafficSample("t", false, rates);
        rates[0] = 99;
        assertEquals(1, s.rateBps(0));
        double[] out = s.ratesBps();
        out[1] = 99;
        assertEquals(2, s.rateBps(1));
        assertNotSame(s.ratesBps(), s.ratesBps());
        assertEquals(s, new TrafficSample("t", false, new double[] {1, 2}));
        assertEquals(new TrafficSample("t", false, new double[] {-0.0}), new TrafficSample("t", false, new double[] {0.0}));
        invalid("sample[t].ratesBps[1]", ">= 0", () -> new TrafficSample("t", false, new double[] {1, -1}));
        invalid("samples[0]", "has 1 rates but the series has 2 OD pairs",
                () -> new TrafficSeries(List.of(new OdPair("a", "b"), new OdPair("b", "a")),
                        List.of(new TrafficSample("t", false, new double[] {1}))));
        invalid("pairs[1]", "duplicate OD pair a->b",
                () -> new TrafficSeries(List.of(new OdPair("a", "b"), new OdPair("a", "b")), List.of()));
    }

    @Test
    void coordinatesDistance() {
        Coordinates paris = new Coordinates(2.3522, 48.8566);
        Coordinates london = new Coordinates(-0.1276, 51.5072);
        assertEquals(344, paris.distanceKm(london), 3);
        assertTrue(paris.isGeographic());
        assertTrue(!new Coordinates(500, 20).isGeographic());
    }
}
