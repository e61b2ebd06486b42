package io.twinloop.platform.proto;

import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkAdminState;
import io.twinloop.proto.common.v1.SetLinkCapacity;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.WeightedPath;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What has no model form is refused with the request field that was wrong. */
class TranslatorErrorsTest {

    private static Plan plan(PlanAction... actions) {
        return Plan.newBuilder().addAllActions(java.util.List.of(actions)).build();
    }

    private static PlanAction weight(double w) {
        return PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId("A-B").setIgpWeight(w)).build();
    }

    @Test
    void aBadActionIsNamedByItsIndex() {
        RequestException e = assertThrows(RequestException.class,
                () -> Translator.plan(plan(weight(10), weight(0)), "candidates[1].plan"));
        assertEquals("candidates[1].plan.actions[1]", e.field());
        assertTrue(e.getMessage().contains("IGP weight of link 'A-B'"), e.getMessage());
        assertThrows(RequestException.class, () -> Translator.plan(plan(weight(Double.NaN))));
        assertThrows(RequestException.class, () -> Translator.plan(plan(weight(Double.POSITIVE_INFINITY))));
    }

    @Test
    void aBadInterfaceAddressIsNamedByLinkAndField() {
        io.twinloop.proto.common.v1.Link.Builder l = io.twinloop.proto.common.v1.Link.newBuilder()
                .setId("l1").setSrc("A").setDst("B").setCapacityBps(1e9).setIgpWeight(1)
                .setSrcInterface("et-0/0/0").addSrcAddresses("192.0.2.0/31");
        io.twinloop.model.InvalidNetworkException e = assertThrows(io.twinloop.model.InvalidNetworkException.class,
                () -> Translator.link(l.clone().addDstAddresses("192.0.2.1").addDstAddresses("r2.example.net").build()));
        assertEquals("links[l1].dst_addresses[1]", e.field());
        assertEquals("links[l1].src_interface", assertThrows(io.twinloop.model.InvalidNetworkException.class,
                () -> Translator.link(l.clone().setSrcInterface("  ").build())).field());
        // the fields land where the proto documents them: source end <-> src_*, destination end <-> dst_*
        io.twinloop.model.Link m = Translator.link(l.clone().setDstInterface("xe-1/0/0").build());
        assertEquals("et-0/0/0", m.srcEnd().interfaceName());
        assertEquals(java.util.List.of("192.0.2.0/31"), m.srcEnd().addresses());
        assertEquals("xe-1/0/0", m.dstEnd().interfaceName());
        assertTrue(m.dstEnd().addresses().isEmpty());
        assertEquals("", Translator.link(new io.twinloop.model.Link("x", "A", "B", 1, 1)).getSrcInterface());
    }

    @Test
    void anUnsetStateOrActionIsRefused() {
        PlanAction unset = PlanAction.newBuilder().setSetLinkAdminState(SetLinkAdminState.newBuilder().setLinkId("A-B")
                .setState(LinkState.LINK_STATE_UNSPECIFIED)).build();
        assertEquals("plan.actions[0]", assertThrows(RequestException.class, () -> Translator.plan(plan(unset))).field());
        assertThrows(RequestException.class, () -> Translator.plan(plan(PlanAction.getDefaultInstance())));
    }

    @Test
    void aPathPolicyOfAOneNodePathIsRefused() {
        PlanAction p = PlanAction.newBuilder().setSetPathPolicy(SetPathPolicy.newBuilder().setSrc("A").setDst("C")
                .addPaths(WeightedPath.newBuilder().addNodes("A").setFraction(1))).build();
        RequestException e = assertThrows(RequestException.class, () -> Translator.plan(plan(p)));
        assertTrue(e.getMessage().startsWith("action 0: path policy A->C"), e.getMessage());
    }

    @Test
    void oneActionIsRefusedWithItsReasonAloneAndThePlanAddsItsPosition() {
        PlanAction capacity = PlanAction.newBuilder().setSetLinkCapacity(SetLinkCapacity.newBuilder().setLinkId("A-B")
                .setCapacityBps(-1)).build();
        PlanAction state = PlanAction.newBuilder().setSetLinkAdminState(SetLinkAdminState.newBuilder().setLinkId("A-B")
                .setStateValue(99)).build();
        PlanAction oneNode = PlanAction.newBuilder().setSetPathPolicy(SetPathPolicy.newBuilder().setSrc("A").setDst("C")
                .addPaths(WeightedPath.newBuilder().addNodes("A").setFraction(1))).build();
        Map<PlanAction, String> reasons = new LinkedHashMap<>();
        reasons.put(weight(0), "IGP weight of link 'A-B' must be a finite number > 0, got 0.0");
        reasons.put(weight(Double.NaN), "IGP weight of link 'A-B' must be a finite number > 0, got NaN");
        reasons.put(capacity, "capacity of link 'A-B' must be a finite number > 0 bit/s, got -1.0");
        reasons.put(state, "admin state of link 'A-B' must be UP, DOWN or SLEEP");
        reasons.put(PlanAction.getDefaultInstance(), "no action set");
        for (var r : reasons.entrySet()) {
            RequestException one = assertThrows(RequestException.class, () -> Translator.action(r.getKey(), "actions[3]"));
            assertEquals("actions[3]", one.field());
            assertEquals(r.getValue(), one.getMessage());
            RequestException inPlan = assertThrows(RequestException.class,
                    () -> Translator.plan(plan(weight(1), r.getKey()), "plan"));
            assertEquals("plan.actions[1]", inPlan.field());
            assertEquals(r.getKey().equals(PlanAction.getDefaultInstance()) ? "action 1 has no action set"
                    : "action 1: " + r.getValue(), inPlan.getMessage());
        }
        RequestException path = assertThrows(RequestException.class, () -> Translator.action(oneNode, "actions[0]"));
        assertTrue(path.getMessage().startsWith("path policy A->C: "), path.getMessage());
        assertEquals(new io.twinloop.model.plan.SetLinkWeight("A-B", 2.5), Translator.action(weight(2.5), "actions[0]"));
    }

    @Test
    void demandsAreCheckedFieldByField() {
        TrafficMatrix m = TrafficMatrix.newBuilder()
                .addDemands(Demand.newBuilder().setSrc("A").setDst("B").setRateBps(5))
                .addDemands(Demand.newBuilder().setSrc("A").setDst("B").setRateBps(-1)).build();
        assertEquals("traffic.demands[1].rate_bps",
                assertThrows(RequestException.class, () -> Translator.demands(m, "traffic")).field());
        TrafficMatrix self = TrafficMatrix.newBuilder().addDemands(Demand.newBuilder().setSrc("A").setDst("A")).build();
        assertEquals("traffic.demands[0].dst",
                assertThrows(RequestException.class, () -> Translator.demands(self, "traffic")).field());
    }

    @Test
    void anUnreportedStateIsUpAndAnUnknownOneIsDown() {
        assertEquals(io.twinloop.model.LinkState.UP, Translator.reported(LinkState.LINK_STATE_UNSPECIFIED));
        assertEquals(io.twinloop.model.LinkState.DOWN, Translator.reported(LinkState.UNRECOGNIZED));
    }

    @Test
    void negativeKpisAreRefused() {
        var k = io.twinloop.proto.common.v1.Kpis.newBuilder().setMaxLinkUtilization(-0.5).build();
        assertEquals("round.kpis", assertThrows(RequestException.class, () -> Translator.kpis(k, "round.kpis")).field());
    }
}
