package io.twinloop.model.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObjectiveTest {
    private static Objective.Outcome o(double mlu, double latency, double power, int churn) {
        return new Objective.Outcome(mlu, latency, power, churn);
    }

    @Test
    void singleGoalsScoreTheirKpiAndTheWorstTrafficCounts() {
        List<Objective.Outcome> today = List.of(o(0.5, 10, 800, 0), o(0.6, 12, 800, 0));
        List<Objective.Outcome> plan = List.of(o(0.4, 11, 700, 2), o(0.7, 9, 750, 2));
        assertEquals(0.7, new Objective(Objective.Goal.MLU, null, 10).score(plan, today), 0);
        assertEquals(11, new Objective(Objective.Goal.LATENCY, null, 10).score(plan, today), 0);
        assertEquals(750, new Objective(Objective.Goal.POWER, null, 10).score(plan, today), 0);
        assertEquals(2, new Objective(Objective.Goal.CHURN, null, 10).score(plan, today), 0);
    }

    @Test
    void theWeightedSumIsRelativeToTodayWithChurnOverTheChangeLimit() {
        Objective w = new Objective(Objective.Goal.WEIGHTED, new Objective.Weights(2, 1, 0.5, 3), 4);
        // 2 x 0.45/0.9 + 1 x 12/16 + 0.5 x 900/1000 + 3 x 2/4 = 1 + 0.75 + 0.45 + 1.5 = 3.7
        assertEquals(3.7, w.score(o(0.45, 12, 900, 2), o(0.9, 16, 1000, 0)), 1e-12);
        // today's own configuration scores the sum of the KPI weights
        assertEquals(3.5, w.score(o(0.9, 16, 1000, 0), o(0.9, 16, 1000, 0)), 1e-12);
        // no weights = all 1; a zero base enters as the value itself; the change limit is at least 1
        Objective eq = new Objective(Objective.Goal.WEIGHTED, new Objective.Weights(0, 0, 0, 0), 0);
        assertEquals(0.5 + 2 + 0 + 3, eq.score(o(0.5, 2, 0, 3), o(1.0, 0, 0, 0)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> eq.score(List.of(o(1, 1, 1, 0)), List.of()));
    }

    @Test
    void formats() {
        assertEquals("83.0%", new Objective(Objective.Goal.MLU, null, 1).format(0.83));
        assertEquals("12.40 ms", new Objective(Objective.Goal.LATENCY, null, 1).format(12.4));
        assertEquals("0.972", new Objective(Objective.Goal.WEIGHTED, null, 1).format(0.9721));
    }
}
