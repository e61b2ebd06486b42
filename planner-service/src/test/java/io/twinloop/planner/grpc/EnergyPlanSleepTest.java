package io.twinloop.planner.grpc;

import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.PowerModel;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.planner.optimizer.SharedData;
import io.twinloop.planner.te.TePlanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A min-power plan on the shared Abilene week (row 100, MLU <= 60 %) puts links to sleep, and the
 * plan the planner sends keeps them asleep: the power the twin computes from the sent plan equals
 * the power the planner's rationale promises.
 */
class EnergyPlanSleepTest {

    @Test
    void minPowerPlanSendsSleepAndTheTwinCountsSleepPower() {
        Network net = TopologyImporters.read(SharedData.require("topologies/sndlib/abilene.xml"));
        TrafficSeries series = TrafficCsvImporter.read(
                SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        TePlanner.Result r = new TePlanner().energy(net, new BitSet(), List.of(series.demandsAt(100)),
                new TePlanner.EnergyOptions(0.6, false, Set.of(), Integer.MAX_VALUE));

        io.twinloop.proto.common.v1.Plan sent = io.twinloop.platform.proto.Translator.plan(r.plan());
        List<PlanAction> received = new ArrayList<>();
        List<io.twinloop.proto.common.v1.LinkState> sentStates = new ArrayList<>();
        for (var a : sent.getActionsList()) {
            if (a.hasSetLinkAdminState()) {
                sentStates.add(a.getSetLinkAdminState().getState());
                // the twin reads the state by its proto value
                received.add(new SetLinkAdminState(a.getSetLinkAdminState().getLinkId(), switch (a.getSetLinkAdminState().getState()) {
                    case LINK_STATE_UP -> LinkState.UP;
                    case LINK_STATE_SLEEP -> LinkState.SLEEP;
                    default -> LinkState.DOWN;
                }));
            }
        }
        assertFalse(sentStates.isEmpty(), "the plan puts no link to sleep");

        // the twin's power of the received plan: every link at its state's share (PowerModel), summed
        double twinPowerW = 0;
        for (Link l : new Plan(received).applyTo(net).links()) {
            twinPowerW += PowerModel.powerW(l);
        }
        double fullW = 0;
        for (Link l : net.links()) {
            fullW += PowerModel.powerW(l);
        }
        assertFalse(twinPowerW >= fullW, "sleeping saves power");
        assertEquals(r.kpis().powerW(), twinPowerW, 1e-9 * fullW);
        String promised = String.format(Locale.ROOT, "power %.0f W -> %.0f W", fullW, twinPowerW);
        assertTrue(r.rationale().summary().contains(promised),
                "rationale '" + r.rationale().summary() + "' promises " + promised);
        for (var s : sentStates) {
            assertEquals(io.twinloop.proto.common.v1.LinkState.LINK_STATE_SLEEP, s);
        }
    }
}
