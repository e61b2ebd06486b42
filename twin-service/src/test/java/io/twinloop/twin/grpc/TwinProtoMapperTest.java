package io.twinloop.twin.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.PowerModel;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.twin.simulation.SimulationResult;
import io.twinloop.twin.simulation.Simulator;
import io.twinloop.twin.simulation.WhatIf;
import io.twinloop.platform.proto.Translator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A plan that puts links to sleep, sent through the proto form, is simulated with sleep power and
 * reported SLEEP per link (round trips of the shared types: platform's TranslatorRoundTripTest).
 */
class TwinProtoMapperTest {

    @Test
    void aSleepingLinkIsSimulatedAtItsSleepPower() {
        double linkW = 100;
        List<Link> links = new ArrayList<>();
        for (String[] e : new String[][] {{"a", "b"}, {"b", "c"}, {"a", "c"}}) {
            links.add(new Link(e[0] + "-" + e[1], e[0], e[1], 1e10, 1, 1, linkW));
            links.add(new Link(e[1] + "-" + e[0], e[1], e[0], 1e10, 1, 1, linkW));
        }
        Network net = new Network("tri", List.of(new Node("a"), new Node("b"), new Node("c")), links, List.of());
        Plan sleep = Translator.plan(Translator.plan(new Plan(List.of(
                new SetLinkAdminState("a-c", LinkState.SLEEP), new SetLinkAdminState("c-a", LinkState.SLEEP)))));

        SimulationResult r = Simulator.simulate(net, new WhatIf(List.of(new Demand("a", "c", 1e9)), sleep,
                Set.of(), Set.of()));

        assertEquals(4 * linkW + 2 * PowerModel.SLEEP_FRACTION * linkW, r.kpis().powerW(), 1e-9);
        var loads = TwinProtoMapper.linkLoads(r);
        int ac = net.linkIndex("a-c");
        assertEquals(io.twinloop.proto.common.v1.LinkState.LINK_STATE_SLEEP, loads.get(ac).getState());
        assertEquals(0, loads.get(ac).getLoadBps());
        assertEquals(1e9, loads.get(net.linkIndex("a-b")).getLoadBps(), 1e-6, "rerouted around the sleeping link");
    }
}
