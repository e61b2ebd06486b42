package io.twinloop.planner.optimizer;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.rules.ChangeWorth;
import io.twinloop.model.rules.Objective;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worth-its-changes rule on the real Abilene week: at its real 6-20 % utilisation the
 * optimizer still finds plans that lower the MLU by more than the 0.1-point step (so the step
 * alone would churn the network every round), and the default rule keeps the configuration; the
 * same traffic scaled to overload the network is worth the optimizer's plan.
 */
class ChangeWorthAbileneTest {
    private static final Network ABILENE = TopologyImporters.read(SharedData.require("topologies/sndlib/abilene.xml"));
    private static final List<Demand> ROW_600 = TrafficCsvImporter.read(
            SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv")).demandsAt(600);
    private static final Objective MLU = new Objective(Objective.Goal.MLU, null, 10);

    private static ChangeWorth.Decision judge(List<Demand> traffic, double expectedToday) {
        double today = IgpPlannerAbileneTest.mlu(ABILENE, new EcmpRouter(ABILENE).route(traffic));
        assertEquals(expectedToday, today, 0.005, "baseline MLU");
        PlanCandidate c = new IgpPlanner().propose(ABILENE, new BitSet(), traffic,
                new IgpPlanner.Settings(10, 200, Set.of(), 0)).get(0);
        assertEquals(IgpPlanner.OPTIMIZER_ID, c.id());
        double after = IgpPlannerAbileneTest.mlu(ABILENE, new EcmpRouter(c.plan().applyTo(ABILENE)).route(traffic));
        assertTrue(ChangeWorth.isStep(Objective.Goal.MLU, after, today),
                "the optimizer's plan must be a real step for the test to mean anything: " + today + " -> " + after);
        return ChangeWorth.DEFAULT.judge(MLU, after, today, c.plan().actions().size(), today);
    }

    @Test
    void theIdleWeekIsLeftAlone() {
        ChangeWorth.Decision d = judge(ROW_600, 0.114);
        assertFalse(d.worth());
        assertTrue(d.reason().startsWith("today's worst-case MLU 11.4% is within the target utilization 50.0%"), d.reason());
    }

    @Test
    void theSameTrafficOverloadingTheNetworkIsWorthThePlan() {
        double scale = 1.2 / IgpPlannerAbileneTest.mlu(ABILENE, new EcmpRouter(ABILENE).route(ROW_600));
        assertTrue(judge(ROW_600.stream().map(d -> d.scaled(scale)).toList(), 1.2).worth());
    }
}
