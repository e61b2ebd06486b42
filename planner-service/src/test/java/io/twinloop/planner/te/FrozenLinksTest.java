package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.rules.Guardrails;
import io.twinloop.model.rules.PlanChecks;
import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected (frozen) links in the TE optimizer: no policy it plans routes over one, and its MLU is
 * the best one without them. The reference is independent of the LP: for one demand, the lowest MLU
 * over paths that avoid the frozen links is {@code rate / maxflow} on the network without them
 * (JGraphT's Edmonds-Karp), and a demand whose IGP route crosses a frozen link may also stay on it,
 * so the optimum is the lower of that and its IGP route's MLU.
 */
class FrozenLinksTest {

    private static final double RATE = 30;

    /** A->D direct (IGP 1) and A->B->D, A->C->D (IGP 2), every link 10 b/s: IGP puts all 30 on AD. */
    private static Network diamond(double directCapacity, double sideCapacity) {
        return MinMluSolverTest.net(List.of("A", "B", "C", "D"), List.of(
                MinMluSolverTest.link("A", "D", directCapacity, 1),
                MinMluSolverTest.link("A", "B", sideCapacity, 1), MinMluSolverTest.link("B", "D", sideCapacity, 1),
                MinMluSolverTest.link("A", "C", sideCapacity, 1), MinMluSolverTest.link("C", "D", sideCapacity, 1)));
    }

    private static TePlanner.Result plan(Network n, List<Demand> d, Set<String> frozen) {
        return new TePlanner(MinMluSolver.Options.minMlu().withFrozenLinks(frozen))
                .minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
    }

    /** The lowest MLU of one demand over paths that avoid {@code frozen}, or its IGP route's if lower. */
    private static double reference(Network n, Demand d, Set<String> frozen) {
        SimpleDirectedWeightedGraph<String, DefaultWeightedEdge> g =
                new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        n.nodes().forEach(v -> g.addVertex(v.name()));
        for (Link l : n.links()) {
            if (!frozen.contains(l.id())) {
                g.setEdgeWeight(g.addEdge(l.src(), l.dst()), l.capacityBps());
            }
        }
        double flow = new EdmondsKarpMFImpl<>(g).getMaximumFlowValue(d.src(), d.dst());
        double igp = MinMluSolverTest.mlu(n, new EcmpRouter(n).route(List.of(d)));
        return flow > 0 ? Math.min(igp, d.rateBps() / flow) : igp;
    }

    private static void assertAvoids(Network n, List<PlanAction> actions, Set<String> frozen) {
        PlanChecks.Verdict v = new PlanChecks(Guardrails.protecting(Integer.MAX_VALUE, frozen, Set.of()), n)
                .check(actions);
        assertTrue(v.accepted(), v.reasons().toString());
    }

    @Test
    void aFrozenSidePathLeavesTheOtherTwo() {
        Network n = diamond(10, 10);
        List<Demand> d = List.of(new Demand("A", "D", RATE));
        TePlanner.Result free = plan(n, d, Set.of());
        assertEquals(1.0, free.worstMlu(), 1e-6); // 30 over three paths of 10
        assertEquals(reference(n, d.get(0), Set.of()), free.worstMlu(), 1e-6);

        TePlanner.Result r = plan(n, d, Set.of("AB"));
        assertEquals(1.5, r.worstMlu(), 1e-6); // AB frozen: 15 direct, 15 via C
        assertEquals(reference(n, d.get(0), Set.of("AB")), r.worstMlu(), 1e-6);
        assertEquals(1.5, MinMluSolverTest.routedMlu(n, r, d), 1e-6);
        assertAvoids(n, r.plan().actions(), Set.of("AB"));
        // the unconstrained plan does route over AB: the guard would have dropped it
        assertFalse(new PlanChecks(Guardrails.protecting(Integer.MAX_VALUE, Set.of("AB"), Set.of()), n)
                .check(free.plan().actions()).accepted());
    }

    @Test
    void aDemandOnAFrozenLinkMovesWholeWhenThatIsBetter() {
        Network n = diamond(10, 10);
        List<Demand> d = List.of(new Demand("A", "D", RATE));
        TePlanner.Result r = plan(n, d, Set.of("AD"));
        // staying on AD is 3.0; moving off it whole is 30 over B and C: 1.5. A split with AD would be 1.0,
        // but its policy would route over AD
        assertEquals(1.5, r.worstMlu(), 1e-6);
        assertEquals(reference(n, d.get(0), Set.of("AD")), r.worstMlu(), 1e-6);
        assertAvoids(n, r.plan().actions(), Set.of("AD"));
        SetPathPolicy p = (SetPathPolicy) r.plan().actions().get(0);
        p.paths().forEach(w -> assertFalse(w.nodes().equals(List.of("A", "D")), p.toString()));
    }

    @Test
    void aDemandOnAFrozenLinkStaysWhenMovingWholeIsWorse() {
        Network n = diamond(100, 1); // AD carries 30 at 30 %; B and C together take only 2
        List<Demand> d = List.of(new Demand("A", "D", RATE));
        TePlanner.Result r = plan(n, d, Set.of("AD"));
        assertEquals(0.3, r.worstMlu(), 1e-9);
        assertEquals(reference(n, d.get(0), Set.of("AD")), r.worstMlu(), 1e-9);
        assertTrue(r.plan().isEmpty(), r.plan().toString());
    }

    @Test
    void randomNetworksReachTheMaxFlowOptimumWithoutTheFrozenLinks() {
        Random rnd = new Random(20261207);
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            int nodes = 5 + rnd.nextInt(3);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                names.add("N" + i);
            }
            List<Link> links = new ArrayList<>();
            for (int u = 0; u < nodes; u++) {
                for (int v = 0; v < nodes; v++) {
                    if (u != v && rnd.nextDouble() < 0.4) {
                        links.add(MinMluSolverTest.link(names.get(u), names.get(v), 5 + rnd.nextInt(16),
                                1 + rnd.nextInt(3)));
                    }
                }
            }
            Network n = MinMluSolverTest.net(names, links);
            Demand d = new Demand("N0", "N" + (nodes - 1), 20);
            if (links.size() < 2 || n.nodeIndex("N0") < 0
                    || Double.isInfinite(new TeGraph(n, new BitSet()).distancesTo(nodes - 1)[0])) {
                continue;
            }
            Set<String> frozen = new HashSet<>(List.of(links.get(rnd.nextInt(links.size())).id(),
                    links.get(rnd.nextInt(links.size())).id()));
            TePlanner.Result r = plan(n, List.of(d), frozen);
            double expected = reference(n, d, frozen);
            assertEquals(expected, r.worstMlu(), 1e-6 * Math.max(1, expected), "trial " + trial + " frozen " + frozen);
            assertAvoids(n, r.plan().actions(), frozen);
            checked++;
        }
        assertTrue(checked >= 30, "only " + checked + " connected trials");
    }
}
