package io.twinloop.planner.te;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The min-MLU LP and the plans built from it, on hand-solvable and random networks. */
class MinMluSolverTest {

    static Link link(String a, String b, double cap, double w) {
        return new Link(a + b, a, b, cap, w, 1.0, 0.0);
    }

    static Network net(List<String> nodes, List<Link> links) {
        return new Network("t", nodes.stream().map(Node::new).toList(), links, List.of());
    }

    /** MLU from raw loads and capacities (not the model's Kpis). */
    static double mlu(Network n, RoutingResult r) {
        double max = 0;
        for (int i = 0; i < n.links().size(); i++) {
            Link l = n.links().get(i);
            if (l.capacityBps() > 0 && l.carriesTraffic()) {
                max = Math.max(max, r.load(i) / l.capacityBps());
            }
        }
        return max;
    }

    static double routedMlu(Network n, TePlanner.Result r, List<Demand> demands) {
        Network planned = r.plan().applyTo(n);
        RoutingResult rr = new EcmpRouter(planned).route(demands);
        assertEquals(0.0, rr.unroutedBps(), 1e-9, "the plan leaves traffic unrouted");
        return mlu(planned, rr);
    }

    @Test
    void twoParallelPathsSplitTwoToOne() {
        // A->B direct (cap 10, IGP 1) and A->C->B (cap 5 each, IGP 1+1): IGP sends all 12 direct (MLU 1.2);
        // the optimum x/10 = (12-x)/5 gives x = 8: 2/3 direct, 1/3 via C, MLU 0.8
        Network n = net(List.of("A", "B", "C"), List.of(link("A", "B", 10, 1), link("A", "C", 5, 1),
                link("C", "B", 5, 1)));
        List<Demand> d = List.of(new Demand("A", "B", 12));
        TePlanner.Result r = new TePlanner().minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
        assertEquals(0.8, r.lpMlu(), 1e-9);
        assertEquals(0.8, r.kpis().maxLinkUtilization(), 1e-9);
        assertEquals(0.8, routedMlu(n, r, d), 1e-9);
        assertEquals(1, r.plan().actions().size());
        SetPathPolicy p = (SetPathPolicy) r.plan().actions().get(0);
        Map<List<String>, Double> split = new java.util.HashMap<>();
        p.paths().forEach(w -> split.put(w.nodes(), w.fraction()));
        assertEquals(2.0 / 3, split.get(List.of("A", "B")), 1e-9);
        assertEquals(1.0 / 3, split.get(List.of("A", "C", "B")), 1e-9);
        // AC and CB are in series: the dual may price either (degenerate), AB always
        List<String> binding = r.rationale().bindingLinkIds();
        assertTrue(binding.contains("AB") && (binding.contains("AC") || binding.contains("CB")), binding.toString());
        assertTrue(r.exact());
    }

    @Test
    void triangleWithCompetingDemandHasOptimumOne() {
        // A->B 15 can go direct or via C; C->B 5 shares C->B. x1 = 5 + x2, x1 + x2 = 15: x1 = 10, MLU 1.0
        List<Link> links = new ArrayList<>();
        for (String[] e : new String[][] {{"A", "B"}, {"B", "A"}, {"A", "C"}, {"C", "A"}, {"B", "C"}, {"C", "B"}}) {
            links.add(link(e[0], e[1], 10, 1));
        }
        Network n = net(List.of("A", "B", "C"), links);
        List<Demand> d = List.of(new Demand("A", "B", 15), new Demand("C", "B", 5));
        for (int k : new int[] {0, 1, 4}) {
            TePlanner.Result r = new TePlanner(MinMluSolver.Options.minMlu().withCandidates(k,
                    CandidatePaths.Mode.DISJOINT_FIRST)).minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
            assertEquals(1.0, r.lpMlu(), 1e-9, "k=" + k);
            assertEquals(1.0, routedMlu(n, r, d), 1e-9, "k=" + k);
        }
        // ECMP: A->B all direct, 1.5
        assertEquals(1.5, mlu(n, new EcmpRouter(n).route(d)), 1e-12);
    }

