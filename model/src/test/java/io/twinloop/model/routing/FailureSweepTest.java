package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.SharedData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.io.SndlibXmlImporter;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureSweepTest {

    /** Full re-route from scratch: failed links admin DOWN in a new network, failed nodes' demands removed. */
    private static RoutingResult fromScratch(Network n, List<Demand> demands, FailureSweep.Scenario s) {
        Set<String> failed = new HashSet<>(s.failedLinkIds());
        List<Link> links = new ArrayList<>();
        for (Link l : n.links()) {
            links.add(failed.contains(l.id()) ? l.withAdminState(LinkState.DOWN) : l);
        }
        Set<String> dead = new HashSet<>(s.failedNodes());
        List<Demand> alive = demands.stream().filter(d -> !dead.contains(d.src()) && !dead.contains(d.dst())).toList();
        return new EcmpRouter(n.withLinks(links)).route(alive);
    }

    private static double mlu(Network n, RoutingResult r, Set<String> failed) {
        double mlu = 0;
        for (int i = 0; i < n.links().size(); i++) {
            Link l = n.links().get(i);
            if (l.capacityBps() > 0 && l.carriesTraffic() && !failed.contains(l.id())) {
                mlu = Math.max(mlu, r.load(i) / l.capacityBps());
            }
        }
        return mlu;
    }

    private static void close(double a, double b, String what) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        assertTrue(Math.abs(a - b) <= 1e-9 * scale, what + ": incremental " + a + " vs from scratch " + b);
    }

    /** Every scenario: incremental loads, unrouted, MLU and disconnected pairs equal a full re-route. */
    static int checkAllScenarios(Network n, List<Demand> demands) {
        FailureSweep sweep = new FailureSweep(n, demands);
        int rerouted = 0;
        for (FailureSweep.Scenario s : sweep.scenarios()) {
            RoutingResult inc = sweep.route(s);
            RoutingResult ref = fromScratch(n, demands, s);
            for (int i = 0; i < n.links().size(); i++) {
                close(inc.load(i), ref.load(i), s.kind() + " " + s.id() + " link " + n.links().get(i).id());
            }
            close(inc.unroutedBps(), ref.unroutedBps(), s.id() + " unrouted");
            FailureSweep.ScenarioResult res = sweep.evaluate(s);
            close(res.maxLinkUtilization(), mlu(n, ref, new HashSet<>(s.failedLinkIds())), s.id() + " MLU");
            Set<OdPair> cut = new LinkedHashSet<>();
            for (Demand d : ref.unroutedDemands()) {
                cut.add(new OdPair(d.src(), d.dst()));
            }
            assertEquals(cut, new HashSet<>(res.disconnected()), s.id() + " disconnected pairs");
            rerouted += res.reroutedDestinations();
        }
        return rerouted;
    }

    @Test
    void abileneIncrementalEqualsFromScratch() {
        Network abilene = new SndlibXmlImporter().read("abilene", SharedData.bytes("topologies/sndlib/abilene.xml"));
        TrafficSeries series = TrafficCsvImporter.read(
                SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        List<Demand> demands = series.demandsAt(series.firstPresentRow());
        FailureSweep sweep = new FailureSweep(abilene, demands);
        assertEquals(15 + 12, sweep.scenarios().size(), "15 physical links + 12 nodes, no SRLGs");
        checkAllScenarios(abilene, demands);
    }

    @Test
    void geantWithARealTrafficRowIncrementalEqualsFromScratch() {
        Network geant = new SndlibXmlImporter().read("geant", SharedData.bytes("topologies/sndlib/geant.xml"));
        TrafficSeries series = TrafficCsvImporter.read(
                SharedData.require("traffic/geant/geant_sndlib_15min_20050504-20050506.csv"));
        List<Demand> demands = series.demandsAt(series.firstPresentRow());
        int rerouted = checkAllScenarios(geant, demands);
        FailureSweep sweep = new FailureSweep(geant, demands);
        assertEquals(36 + 22, sweep.scenarios().size());
        assertTrue(rerouted < sweep.scenarios().size() * 22, "the sweep must skip unaffected destinations");
        AtomicInteger calls = new AtomicInteger();
        FailureSweep.Result r = sweep.run(5, (done, total) -> calls.incrementAndGet(), 2);
        assertEquals(58, calls.get());
        assertEquals(5, r.worst().size());
        for (int i = 1; i < r.worst().size(); i++) {
            assertTrue(r.worst().get(i - 1).maxLinkUtilization() >= r.worst().get(i).maxLinkUtilization());
        }
        assertEquals(sweep.run(5).worst(), r.worst(), "threads do not change the result");
        // only the kinds asked for are evaluated, with the same results as in the full sweep
        AtomicInteger nodeCalls = new AtomicInteger();
        FailureSweep.Result nodes = sweep.run(30, (done, total) -> nodeCalls.incrementAndGet(), 1,
                java.util.EnumSet.of(FailureSweep.Kind.NODE));
        assertEquals(22, nodes.scenarioCount());
        assertEquals(22, nodeCalls.get());
        assertTrue(nodes.worst().stream().allMatch(x -> x.scenario().kind() == FailureSweep.Kind.NODE));
        List<FailureSweep.ScenarioResult> allNodes = sweep.run(58).worst().stream()
                .filter(x -> x.scenario().kind() == FailureSweep.Kind.NODE).toList();
        assertEquals(allNodes, nodes.worst().subList(0, allNodes.size()));
    }

    /** A random graph with parallel links, a few bridges, SRLGs, weights 1-3, a down link and a path policy. */
    @Test
    void seededRandomGraphIncrementalEqualsFromScratch() {
        Random rnd = new Random(20261126L);
        int nodes = 30;
        List<Node> ns = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ns.add(new Node("n" + i));
        }
        List<Link> links = new ArrayList<>();
        int e = 0;
        for (int i = 1; i < nodes; i++) { // a random tree keeps it connected (with bridges)
            int j = rnd.nextInt(i);
            e = addEdge(links, e, i, j, rnd);
        }
        for (int k = 0; k < 25; k++) {
            int i = rnd.nextInt(nodes);
            int j = rnd.nextInt(nodes);
            if (i != j) {
                e = addEdge(links, e, i, j, rnd);
            }
        }
        links.set(3, links.get(3).withAdminState(LinkState.DOWN));
        Network n = Network.of("random", ns, links, List.of());
        List<Demand> demands = new ArrayList<>();
        for (int s = 0; s < nodes; s++) {
            for (int t = 0; t < nodes; t++) {
                if (s != t && rnd.nextInt(3) > 0) {
                    demands.add(new Demand("n" + s, "n" + t, 1 + rnd.nextInt(1_000_000)));
                }
            }
        }
        // a policy along an existing 2-hop path
        Link first = links.get(10);
        Link second = links.stream().filter(l -> l.src().equals(first.dst()) && !l.dst().equals(first.src()))
                .findFirst().orElseThrow();
        PathPolicy p = new PathPolicy(first.src(), second.dst(), List.of(
                new WeightedPath(List.of(first.src(), first.dst(), second.dst()), 0.6),
                new WeightedPath(List.of(first.src(), first.dst(), second.dst()), 0.4)));
        n = n.withPathPolicies(List.of(p));
        demands.add(new Demand(p.src(), p.dst(), 5e6));
        checkAllScenarios(n, demands);
        FailureSweep.Result r = new FailureSweep(n, demands).run(3);
        assertFalse(r.disconnecting().isEmpty(), "tree edges are bridges");
        assertTrue(r.scenarioCount() > nodes + 3, "links, nodes and SRLGs");
    }

    private static int addEdge(List<Link> links, int e, int i, int j, Random rnd) {
        double w = 1 + rnd.nextInt(3);
        double cap = 1e9 * (1 + rnd.nextInt(4));
        List<String> srlg = rnd.nextInt(4) == 0 ? List.of("duct" + rnd.nextInt(3)) : List.of();
        links.add(new Link("e" + e, "n" + i, "n" + j, cap, w).withSrlgs(srlg));
        links.add(new Link("e" + e + "~rev", "n" + j, "n" + i, cap, w).withSrlgs(srlg));
        if (rnd.nextInt(10) == 0) { // a parallel pair
            e++;
            links.add(new Link("e" + e, "n" + i, "n" + j, cap, w));
            links.add(new Link("e" + e + "~rev", "n" + j, "n" + i, cap, w));
        }
        return e + 1;
    }

    @Test
    void bridgeFailureDisconnectsAndNodeFailureStrandsItsTraffic() {
        // A - B - C chain plus nothing else: every link is a bridge
        Network n = Network.of("chain", List.of(new Node("A"), new Node("B"), new Node("C")),
                List.of(new Link("ab", "A", "B", 100, 1), new Link("ab~rev", "B", "A", 100, 1),
                        new Link("bc", "B", "C", 100, 1), new Link("bc~rev", "C", "B", 100, 1)),
                List.of());
        List<Demand> d = List.of(new Demand("A", "C", 10), new Demand("B", "C", 20), new Demand("C", "A", 5));
        FailureSweep sweep = new FailureSweep(n, d);
        FailureSweep.Result r = sweep.run(10);
        assertEquals(0.3, r.baseline().maxLinkUtilization(), 1e-12);
        assertEquals("bc", r.baseline().bottleneckLinkId());
        FailureSweep.ScenarioResult bc = r.worst().stream().filter(x -> x.scenario().id().equals("bc")).findFirst()
                .orElseThrow();
        assertEquals(35, bc.unroutedBps(), 1e-12);
        assertEquals(Set.of(new OdPair("A", "C"), new OdPair("B", "C"), new OdPair("C", "A")), Set.copyOf(bc.disconnected()));
        FailureSweep.ScenarioResult nodeB = sweep.evaluate(sweep.scenarios().stream()
                .filter(s -> s.kind() == FailureSweep.Kind.NODE && s.id().equals("B")).findFirst().orElseThrow());
        assertEquals(20, nodeB.strandedBps(), 1e-12);
        assertEquals(15, nodeB.unroutedBps(), 1e-12);
        FailureSweep.ScenarioResult nodeC = sweep.evaluate(sweep.scenarios().stream()
                .filter(s -> s.kind() == FailureSweep.Kind.NODE && s.id().equals("C")).findFirst().orElseThrow());
        assertEquals(35, nodeC.strandedBps(), 1e-12);
        assertEquals(0, nodeC.unroutedBps());
        assertTrue(nodeC.disconnected().isEmpty());
        assertEquals(List.of("ab", "bc", "A", "B", "C"), sweep.scenarios().stream().map(FailureSweep.Scenario::id).toList());
    }
    @Test
    void directedFileCablesAreOneScenarioWithBothDirections() {
        // the FIGRET GEANT JSON is "directed": 72 links, every one with exactly one link the other way
        Network figret = io.twinloop.model.io.TopologyImporters.read(
                SharedData.require("topologies/figret/GEANT22_dote_order.json"));
        List<Demand> demands = new ArrayList<>();
        for (Node a : figret.nodes()) {
            for (Node b : figret.nodes()) {
                if (!a.equals(b)) {
                    demands.add(new Demand(a.name(), b.name(), 1e6 * (1 + (a.name().hashCode() ^ b.name().hashCode()) % 7)));
                }
            }
        }
        FailureSweep sweep = new FailureSweep(figret, demands);
        List<FailureSweep.Scenario> links = sweep.scenarios().stream()
                .filter(s -> s.kind() == FailureSweep.Kind.LINK).toList();
        assertEquals(36, links.size(), "72 directed links = 36 cables");
        Set<String> seen = new HashSet<>();
        for (FailureSweep.Scenario s : links) {
            assertEquals(2, s.failedLinkIds().size(), s.id());
            Link a = figret.link(s.failedLinkIds().get(0)).orElseThrow();
            Link b = figret.link(s.failedLinkIds().get(1)).orElseThrow();
            assertEquals(a.src(), b.dst());
            assertEquals(a.dst(), b.src());
            assertEquals(a.id(), s.id());
            assertTrue(seen.add(a.id()) && seen.add(b.id()), "each directed link in one scenario only");
        }
        assertEquals(72, seen.size());
        checkAllScenarios(figret, demands);

        // parallel links one way, or a one-way link: no pairing, one scenario per directed link
        Network odd = Network.of("odd", List.of(new Node("A"), new Node("B"), new Node("C")),
                List.of(new Link("x1", "A", "B", 100, 1), new Link("x2", "A", "B", 100, 1),
                        new Link("y", "B", "A", 100, 1), new Link("z", "B", "C", 100, 1),
                        new Link("c1", "C", "A", 100, 1), new Link("c2", "A", "C", 100, 1)),
                List.of());
        List<List<String>> got = new FailureSweep(odd, List.of(new Demand("A", "C", 1))).scenarios().stream()
                .filter(s -> s.kind() == FailureSweep.Kind.LINK).map(FailureSweep.Scenario::failedLinkIds).toList();
        assertEquals(List.of(List.of("x1"), List.of("x2"), List.of("y"), List.of("z"), List.of("c1", "c2")), got);
    }

    /** A ring of {@code nodes} nodes with a demand between every pair: every link and node is a scenario. */
    private static FailureSweep ring(int nodes) {
        List<Node> ns = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<Demand> demands = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ns.add(new Node("n" + i));
            int j = (i + 1) % nodes;
            links.add(new Link("e" + i, "n" + i, "n" + j, 1e9, 1));
            links.add(new Link("e" + i + "~rev", "n" + j, "n" + i, 1e9, 1));
            for (int k = 0; k < nodes; k++) {
                if (k != i) {
                    demands.add(new Demand("n" + i, "n" + k, 1e6));
                }
            }
        }
        return new FailureSweep(Network.of("ring", ns, links, List.of()), demands);
    }

    @Test
    void aStoppedSweepStartsNoFurtherScenarioAndGivesNoResult() {
        FailureSweep sweep = ring(12);
        int total = sweep.scenarios().size();
        assertTrue(total >= 24, "12 links and 12 nodes, got " + total);
        AtomicInteger evaluated = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean gaveUp = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CancellationException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CancellationException.class,
                () -> sweep.run(3, (done, all) -> {
                    evaluated.set(done);
                    if (done == 5) {
                        gaveUp.set(true);
                    }
                }, 1, java.util.EnumSet.allOf(FailureSweep.Kind.class), gaveUp::get));
        assertEquals(5, evaluated.get(), "one thread: nothing after the scenario during which the caller gave up");
        assertEquals("failure sweep stopped after 5 of " + total + " scenarios", e.getMessage());

        // two threads: a stop that lets exactly five scenarios start
        AtomicInteger twoThreads = new AtomicInteger();
        AtomicInteger asked = new AtomicInteger();
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
                () -> sweep.run(3, (done, all) -> twoThreads.incrementAndGet(), 2,
                        java.util.EnumSet.allOf(FailureSweep.Kind.class), () -> asked.incrementAndGet() > 5));
        assertEquals(5, twoThreads.get(), "two threads: only the scenarios started before the stop are evaluated");

        // never stopped: the same sweep gives its full result
        assertEquals(total, sweep.run(3, null, 2, java.util.EnumSet.allOf(FailureSweep.Kind.class), () -> false)
                .scenarioCount());
    }
}
