package io.twinloop.planner.optimizer;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimizer on the real Abilene backbone (SNDlib topology; its static demand matrix and a real
 * 5-minute measurement of 2004-03-01, both scaled so that the baseline is overloaded). Every KPI the
 * planner reports is checked against an independent routing of the planned network in the test.
 */
class IgpPlannerAbileneTest {

    static final double TARGET_BASELINE_MLU = 1.2;
    static final int MAX_CHANGES = 10;

    static Network abilene;
    static TrafficSeries series;

    @BeforeAll
    static void load() {
        abilene = TopologyImporters.read(SharedData.require("topologies/sndlib/abilene.xml"));
        series = TrafficCsvImporter.read(
                SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
    }

    /** MLU computed here from raw loads and capacities, without the model's Kpis. */
    static double mlu(Network network, RoutingResult r) {
        double max = 0;
        for (int i = 0; i < network.links().size(); i++) {
            double cap = network.links().get(i).capacityBps();
            if (cap > 0) {
                max = Math.max(max, r.load(i) / cap);
            }
        }
        return max;
    }

    /** The demands scaled so that their baseline MLU on Abilene is {@value #TARGET_BASELINE_MLU}. */
    static List<Demand> scaledToOverload(List<Demand> demands) {
        double base = mlu(abilene, new EcmpRouter(abilene).route(demands));
        assertTrue(base > 0, "the demands load no link");
        return demands.stream().map(d -> d.scaled(TARGET_BASELINE_MLU / base)).toList();
    }

    /** Asserts the optimizer candidate's figures against an independent routing; returns its MLU. */
    static double verifyOptimizerCandidate(List<Demand> traffic, PlanCandidate c, Set<String> protectedIds) {
        assertEquals(IgpPlanner.OPTIMIZER_ID, c.id());
        assertFalse(c.plan().isEmpty());
        assertTrue(c.plan().actions().size() <= MAX_CHANGES, "more actions than max_changes: " + c.plan());
        Set<String> touched = new HashSet<>();
        for (PlanAction a : c.plan().actions()) {
            assertTrue(a instanceof SetLinkWeight, "only weight changes expected: " + a);
            assertTrue(touched.add(a.linkId()), "link changed twice: " + a.linkId());
            assertFalse(protectedIds.contains(a.linkId()), "protected link changed: " + a.linkId());
        }
        Network planned = c.plan().applyTo(abilene);
        RoutingResult after = new EcmpRouter(planned).route(traffic);
        double recomputed = mlu(planned, after);
        assertEquals(recomputed, c.kpis().maxLinkUtilization(), 1e-9);
        assertEquals(recomputed, c.score(), 1e-9);
        assertEquals(0.0, after.unroutedBps(), "a weight change left demand unrouted");
        assertTrue(after.unroutedDemands().isEmpty());
        assertEquals(c.plan().actions().size(), c.rationale().changes().size());
        for (int i = 0; i < c.plan().actions().size(); i++) {
            SetLinkWeight w = (SetLinkWeight) c.plan().actions().get(i);
            Link l = abilene.link(w.linkId()).orElseThrow();
            assertEquals("weight of " + l.id() + " (" + l.src() + "->" + l.dst() + ") "
                    + IgpPlanner.number(l.igpWeight()) + " -> " + IgpPlanner.number(w.igpWeight()),
                    c.rationale().changes().get(i));
        }
        return recomputed;
    }

    @Test
    void lowersTheMluOfTheStaticDemandMatrix() {
        List<Demand> traffic = scaledToOverload(abilene.demands());
        double baseline = mlu(abilene, new EcmpRouter(abilene).route(traffic));
        assertEquals(TARGET_BASELINE_MLU, baseline, 1e-9);

        List<PlanCandidate> out = new IgpPlanner().propose(abilene, new BitSet(), traffic,
                new IgpPlanner.Settings(MAX_CHANGES, 200, Set.of(), 0));

        assertEquals(2, out.size(), "optimizer + no-op expected: " + out);
        double after = verifyOptimizerCandidate(traffic, out.get(0), Set.of());
        assertTrue(after < baseline - 1e-6, "MLU " + after + " not below baseline " + baseline);

        PlanCandidate noOp = out.get(1);
        assertEquals(IgpPlanner.NO_OP_ID, noOp.id());
        assertTrue(noOp.plan().isEmpty());
        assertEquals(baseline, noOp.kpis().maxLinkUtilization(), 1e-9);
        // the binding links are exactly those at the baseline maximum, computed here
        RoutingResult base = new EcmpRouter(abilene).route(traffic);
        List<String> binding = new java.util.ArrayList<>();
        for (int i = 0; i < abilene.links().size(); i++) {
            Link l = abilene.links().get(i);
            if (l.capacityBps() > 0 && base.load(i) / l.capacityBps() >= baseline * (1 - 1e-9)) {
                binding.add(l.id());
            }
        }
        assertFalse(binding.isEmpty());
        assertEquals(binding, out.get(0).rationale().bindingLinkIds());
        assertEquals("min-mlu", out.get(0).rationale().objective());
        assertTrue(out.get(0).rationale().summary().startsWith("MLU 120.0% -> "), out.get(0).rationale().summary());
    }

    @Test
    void lowersTheMluOfAMeasuredMatrixWithoutTouchingProtectedLinks() {
        int row = series.firstPresentRow();
        List<Demand> traffic = scaledToOverload(series.demandsAt(row));
        double baseline = mlu(abilene, new EcmpRouter(abilene).route(traffic));

        // First without protection: learn which links the search wants to change.
        List<PlanCandidate> free = new IgpPlanner().propose(abilene, new BitSet(), traffic,
                new IgpPlanner.Settings(MAX_CHANGES, 200, Set.of(), 0));
        assertEquals(IgpPlanner.OPTIMIZER_ID, free.get(0).id(), "no improvement found on row " + row);
        double freeMlu = verifyOptimizerCandidate(traffic, free.get(0), Set.of());
        assertTrue(freeMlu < baseline - 1e-6);

        // Protect one link the free plan changes, and every link of one node: none of them may appear.
        String protectedLink = free.get(0).plan().actions().get(0).linkId();
        String protectedNode = "KSCYng";
        Set<String> protectedIds = IgpPlanner.protectedLinks(abilene, List.of(protectedLink), List.of(protectedNode));
        assertTrue(protectedIds.contains(protectedLink));
        assertTrue(protectedIds.size() > 1, "KSCYng has links in Abilene");
        for (String id : protectedIds) {
            Link l = abilene.link(id).orElseThrow();
            assertTrue(id.equals(protectedLink) || l.src().equals(protectedNode) || l.dst().equals(protectedNode));
        }

        List<PlanCandidate> guarded = new IgpPlanner().propose(abilene, new BitSet(), traffic,
                new IgpPlanner.Settings(MAX_CHANGES, 200, protectedIds, 0));
        PlanCandidate noOp = guarded.get(guarded.size() - 1);
        assertEquals(IgpPlanner.NO_OP_ID, noOp.id());
        for (PlanCandidate c : guarded) {
            for (PlanAction a : c.plan().actions()) {
                assertFalse(protectedIds.contains(a.linkId()), "protected link changed: " + a.linkId());
            }
        }
        if (guarded.size() == 2) {
            double guardedMlu = verifyOptimizerCandidate(traffic, guarded.get(0), protectedIds);
            assertTrue(guardedMlu < baseline - 1e-6);
        } else {
            assertEquals(1, guarded.size());
            assertTrue(noOp.rationale().summary().contains("protected"), noOp.rationale().summary());
        }
    }

    @Test
    void proposesOnlyTheNoOpWhenNothingIsLoaded() {
        List<PlanCandidate> out = new IgpPlanner().propose(abilene, new BitSet(), List.of(),
                new IgpPlanner.Settings(MAX_CHANGES, 200, Set.of(), 0));
        assertEquals(1, out.size());
        assertEquals(IgpPlanner.NO_OP_ID, out.get(0).id());
        assertEquals(0.0, out.get(0).score());
        assertTrue(out.get(0).rationale().summary().contains("nothing to improve"), out.get(0).rationale().summary());
        assertTrue(out.get(0).rationale().bindingLinkIds().isEmpty());
    }
}
