package io.twinloop.gateway.round;

import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundObjectiveTest {
    private static Kpis kpis(double mlu, double latency, double power, int churn) {
        return Kpis.newBuilder().setMaxLinkUtilization(mlu).setMeanLatencyMs(latency).setTotalPowerW(power)
                .setChurn(churn).build();
    }

    @Test
    void scoresAreTheWorstCaseOfTheObjectivesMetric() {
        List<Kpis> base = List.of(kpis(0.5, 10, 800, 0), kpis(0.6, 12, 800, 0));
        List<Kpis> plan = List.of(kpis(0.4, 11, 700, 2), kpis(0.7, 9, 750, 2));
        assertEquals(0.7, new RoundObjective(Objective.OBJECTIVE_UNSPECIFIED, ObjectiveWeights.getDefaultInstance(), 10)
                .score(plan, base), 1e-12);
        assertEquals(11, new RoundObjective(Objective.OBJECTIVE_MIN_LATENCY, ObjectiveWeights.getDefaultInstance(), 10)
                .score(plan, base), 1e-12);
        assertEquals(750, new RoundObjective(Objective.OBJECTIVE_MIN_POWER, ObjectiveWeights.getDefaultInstance(), 10)
                .score(plan, base), 1e-12);
        assertEquals(2, new RoundObjective(Objective.OBJECTIVE_MIN_CHURN, ObjectiveWeights.getDefaultInstance(), 10)
                .score(plan, base), 1e-12);
        // No weights = all 1: per traffic mlu/base + latency/base + power/base + churn/maxChanges, then the worst.
        double first = 0.4 / 0.5 + 11 / 10.0 + 700 / 800.0 + 2 / 10.0;
        double second = 0.7 / 0.6 + 9 / 12.0 + 750 / 800.0 + 2 / 10.0;
        assertEquals(Math.max(first, second), new RoundObjective(Objective.OBJECTIVE_WEIGHTED,
                ObjectiveWeights.getDefaultInstance(), 10).score(plan, base), 1e-12);
    }

    @Test
    void aGainMustBeWorthTheChange() {
        RoundObjective mlu = new RoundObjective(Objective.OBJECTIVE_MIN_MLU, ObjectiveWeights.getDefaultInstance(), 10);
        assertTrue(mlu.improves(0.899, 0.9));
        assertFalse(mlu.improves(0.8995, 0.9));
        RoundObjective latency = new RoundObjective(Objective.OBJECTIVE_MIN_LATENCY, ObjectiveWeights.getDefaultInstance(), 10);
        assertTrue(latency.improves(19.9, 20));
        assertFalse(latency.improves(19.95, 20), "0.25 % is below the 0.5 % step");
        assertFalse(new RoundObjective(Objective.OBJECTIVE_MIN_CHURN, ObjectiveWeights.getDefaultInstance(), 10)
                .improves(0, 0), "nothing beats keeping the configuration on churn");
    }

    @Test
    void aConstraintCountsAgainstAPlanOnlyWhenBrokenAndWorseThanToday() {
        Constraint atLeast = Constraint.newBuilder().setMetric(ConstraintMetric.CONSTRAINT_METRIC_TOTAL_POWER_W)
                .setOp(ConstraintOp.CONSTRAINT_OP_GE).setValue(900).build();
        Constraint atMost = Constraint.newBuilder().setMetric(ConstraintMetric.CONSTRAINT_METRIC_CHURN)
                .setOp(ConstraintOp.CONSTRAINT_OP_LE).setValue(1).build();
        Kpis today = kpis(0.5, 10, 1000, 0);
        List<String> v = RoundObjective.violations(List.of(atLeast, atMost), kpis(0.5, 10, 850, 3), today, "p90");
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("constraint total_power_w >= 900.0 broken: 850.0 (p90 traffic; 1000 today)"), v.get(0));
        assertTrue(v.get(1).startsWith("constraint churn <= 1.000 broken: 3.000"), v.get(1));
        // Already broken today (800 W): a plan that stays at 850 W is no worse, so it is not blamed for it.
        assertEquals(List.of(), RoundObjective.violations(List.of(atLeast), kpis(0.5, 10, 850, 0), kpis(0.5, 10, 800, 0), "x"));
        assertTrue(RoundObjective.breaks(List.of(atLeast), 1.0, kpis(0.5, 10, 850, 0)));
        assertTrue(RoundObjective.breaks(List.of(), 1.0, kpis(1.01, 10, 850, 0)), "the utilization limit");
        assertFalse(RoundObjective.breaks(List.of(atLeast, atMost), 1.0, kpis(1.0, 10, 900, 1)));
    }

    @Test
    void theWeightedScoreIsTheModelsFormulaTheSameThePlannerRanksBy() {
        ObjectiveWeights w = ObjectiveWeights.newBuilder().setUtilization(2).setLatency(1).setPower(0.5).setChurn(3).build();
        RoundObjective o = new RoundObjective(Objective.OBJECTIVE_WEIGHTED, w, 4);
        // the KPIs of the planner's PlanRulesAgreeTest: 2 x 0.45/0.9 + 1 x 12/16 + 0.5 x 900/1000 + 3 x 2/4 = 3.7
        double score = o.score(List.of(kpis(0.45, 12, 900, 2)), List.of(kpis(0.9, 16, 1000, 0)));
        assertEquals(3.7, score, 1e-12);
        assertEquals(new io.twinloop.model.rules.Objective(io.twinloop.model.rules.Objective.Goal.WEIGHTED,
                new io.twinloop.model.rules.Objective.Weights(2, 1, 0.5, 3), 4).score(
                new io.twinloop.model.rules.Objective.Outcome(0.45, 12, 900, 2),
                new io.twinloop.model.rules.Objective.Outcome(0.9, 16, 1000, 0)), score, 0);
    }

    @Test
    void aPlanMustBeWorthItsChangesByTheNetworksRule() {
        RoundObjective mlu = new RoundObjective(Objective.OBJECTIVE_MIN_MLU, ObjectiveWeights.getDefaultInstance(), 10);
        List<Kpis> idle = List.of(kpis(0.107, 10, 800, 0));
        // an idle network: 10.7 % -> 9.7 % with 10 changes is below the default 50 % target
        assertEquals("not worth its 10 changes: worst-case MLU 9.7% vs 10.7% today (today's worst-case MLU 10.7% is "
                + "within the target utilization 50.0%)", mlu.notWorth(0.097, 0.107, 10, idle, false));
        // a network's own rule: target 5 %, 1 % per change: 0.93 % per change is not enough, 1.04 % (9 changes) is
        RoundObjective strict = new RoundObjective(Objective.OBJECTIVE_MIN_MLU, ObjectiveWeights.getDefaultInstance(), 10,
                RoundObjective.worth(io.twinloop.proto.gateway.v1.NetworkPolicy.newBuilder().setTargetUtilization(0.05)
                        .setMinGainPerChange(0.01).build()));
        assertTrue(strict.notWorth(0.097, 0.107, 10, idle, false).contains("0.93% per change"));
        assertEquals(null, strict.notWorth(0.097, 0.107, 9, idle, false));
        // the demo's overloaded hour is worth it; a step below 0.1 point never is
        assertEquals(null, mlu.notWorth(0.526, 1.287, 10, List.of(kpis(1.287, 10, 800, 0)), false));
        assertTrue(mlu.notWorth(0.8995, 0.9, 1, List.of(kpis(0.9, 10, 800, 0)), false)
                .startsWith("no real improvement: worst-case MLU"));
    }
}
