package io.twinloop.planner.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.rules.Guardrails;
import io.twinloop.model.rules.Objective;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.planner.optimizer.Rationale;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.TePlanner;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimizer's plans and the LLM's plans pass the same rules: the same SR-TE plan gets the same
 * verdict and the same reasons from the optimizer's check and from {@link PlanGuard}.
 */
class PlanRulesAgreeTest {

    private static final Network NET = PlannerGrpcServiceTest.fakeNetwork(Map.of());
    private static final List<Demand> HOT = PlannerGrpcServiceTest.demands(PlannerGrpcServiceTest.hotTraffic());

    /** The optimizer's min-MLU SR-TE plan on the hot traffic, with nothing protected. */
    private static Plan optimizerPlan() {
        Plan plan = new TePlanner().minMlu(NET, new BitSet(), List.of(HOT), 10).plan();
        assertFalse(plan.isEmpty(), "the optimizer has nothing to move");
        return plan;
    }

    /** A link one of the plan's explicit paths traverses. */
    private static Link traversed(Plan plan) {
        for (var a : plan.actions()) {
            if (a instanceof SetPathPolicy p) {
                for (WeightedPath wp : p.paths()) {
                    if (wp.nodes().size() >= 2) {
                        String u = wp.nodes().get(0);
                        String v = wp.nodes().get(1);
                        return NET.links().stream().filter(l -> l.src().equals(u) && l.dst().equals(v)).findFirst()
                                .orElseThrow();
                    }
                }
            }
        }
        throw new AssertionError("no explicit path in " + plan);
    }

    @Test
    void theSameSrTePlanOverAProtectedLinkGetsTheSameVerdictFromBothPaths() {
        Plan plan = optimizerPlan();
        Link l = traversed(plan);
        Guardrails rules = new Guardrails(0, 10, Set.of(l.id()), Set.of(), false);

        var optimizer = ProposeRpc.optimizerChecks(NET, rules, plan);
        PlanGuard guard = new PlanGuard(NET, new BitSet(), List.of(HOT), PlanGuard.Limits.of(NET, rules, 10));
        PlanGuard.Verdict llm = guard.check(io.twinloop.platform.proto.Translator.plan(plan), "");

        assertFalse(optimizer.accepted(), "the optimizer's plan routes over protected link " + l.id());
        assertFalse(llm.accepted());
        assertEquals(optimizer.reasons(), llm.violations());
        assertTrue(optimizer.reasons().stream().anyMatch(r -> r.contains("touches protected link '" + l.id() + "'")),
                optimizer.reasons().toString());

        // protecting the link's source node instead: rejected by both, with the node named
        Guardrails node = new Guardrails(0, 10, Set.of(), Set.of(l.src()), false);
        var byNode = ProposeRpc.optimizerChecks(NET, node, plan);
        PlanGuard.Verdict llmByNode = new PlanGuard(NET, new BitSet(), List.of(HOT), PlanGuard.Limits.of(NET, node, 10))
                .check(io.twinloop.platform.proto.Translator.plan(plan), "");
        assertFalse(byNode.accepted());
        assertEquals(byNode.reasons(), llmByNode.violations());
        assertTrue(byNode.reasons().get(0).contains("touches protected node '" + l.src() + "'"), byNode.reasons().toString());
    }

    @Test
    void unprotectedThePlanPassesBoth() {
        Plan plan = optimizerPlan();
        Guardrails rules = new Guardrails(0, 10, Set.of(), Set.of(), false);
        assertTrue(ProposeRpc.optimizerChecks(NET, rules, plan).accepted());
        PlanGuard.Verdict llm = new PlanGuard(NET, new BitSet(), List.of(HOT), PlanGuard.Limits.of(NET, rules, 10))
                .check(io.twinloop.platform.proto.Translator.plan(plan), "");
        assertTrue(llm.accepted(), llm.violations().toString());
    }

    @Test
    void theWeightedSumIsTheModelsFormulaWithChurnOverTheChangeLimit() {
        Kpis base = new Kpis(0.9, 0.3, 0.5, 0, 0, 0, 0, 16, 20, false, 0, 1000);
        Kpis after = new Kpis(0.6, 0.3, 0.5, 0, 0, 0, 0, 12, 20, false, 0, 900);
        TePlanner.Result r = new TePlanner.Result(Plan.empty(), after, 0.45, 0.45, 2,
                new Rationale("x", List.of(), List.of(), ""), true, 0, 0, 0, Double.NaN, null);
        Objective o = MultiObjectivePlanner.objective(new MultiObjectivePlanner.Weights(2, 1, 0.5, 3), 4);
        // worst MLU 0.45 over the samples: 2 x 0.45/0.9 + 1 x 12/16 + 0.5 x 900/1000 + 3 x 2/4 = 3.7
        assertEquals(3.7, MultiObjectivePlanner.score(o, r, base), 1e-12);
    }
}
