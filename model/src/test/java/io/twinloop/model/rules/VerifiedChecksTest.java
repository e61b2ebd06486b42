package io.twinloop.model.rules;

import io.twinloop.model.routing.Kpis;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of a simulated plan against keeping today's configuration under the same traffic. */
class VerifiedChecksTest {

    /** KPIs with the figures the checks read; the rest follow from them. */
    private static TrafficCheck check(String label, double mlu, double unroutedBps, double latencyMs, double powerW,
                                      int churn) {
        return new TrafficCheck(label, new Kpis(mlu, mlu / 2, mlu, 1e9, 0, unroutedBps, 0, latencyMs, latencyMs,
                false, unroutedBps, powerW), churn);
    }

    private static final Constraint POWER_AT_LEAST_900 = new Constraint(Constraint.Metric.TOTAL_POWER_W,
            Constraint.Op.GE, 900);
    private static final Constraint CHURN_AT_MOST_1 = new Constraint(Constraint.Metric.CHURN, Constraint.Op.LE, 1);

    @Test
    void unroutedDemandAPlanAddsIsRejectedUnlessAllowed() {
        List<TrafficCheck> today = List.of(check("observed", 0.5, 500, 10, 1000, 0));
        List<TrafficCheck> plan = List.of(check("observed", 0.4, 2000, 10, 1000, 2));
        assertEquals(List.of("leaves 1500 bit/s unrouted (observed traffic)"),
                VerifiedChecks.rejections(1.0, false, List.of(), plan, today));
        assertEquals(List.of(), VerifiedChecks.rejections(1.0, true, List.of(), plan, today));
        assertEquals(List.of(), VerifiedChecks.rejections(1.0, false, List.of(), today, today), "as much as today");
    }

    @Test
    void anMluOverTheLimitCountsOnlyWhenHigherThanToday() {
        List<TrafficCheck> today = List.of(check("observed", 0.5, 0, 10, 1000, 0), check("p90", 0.97, 0, 10, 1000, 0));
        List<TrafficCheck> plan = List.of(check("observed", 0.95, 0, 10, 1000, 1), check("p90", 0.96, 0, 10, 1000, 1));
        // under p90 traffic today is worse (97 %) than the plan (96 %): only the observed traffic counts
        assertEquals(List.of("MLU 95.0% over the limit 90.0% (observed traffic)"),
                VerifiedChecks.rejections(0.9, false, List.of(), plan, today));
    }

    @Test
    void aConstraintCountsAgainstAPlanOnlyWhenBrokenAndWorseThanToday() {
        TrafficCheck today = check("p90", 0.5, 0, 10, 1000, 0);
        TrafficCheck plan = check("p90", 0.5, 0, 10, 850, 3);
        assertEquals(List.of("constraint total_power_w >= 900.0 broken: 850.0 (p90 traffic; 1000 today)",
                        "constraint churn <= 1.000 broken: 3.000 (p90 traffic; 0.000 today)"),
                VerifiedChecks.violations(List.of(POWER_AT_LEAST_900, CHURN_AT_MOST_1), plan, today));
        // already broken today (800 W): a plan that stays at 850 W is no worse, so it is not blamed for it
        assertEquals(List.of(), VerifiedChecks.violations(List.of(POWER_AT_LEAST_900),
                check("x", 0.5, 0, 10, 850, 0), check("x", 0.5, 0, 10, 800, 0)));
    }

    @Test
    void guardrailReasonsUnderEveryTrafficComeBeforeConstraintReasons() {
        List<TrafficCheck> today = List.of(check("observed", 0.5, 0, 10, 1000, 0), check("p90", 0.6, 0, 10, 1000, 0));
        List<TrafficCheck> plan = List.of(check("observed", 0.5, 0, 10, 850, 1), check("p90", 0.95, 0, 10, 1000, 1));
        assertEquals(List.of("MLU 95.0% over the limit 90.0% (p90 traffic)",
                        "constraint total_power_w >= 900.0 broken: 850.0 (observed traffic; 1000 today)"),
                VerifiedChecks.rejections(0.9, false, List.of(POWER_AT_LEAST_900), plan, today));
        assertThrows(IllegalArgumentException.class,
                () -> VerifiedChecks.rejections(0.9, false, List.of(), plan, today.subList(0, 1)));
    }

    @Test
    void breakingIsAgainstTheBoundsAloneWithinATolerance() {
        assertTrue(VerifiedChecks.breaks(List.of(POWER_AT_LEAST_900), 1.0, check("x", 0.5, 0, 10, 850, 0)));
        assertTrue(VerifiedChecks.breaks(List.of(), 1.0, check("x", 1.01, 0, 10, 850, 0)), "the utilization limit");
        assertFalse(VerifiedChecks.breaks(List.of(POWER_AT_LEAST_900, CHURN_AT_MOST_1), 1.0,
                check("x", 1.0 + 1e-12, 0, 10, 900 - 1e-12, 1)), "on the bounds, rounding aside");
        assertTrue(VerifiedChecks.breaksAny(List.of(CHURN_AT_MOST_1), 1.0,
                List.of(check("a", 0.5, 0, 10, 900, 0), check("b", 0.5, 0, 10, 900, 2))));
        assertFalse(VerifiedChecks.breaksAny(List.of(CHURN_AT_MOST_1), 1.0, List.of()));
    }

    @Test
    void eachMetricReadsItsOwnFigure() {
        Kpis k = new Kpis(0.9, 0.4, 0.8, 5e9, 1e6, 2e6, 3, 12.5, 30.25, false, 3e6, 1500);
        TrafficCheck c = new TrafficCheck("observed", k, 7);
        assertEquals(0.9, Constraint.Metric.MAX_LINK_UTILIZATION.of(c));
        assertEquals(0.4, Constraint.Metric.MEAN_LINK_UTILIZATION.of(c));
        assertEquals(12.5, Constraint.Metric.MEAN_LATENCY_MS.of(c));
        assertEquals(30.25, Constraint.Metric.P95_LATENCY_MS.of(c));
        assertEquals(1500, Constraint.Metric.TOTAL_POWER_W.of(c));
        assertEquals(7, Constraint.Metric.CHURN.of(c));
        assertEquals(2e6, Constraint.Metric.UNROUTED_BPS.of(c));
        assertEquals(3, Constraint.Metric.LINKS_OVERLOADED.of(c));
        assertEquals(3e6, Constraint.Metric.ESTIMATED_LOSS_BPS.of(c));
        assertEquals(0.8, Constraint.Metric.P95_LINK_UTILIZATION.of(c));
        assertEquals(new Objective.Outcome(0.9, 12.5, 1500, 7), c.outcome());
    }

    @Test
    void theWorstMluIsTheHighestOverTheChecks() {
        assertEquals(0.97, TrafficCheck.worstMlu(List.of(check("a", 0.5, 0, 10, 1, 0), check("b", 0.97, 0, 10, 1, 0))));
        assertEquals(0, TrafficCheck.worstMlu(List.of()));
    }

    @Test
    void aBoundMustBeFiniteAndChurnNotNegative() {
        assertThrows(IllegalArgumentException.class,
                () -> new Constraint(Constraint.Metric.CHURN, Constraint.Op.LE, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> check("x", 0.5, 0, 10, 1, -1));
    }
}
