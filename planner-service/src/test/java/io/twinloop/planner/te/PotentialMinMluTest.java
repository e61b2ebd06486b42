package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.planner.optimizer.SharedData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-order min-MLU solver: its answer and its proven lower bound must bracket the exact
 * optimum of an independent edge LP, its gap must meet the target, and its plan, routed by the
 * twin's router, must carry exactly the flow it reports.
 */
class PotentialMinMluTest {

    static {
        com.google.ortools.Loader.loadNativeLibraries();
    }

    private static final PotentialMinMlu.Options TIGHT = new PotentialMinMlu.Options(0, 0.005, 3000, 2);

    @Test
    void bracketsTheExactOptimumOnRandomNetworks() {
        for (long seed = 1; seed <= 4; seed++) {
            Network net = MinMluSolverTest.random(seed, 14, 12);
            List<Demand> d = MinMluSolverTest.randomDemands(net, seed);
            check(net, d, "random seed " + seed);
        }
    }

    @Test
    void bracketsTheExactOptimumOnAbileneAndGeantMatrices() {
        for (String[] w : new String[][] {
                {"topologies/sndlib/abilene.xml", "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv", "700"},
                {"topologies/sndlib/geant.xml", "traffic/geant/geant_sndlib_15min_20050504-20050506.csv", "80"}}) {
            Network net = TopologyImporters.read(SharedData.require(w[0]));
            TrafficSeries series = TrafficCsvImporter.read(SharedData.require(w[1]));
            int checked = 0;
            for (int row = 0; row < series.size(); row += Integer.parseInt(w[2])) {
                if (!series.samples().get(row).missing()) {
                    check(net, series.demandsAt(row), w[1] + " row " + row);
                    checked++;
                }
            }
            assertTrue(checked >= 2, "too few rows: " + checked);
        }
    }

    private static void check(Network net, List<Demand> d, String at) {
        double exact = MinMluSolverTest.edgeLpOptimum(net, d);
        PotentialMinMlu.Result r = new PotentialMinMlu(new TeGraph(net, new BitSet()), TIGHT).solve(d);
        assertTrue(r.lowerBound() <= exact * (1 + 1e-7), at + ": bound " + r.lowerBound() + " above the optimum " + exact);
        assertTrue(r.mlu() >= exact * (1 - 1e-7), at + ": MLU " + r.mlu() + " below the optimum " + exact);
        assertTrue(r.mlu() <= r.lowerBound() * (1 + 0.005) + 1e-12, at + ": gap not closed: " + r.mlu() + " vs " + r.lowerBound() + ", optimum " + exact + ", sweeps " + r.sweeps());
        assertEquals(r.mlu(), routed(net, r.policies(), d), 1e-9 * r.mlu(), at + ": the plan routes another flow");
    }

    private static double routed(Network net, List<SetPathPolicy> policies, List<Demand> d) {
        Network planned = new Plan(new ArrayList<PlanAction>(policies)).applyTo(net);
        RoutingResult rr = new EcmpRouter(planned).route(d);
        assertEquals(0.0, rr.unroutedBps(), 1e-9);
        return MinMluSolverTest.mlu(planned, rr);
    }

    @Test
    void demandsWithoutAPathAreReportedNotRouted() {
        Network net = MinMluSolverTest.net(List.of("a", "b", "c", "island"), List.of(
                MinMluSolverTest.link("a", "b", 10, 1), MinMluSolverTest.link("b", "a", 10, 1),
                MinMluSolverTest.link("b", "c", 10, 1), MinMluSolverTest.link("c", "b", 10, 1),
                MinMluSolverTest.link("a", "c", 5, 1), MinMluSolverTest.link("c", "a", 5, 1)));
        List<Demand> d = List.of(new Demand("a", "c", 12), new Demand("a", "island", 7), new Demand("c", "b", 1));
        PotentialMinMlu.Result r = new PotentialMinMlu(new TeGraph(net, new BitSet()), TIGHT).solve(d);
        assertEquals(7.0, r.unroutableBps(), 1e-12);
        assertEquals(2, r.policies().size());
        // a->c: 12 over a-c (cap 5) and a-b-c (cap 10); c->b adds 1 on c-b: optimum 12/15 = 0.8
        assertEquals(0.8, r.mlu(), 0.8 * 0.005 + 1e-9);
        assertTrue(r.lowerBound() <= 0.8 + 1e-9);
    }

    @Test
    void plannerSwitchesToItForHundredsOfThousandsOfPairsOnly() {
        Network small = MinMluSolverTest.random(7, 12, 10);
        List<Demand> d = MinMluSolverTest.randomDemands(small, 7);
        assertTrue(!TePlanner.firstOrderApplies(small, List.of(d), MinMluSolver.Options.minMlu(), Integer.MAX_VALUE,
                List.of()), "a small instance goes to the exact LP");
        // a ring of 240 nodes with chords: 57,360 pairs, above the threshold
        List<String> names = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            names.add("r" + i);
        }
        for (int i = 0; i < 240; i++) {
            String a = names.get(i);
            String b = names.get((i + 1) % 240);
            String c = names.get((i + 37) % 240);
            links.add(new Link(a + "-" + b, a, b, 100 + i % 7 * 50, 1, 1, 0));
            links.add(new Link(b + "-" + a, b, a, 100 + i % 5 * 50, 1, 1, 0));
            if (i % 6 == 0) {
                links.add(new Link(a + "-" + c, a, c, 400, 1, 1, 0));
                links.add(new Link(c + "-" + a, c, a, 400, 1, 1, 0));
            }
        }
        Network big = new Network("ring", names.stream().map(Node::new).toList(), links, List.of());
        List<Demand> all = new ArrayList<>();
        for (String s : names) {
            for (String t : names) {
                if (!s.equals(t)) {
                    all.add(new Demand(s, t, 1.0 + (s.hashCode() ^ t.hashCode()) % 3));
                }
            }
        }
        MinMluSolver.Options o = MinMluSolver.Options.minMlu().withTimeLimit(2000);
        assertTrue(TePlanner.firstOrderApplies(big, List.of(all), o, Integer.MAX_VALUE, List.of()));
        assertTrue(!TePlanner.firstOrderApplies(big, List.of(all), o, 100, List.of()), "a churn limit needs the LP");
        assertTrue(!TePlanner.firstOrderApplies(big, List.of(all, all), o, Integer.MAX_VALUE, List.of()),
                "several samples need the LP");
        TePlanner.Result r = new TePlanner(o).minMlu(big, new BitSet(), List.of(all), Integer.MAX_VALUE);
        double ecmp = MinMluSolverTest.mlu(big, new EcmpRouter(big).route(all));
        assertEquals(all.size(), r.plan().actions().size());
        assertEquals(r.worstMlu(), MinMluSolverTest.routedMlu(big, r, all), 1e-9 * r.worstMlu());
        assertTrue(r.worstMlu() < ecmp, "no better than ECMP: " + r.worstMlu() + " vs " + ecmp);
        assertTrue(r.rationale().summary().contains("proven lower bound"), r.rationale().summary());
        assertTrue(r.rationale().changes().size() <= TePlanner.MAX_CHANGE_LINES + 1);
    }
}