    @Test
    void restrictedToCandidatesWithoutColumnGenerationCanBeWorse() {
        // with only the shortest path and no pricing the LP cannot improve on IGP
        Network n = net(List.of("A", "B", "C"), List.of(link("A", "B", 10, 1), link("A", "C", 5, 1),
                link("C", "B", 5, 1)));
        List<Demand> d = List.of(new Demand("A", "B", 12));
        TePlanner.Result r = new TePlanner(MinMluSolver.Options.minMlu().withCandidates(1, CandidatePaths.Mode.YEN)
                .withColumnGeneration(false)).minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
        assertEquals(1.2, r.lpMlu(), 1e-9);
        assertFalse(r.exact());
    }

    /** A random connected directed graph: a bidirectional ring plus random chords, random capacities. */
    static Network random(long seed, int n, int chords) {
        Random rnd = new Random(seed);
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add("n" + i);
        }
        List<Link> links = new ArrayList<>();
        java.util.Set<String> have = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            addBoth(links, have, nodes.get(i), nodes.get(j), 10 + rnd.nextInt(90), 1 + rnd.nextInt(3));
        }
        for (int c = 0; c < chords; c++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i != j) {
                addBoth(links, have, nodes.get(i), nodes.get(j), 10 + rnd.nextInt(90), 1 + rnd.nextInt(3));
            }
        }
        return net(nodes, links);
    }

    private static void addBoth(List<Link> links, java.util.Set<String> have, String a, String b, double cap, double w) {
        // no parallel links: a policy splits a hop equally over parallel links, the edge LP does not
        if (have.add(a + "|" + b) && have.add(b + "|" + a)) {
            links.add(new Link(a + "-" + b, a, b, cap, w, 1.0, 0.0));
            links.add(new Link(a + "-" + b + "~rev", b, a, cap, w, 1.0, 0.0));
        }
    }

    static List<Demand> randomDemands(Network n, long seed) {
        Random rnd = new Random(seed);
        List<Demand> out = new ArrayList<>();
        for (Node s : n.nodes()) {
            for (Node t : n.nodes()) {
                if (!s.equals(t) && rnd.nextDouble() < 0.6) {
                    out.add(new Demand(s.name(), t.name(), 1 + rnd.nextInt(20)));
                }
            }
        }
        return out;
    }

    /**
     * Independent exact optimum: the edge-based multicommodity-flow LP (commodities by source), built
     * here directly on GLOP without any of the planner's code.
     */
    static double edgeLpOptimum(Network n, List<Demand> demands) {
        MPSolver s = MPSolver.createSolver("GLOP");
        try {
            double inf = MPSolver.infinity();
            MPVariable u = s.makeNumVar(0, inf, "U");
            s.objective().setCoefficient(u, 1);
            s.objective().setMinimization();
            int nn = n.nodes().size();
            int m = n.links().size();
            // rates and capacities in units of the largest capacity: U is scale-free, GLOP's tolerances are not
            double unit = n.links().stream().mapToDouble(Link::capacityBps).max().orElse(1);
            MPConstraint[] cap = new MPConstraint[m];
            for (int l = 0; l < m; l++) {
                cap[l] = s.makeConstraint(-inf, 0);
                cap[l].setCoefficient(u, -n.links().get(l).capacityBps() / unit);
            }
            for (int src = 0; src < nn; src++) {
                double[] b = new double[nn];
                boolean any = false;
                for (Demand d : demands) {
                    if (n.nodeIndex(d.src()) == src) {
                        b[src] += d.rateBps() / unit;
                        b[n.nodeIndex(d.dst())] -= d.rateBps() / unit;
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                MPConstraint[] cons = new MPConstraint[nn];
                for (int v = 0; v < nn; v++) {
                    cons[v] = s.makeConstraint(b[v], b[v]);
                }
                for (int l = 0; l < m; l++) {
                    Link link = n.links().get(l);
                    MPVariable f = s.makeNumVar(0, inf, "");
                    cons[n.nodeIndex(link.src())].setCoefficient(f, 1);
                    cons[n.nodeIndex(link.dst())].setCoefficient(f, -1);
                    cap[l].setCoefficient(f, 1);
                }
            }
            assertEquals(MPSolver.ResultStatus.OPTIMAL, s.solve());
            return u.solutionValue();
        } finally {
            s.delete();
        }
    }

    @Test
    void randomNetworksMatchTheEdgeLpAndNeverLoseToEcmp() {
        for (long seed = 1; seed <= 12; seed++) {
            Network n = random(seed, 6 + (int) (seed % 5), 4 + (int) seed);
            List<Demand> d = randomDemands(n, seed * 31);
            double ecmp = mlu(n, new EcmpRouter(n).route(d));
            double exact = edgeLpOptimum(n, d);
            for (int k : new int[] {0, 2, 4}) {
                TePlanner.Result r = new TePlanner(MinMluSolver.Options.minMlu().withCandidates(k,
                        CandidatePaths.Mode.DISJOINT_FIRST)).minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
                String at = "seed " + seed + " k " + k;
                assertTrue(r.exact(), at);
                assertEquals(exact, r.lpMlu(), 1e-6 * exact, at + ": column generation must reach the edge-LP optimum");
                double routed = routedMlu(n, r, d);
                assertEquals(r.lpMlu(), routed, 1e-6 * Math.max(1, r.lpMlu()), at + ": routed plan != LP");
                assertEquals(routed, r.kpis().maxLinkUtilization(), 1e-12, at);
                assertTrue(routed <= ecmp * (1 + 1e-9), at + ": LP " + routed + " > ECMP " + ecmp);
            }
            // restricted to k candidates the LP is never below the optimum and never above ECMP
            TePlanner.Result k2 = new TePlanner(MinMluSolver.Options.minMlu().withCandidates(2, CandidatePaths.Mode.YEN)
                    .withColumnGeneration(false)).minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
            assertTrue(k2.lpMlu() >= exact * (1 - 1e-6) && k2.lpMlu() <= ecmp * (1 + 1e-9), "seed " + seed);
        }
    }

    @Test
    void churnLimitIsRespectedAndUsesTheBestPairs() {
        Network n = random(7, 9, 8);
        List<Demand> d = randomDemands(n, 99);
        TePlanner te = new TePlanner();
        TePlanner.Result free = te.minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
        assertTrue(free.plan().actions().size() > 2, "the test needs a plan with more than 2 changes");
        TePlanner.Result two = te.minMlu(n, new BitSet(), List.of(d), 2);
        assertTrue(two.plan().actions().size() <= 2);
        assertEquals(two.plan().actions().size(), two.churn());
        double ecmp = mlu(n, new EcmpRouter(n).route(d));
        assertTrue(two.worstMlu() <= ecmp * (1 + 1e-9));
        assertTrue(two.worstMlu() >= free.worstMlu() * (1 - 1e-9));
        assertEquals(two.lpMlu(), routedMlu(n, two, d), 1e-6);
        TePlanner.Result none = te.minMlu(n, new BitSet(), List.of(d), 0);
        assertTrue(none.plan().isEmpty());
        assertEquals(ecmp, none.worstMlu(), 1e-9);
    }

    @Test
    void robustPlanMinimisesTheWorstSample() {
        Network n = random(3, 8, 6);
        List<Demand> a = randomDemands(n, 1);
        List<Demand> b = randomDemands(n, 2);
        TePlanner.Result r = new TePlanner().minMlu(n, new BitSet(), List.of(a, b), Integer.MAX_VALUE);
        double worst = Math.max(routedMlu(n, r, a), routedMlu(n, r, b));
        assertEquals(r.lpMlu(), worst, 1e-6);
        assertEquals(worst, r.worstMlu(), 1e-9);
        // at least as good as each single-sample optimum on its own sample, no better than the worse of them
        double ea = new TePlanner().minMlu(n, new BitSet(), List.of(a), Integer.MAX_VALUE).lpMlu();
        double eb = new TePlanner().minMlu(n, new BitSet(), List.of(b), Integer.MAX_VALUE).lpMlu();
        assertTrue(worst >= Math.max(ea, eb) * (1 - 1e-6));
        double ecmpWorst = Math.max(mlu(n, new EcmpRouter(n).route(a)), mlu(n, new EcmpRouter(n).route(b)));
        assertTrue(worst <= ecmpWorst * (1 + 1e-9));
    }

    @Test
    void existingPoliciesAreTheCurrentRouting() {
        // a policy that sends everything the long way is current; the optimum replaces it
        Network n = net(List.of("A", "B", "C"), List.of(link("A", "B", 10, 1), link("A", "C", 5, 1),
                link("C", "B", 5, 1)));
        n = n.withPathPolicies(List.of(new PathPolicy("A", "B",
                List.of(new io.twinloop.model.WeightedPath(List.of("A", "C", "B"), 1.0)))));
        List<Demand> d = List.of(new Demand("A", "B", 12));
        assertEquals(12.0 / 5, mlu(n, new EcmpRouter(n).route(d)), 1e-12);
        TePlanner.Result r = new TePlanner().minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE);
        assertEquals(0.8, routedMlu(n, r, d), 1e-9);
        assertTrue(r.rationale().changes().get(0).contains("was its policy"), r.rationale().changes().toString());
    }

    @Test
    void energyPlanSleepsOnlyUnprotectedLinksAndKeepsEveryDemandRoutedUnderTheLimit() {
        Network n = random(11, 10, 12);
        List<Demand> d = randomDemands(n, 5).stream().map(x -> x.scaled(0.2)).toList();
        TePlanner te = new TePlanner();
        double opt = te.minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE).lpMlu();
        double limit = Math.min(0.9, opt * 2.5);
        Set<String> prot = Set.of(n.links().get(0).id(), n.links().get(1).id(), n.links().get(4).id());
        TePlanner.Result r = te.energy(n, new BitSet(), List.of(d), new TePlanner.EnergyOptions(limit, false, prot, 1000));
        int sleeps = 0;
        for (PlanAction a : r.plan().actions()) {
            if (a instanceof SetLinkAdminState s) {
                sleeps++;
                assertFalse(prot.contains(s.linkId()), "protected link " + s.linkId() + " put to sleep");
            }
        }
        assertTrue(sleeps > 0, "nothing was put to sleep; the test network is too tight");
        Network planned = r.plan().applyTo(n);
        RoutingResult rr = new EcmpRouter(planned).route(d);
        assertEquals(0.0, rr.unroutedBps(), 1e-9);
        assertTrue(mlu(planned, rr) <= limit * (1 + 1e-9), mlu(planned, rr) + " > " + limit);
        Kpis before = Kpis.of(n, new EcmpRouter(n).route(d));
        assertTrue(r.kpis().powerW() < before.powerW());

        // N-1: with survivability no single cable failure of the result disconnects a demand
        TePlanner.Result s = te.energy(n, new BitSet(), List.of(d), new TePlanner.EnergyOptions(limit, true, prot, 1000));
        Network sp = s.plan().applyTo(n);
        for (int[] cable : GreedyLinkSleeping.cables(sp, new BitSet(), Set.of())) {
            BitSet f = new BitSet();
            for (int l : cable) {
                f.set(l);
            }
            assertEquals(0.0, new EcmpRouter(sp.withPathPolicies(List.of()), f).route(d).unroutedBps(), 1e-9,
                    "N-1 violated");
        }
        assertTrue(s.kpis().powerW() >= r.kpis().powerW() - 1e-9, "N-1 cannot save more than without it");
    }

    @Test
    void infeasibleEpsilonConstraintNamesTheBindingReason() {
        Network n = net(List.of("A", "B", "C"), List.of(link("A", "B", 10, 1), link("A", "C", 5, 1),
                link("C", "B", 5, 1)));
        List<Demand> d = List.of(new Demand("A", "B", 12));
        MultiObjectivePlanner mo = new MultiObjectivePlanner(new TePlanner());
        InfeasiblePlanException e = assertThrows(InfeasiblePlanException.class, () -> mo.epsilon(n, new BitSet(),
                List.of(d), Objective.POWER, List.of(new MultiObjectivePlanner.Bound(Objective.MLU, 0.5)), Set.of(),
                Integer.MAX_VALUE));
        assertEquals(InfeasiblePlanException.MLU_BOUND_BELOW_OPTIMUM, e.reason());
        assertEquals(0.8, e.bestReachable(), 1e-9);
        assertTrue(e.getMessage().contains("80.0%"), e.getMessage());
        assertTrue(e.bindingLinkIds().contains("AB"), e.bindingLinkIds().toString());
        assertThrows(InfeasiblePlanException.class, () -> new TePlanner().minLatency(n, new BitSet(), List.of(d), 0.79,
                Integer.MAX_VALUE));
    }

    @Test
    void unknownObjectiveListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Objective.parse("speed"));
        assertTrue(e.getMessage().contains("mlu, latency, power, churn"), e.getMessage());
        assertEquals(Objective.MLU, Objective.parse("min-mlu"));
        assertEquals(Objective.POWER, Objective.parse("POWER"));
    }

    @Test
    void minLatencyUnderAnMluBoundAndTheParetoFront() {
        // two A->B routes: short and narrow (latency 1), long and wide (latency 10); Gbit/s, so that
        // queueing delay (in the simulated latency) is negligible next to propagation
        List<Link> links = List.of(new Link("AB", "A", "B", 10e9, 1, 1.0, 0), new Link("AC", "A", "C", 100e9, 1, 5.0, 0),
                new Link("CB", "C", "B", 100e9, 1, 5.0, 0));
        Network n = net(List.of("A", "B", "C"), links);
        List<Demand> d = List.of(new Demand("A", "B", 20e9));
        TePlanner te = new TePlanner();
        // min MLU: x/10 = (20-x)/100 -> x = 20/11, MLU 2/11
        assertEquals(2.0 / 11, te.minMlu(n, new BitSet(), List.of(d), Integer.MAX_VALUE).lpMlu(), 1e-9);
        // min latency with MLU <= 0.5: as much as possible on AB: 5 of 20 -> MLU 0.5
        TePlanner.Result lat = te.minLatency(n, new BitSet(), List.of(d), 0.5, Integer.MAX_VALUE);
        assertEquals(0.5, lat.worstMlu(), 1e-6);
        List<MultiObjectivePlanner.ParetoPoint> front = new MultiObjectivePlanner(te).pareto(n, new BitSet(),
                List.of(d), Objective.MLU, Objective.LATENCY, 5, 1.0, Set.of(), Integer.MAX_VALUE);
        assertTrue(front.size() >= 3, front.toString());
        for (int i = 1; i < front.size(); i++) {
            assertTrue(front.get(i).x() > front.get(i - 1).x() && front.get(i).y() < front.get(i - 1).y(),
                    "not a front: " + front);
        }
        assertEquals(2.0 / 11, front.get(0).x(), 1e-6);
    }

    @Test
    void energyKeepsRoutedWhatIsRoutedWhenANodeIsAlreadyCutOff() {
        // a square A-B-C-D-A with a spur to X whose only link is down: demands to X are unroutable today
        List<Link> links = new ArrayList<>();
        for (String[] p : new String[][] {{"A", "B"}, {"B", "C"}, {"C", "D"}, {"D", "A"}, {"A", "X"}}) {
            links.add(new Link(p[0] + p[1], p[0], p[1], 100, 1, 1.0, 0));
            links.add(new Link(p[1] + p[0], p[1], p[0], 100, 1, 1.0, 0));
        }
        Network n = net(List.of("A", "B", "C", "D", "X"), links);
        BitSet down = new BitSet();
        down.set(n.linkIndex("AX"));
        down.set(n.linkIndex("XA"));
        List<Demand> d = List.of(new Demand("A", "C", 10), new Demand("B", "D", 10), new Demand("A", "X", 5));
        TePlanner.Result r = new TePlanner().energy(n, down, List.of(d),
                new TePlanner.EnergyOptions(0.9, false, Set.of(), Integer.MAX_VALUE));
        assertFalse(r.plan().isEmpty(), "a ring carrying 20 of 100 can sleep a cable");
        BitSet after = (BitSet) down.clone();
        after.or(r.plan().downLinks(n));
        RoutingResult routed = new EcmpRouter(r.plan().applyTo(n), after).route(d);
        assertEquals(5.0, routed.unroutedBps(), 1e-9, "only the demand that was unroutable before stays unroutable");
        assertTrue(r.worstMlu() <= 0.9 + 1e-9);
    }
}
