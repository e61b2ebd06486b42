package io.twinloop.model.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeWorthTest {
    private static final Objective MLU = new Objective(Objective.Goal.MLU, null, 10);
    private static final Objective LATENCY = new Objective(Objective.Goal.LATENCY, null, 10);

    @Test
    void anIdleNetworkIsLeftAloneOnAnMluRound() {
        // the shared Abilene week: 10 policy changes for 10.7 % -> 9.7 %
        ChangeWorth.Decision d = ChangeWorth.DEFAULT.judge(MLU, 0.097, 0.107, 10, 0.107);
        assertFalse(d.worth());
        assertEquals("today's worst-case MLU 10.7% is within the target utilization 50.0%", d.reason());
        // even with no target to speak of, 10 changes for a 9.3 % gain is under 1 % per change
        ChangeWorth.Decision d2 = new ChangeWorth(0.05, 0.01).judge(MLU, 0.097, 0.107, 10, 0.107);
        assertFalse(d2.worth());
        assertEquals("a gain of 0.93% per change is below the minimum 1.00% per change (10 changes)", d2.reason());
        // the same gain with 9 changes is 1.04 % per change: worth it
        assertTrue(new ChangeWorth(0.05, 0.01).judge(MLU, 0.097, 0.107, 9, 0.107).worth());
    }

    @Test
    void anOverloadedNetworkIsWorthItsChanges() {
        // the demo's first round: 128.7 % -> 52.6 % (59 % better) with 10 changes
        assertTrue(ChangeWorth.DEFAULT.judge(MLU, 0.526, 1.287, 10, 1.287).worth());
    }

    @Test
    void theStepComesFirstAndChurnNeverWins() {
        assertTrue(ChangeWorth.isStep(Objective.Goal.MLU, 0.899, 0.9));
        assertFalse(ChangeWorth.isStep(Objective.Goal.MLU, 0.8995, 0.9));
        assertTrue(ChangeWorth.isStep(Objective.Goal.LATENCY, 19.9, 20));
        assertFalse(ChangeWorth.isStep(Objective.Goal.LATENCY, 19.95, 20));
        assertEquals("a plan must lower it by at least 0.1%",
                ChangeWorth.DEFAULT.judge(MLU, 0.8995, 0.9, 1, 0.9).reason());
        assertFalse(ChangeWorth.DEFAULT.judge(new Objective(Objective.Goal.CHURN, null, 1), 0, 1, 1, 0.9).worth());
    }

    @Test
    void theTargetGatesOnlyMluRounds() {
        // latency 20 -> 18 ms (10 %) with 5 changes = 2 % per change on an idle network: worth it
        assertTrue(ChangeWorth.DEFAULT.judge(LATENCY, 18, 20, 5, 0.1).worth());
        // 20 -> 19 ms (5 %) with 6 changes = 0.83 % per change: not
        assertFalse(ChangeWorth.DEFAULT.judge(LATENCY, 19, 20, 6, 0.1).worth());
    }

    @Test
    void policyFieldsAtZeroTakeTheDefaultsAndBadOnesAreRefused() {
        assertEquals(ChangeWorth.DEFAULT, ChangeWorth.of(0, 0));
        assertEquals(new ChangeWorth(0.7, 0.02), ChangeWorth.of(0.7, 0.02));
        assertThrows(IllegalArgumentException.class, () -> new ChangeWorth(-0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChangeWorth(0.5, -1));
        assertThrows(IllegalArgumentException.class, () -> new ChangeWorth(Double.NaN, 0));
    }
}
