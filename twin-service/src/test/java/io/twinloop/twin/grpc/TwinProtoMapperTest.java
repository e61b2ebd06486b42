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
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Round trips of {@link TwinProtoMapper}: model -> proto -> model is the identity for every action
 * type and link state, and a plan that puts links to sleep is simulated with sleep power.
 */
class TwinProtoMapperTest {

    @Test
    void everyLinkStateSurvivesTheRoundTrip() {
        for (LinkState s : LinkState.values()) {
            assertEquals(s, TwinProtoMapper.state(TwinProtoMapper.state(s)), "state " + s);
            Link l = new Link("a-b", "a", "b", 1e10, 1, 1, 50, List.of(), s, s);
            var p = TwinProtoMapper.link(l);
            assertEquals(s, TwinProtoMapper.state(p.getAdminState()), "admin state " + s);
            assertEquals(s, TwinProtoMapper.state(p.getOperState()), "oper state " + s);
        }
    }

    @Test
    void everyActionTypeAndAdminStateSurvivesTheRoundTrip() {
        List<PlanAction> actions = new ArrayList<>();
        actions.add(new SetLinkWeight("a-b", 7.5));
        for (LinkState s : LinkState.values()) {
            actions.add(new SetLinkAdminState("b-" + s, s));
        }
        actions.add(new SetLinkCapacity("c-d", 4e10));
        actions.add(new SetPathPolicy("a", "d", List.of(new WeightedPath(List.of("a", "b", "d"), 0.25),
                new WeightedPath(List.of("a", "c", "d"), 0.75))));
        Plan plan = new Plan(actions);

        assertEquals(plan, TwinProtoMapper.plan(proto(plan)));
    }

    @Test
    void aSleepingLinkIsSimulatedAtItsSleepPower() {
        double linkW = 100;
        List<Link> links = new ArrayList<>();
        for (String[] e : new String[][] {{"a", "b"}, {"b", "c"}, {"a", "c"}}) {
            links.add(new Link(e[0] + "-" + e[1], e[0], e[1], 1e10, 1, 1, linkW));
            links.add(new Link(e[1] + "-" + e[0], e[1], e[0], 1e10, 1, 1, linkW));
        }
        Network net = new Network("tri", List.of(new Node("a"), new Node("b"), new Node("c")), links, List.of());
        Plan sleep = TwinProtoMapper.plan(proto(new Plan(List.of(
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

    /** The proto form of a model plan, field by field; link states through the mapper. */
    private static io.twinloop.proto.common.v1.Plan proto(Plan plan) {
        var b = io.twinloop.proto.common.v1.Plan.newBuilder();
        for (PlanAction a : plan.actions()) {
            var pa = io.twinloop.proto.common.v1.PlanAction.newBuilder();
            if (a instanceof SetLinkWeight w) {
                pa.setSetLinkWeight(io.twinloop.proto.common.v1.SetLinkWeight.newBuilder()
                        .setLinkId(w.linkId()).setIgpWeight(w.igpWeight()));
            } else if (a instanceof SetLinkAdminState s) {
                pa.setSetLinkAdminState(io.twinloop.proto.common.v1.SetLinkAdminState.newBuilder()
                        .setLinkId(s.linkId()).setState(TwinProtoMapper.state(s.state())));
            } else if (a instanceof SetLinkCapacity c) {
                pa.setSetLinkCapacity(io.twinloop.proto.common.v1.SetLinkCapacity.newBuilder()
                        .setLinkId(c.linkId()).setCapacityBps(c.capacityBps()));
            } else if (a instanceof SetPathPolicy sp) {
                var pp = io.twinloop.proto.common.v1.SetPathPolicy.newBuilder().setSrc(sp.src()).setDst(sp.dst());
                for (WeightedPath w : sp.paths()) {
                    pp.addPaths(io.twinloop.proto.common.v1.WeightedPath.newBuilder()
                            .addAllNodes(w.nodes()).setFraction(w.fraction()));
                }
                pa.setSetPathPolicy(pp);
            }
            b.addActions(pa);
        }
        return b.build();
    }
}
