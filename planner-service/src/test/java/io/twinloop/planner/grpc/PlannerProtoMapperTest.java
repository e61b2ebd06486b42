package io.twinloop.planner.grpc;

import io.twinloop.model.LinkState;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Round trips of {@link PlannerProtoMapper}: model -> proto -> model is the identity. */
class PlannerProtoMapperTest {

    @Test
    void everyLinkStateSurvivesTheRoundTrip() {
        for (LinkState s : LinkState.values()) {
            assertEquals(s, PlannerProtoMapper.state(PlannerProtoMapper.state(s)), "state " + s);
        }
        assertThrows(IllegalArgumentException.class,
                () -> PlannerProtoMapper.state(io.twinloop.proto.common.v1.LinkState.LINK_STATE_UNSPECIFIED));
    }

    @Test
    void snapshotLinkStatesReachTheModelAndItsPower() {
        var snapshot = io.twinloop.proto.twin.v1.GetNetworkResponse.newBuilder().setNetwork("n")
                .setTopology(io.twinloop.proto.common.v1.Topology.newBuilder()
                        .addNodes(io.twinloop.proto.common.v1.Node.newBuilder().setName("a"))
                        .addNodes(io.twinloop.proto.common.v1.Node.newBuilder().setName("b"))
                        .addLinks(link("a-b", "a", "b", LinkState.SLEEP, null))
                        .addLinks(link("b-a", "b", "a", LinkState.UP, LinkState.DOWN))
                        .addLinks(link("a-b-2", "a", "b", null, null)))
                .build();

        var links = PlannerProtoMapper.network(snapshot).links();

        assertEquals(List.of(LinkState.SLEEP, LinkState.UP, LinkState.UP),
                links.stream().map(l -> l.adminState()).toList());
        assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.UP),
                links.stream().map(l -> l.operState()).toList());
        double powerW = links.stream().mapToDouble(io.twinloop.model.PowerModel::powerW).sum();
        assertEquals(100 * io.twinloop.model.PowerModel.SLEEP_FRACTION + 0 + 100, powerW, 1e-9);
    }

    private static io.twinloop.proto.common.v1.Link link(String id, String src, String dst, LinkState admin,
                                                         LinkState oper) {
        var b = io.twinloop.proto.common.v1.Link.newBuilder().setId(id).setSrc(src).setDst(dst)
                .setCapacityBps(1e10).setIgpWeight(1).setLatencyMs(1).setPowerW(100);
        if (admin != null) {
            b.setAdminState(PlannerProtoMapper.state(admin));
        }
        if (oper != null) {
            b.setOperState(PlannerProtoMapper.state(oper));
        }
        return b.build();
    }

    @Test
    void sleepIsSentAsSleepNotDown() {
        var proto = PlannerProtoMapper.plan(new Plan(List.of(new SetLinkAdminState("a-b", LinkState.SLEEP))));
        assertEquals(io.twinloop.proto.common.v1.LinkState.LINK_STATE_SLEEP,
                proto.getActions(0).getSetLinkAdminState().getState());
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

        assertEquals(plan, back(PlannerProtoMapper.plan(plan)));
    }

    /**
     * The proto plan read back field by field; the link state goes through the mapper's own
     * proto -> model direction (the planner reads no other action from proto).
     */
    private static Plan back(io.twinloop.proto.common.v1.Plan p) {
        List<PlanAction> out = new ArrayList<>();
        for (var a : p.getActionsList()) {
            out.add(switch (a.getActionCase()) {
                case SET_LINK_WEIGHT -> new SetLinkWeight(a.getSetLinkWeight().getLinkId(),
                        a.getSetLinkWeight().getIgpWeight());
                case SET_LINK_ADMIN_STATE -> new SetLinkAdminState(a.getSetLinkAdminState().getLinkId(),
                        PlannerProtoMapper.state(a.getSetLinkAdminState().getState()));
                case SET_LINK_CAPACITY -> new SetLinkCapacity(a.getSetLinkCapacity().getLinkId(),
                        a.getSetLinkCapacity().getCapacityBps());
                case SET_PATH_POLICY -> new SetPathPolicy(a.getSetPathPolicy().getSrc(), a.getSetPathPolicy().getDst(),
                        a.getSetPathPolicy().getPathsList().stream()
                                .map(w -> new WeightedPath(w.getNodesList(), w.getFraction())).toList());
                case ACTION_NOT_SET -> throw new AssertionError("action not set");
            });
        }
        return new Plan(out);
    }
}
