package io.twinloop.gateway;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.DeleteScheduleRequest;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.twin.v1.EventKind;
import io.twinloop.proto.twin.v1.LinkStateChanged;
import io.twinloop.proto.twin.v1.TwinEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected elements that are not in the network, and planner refusals: neither may leave a
 * network's rounds looking healthy while nothing is planned. Unknown names are refused when a
 * policy or schedule is set; a protected link a later version dropped fails every kind of round
 * (manual, scheduled, event) with the element named; a planner that refuses (not one that is
 * down) fails the round too.
 */
@QuarkusTest
class ProtectedElementsGrpcTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;

    @BeforeEach
    void reset() {
        Script.reset();
        Script.candidates = List.of(Candidate.newBuilder().setId("good").setSource("optimizer")
                .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                        SetLinkWeight.newBuilder().setLinkId("L1").setIgpWeight(5)))).build());
    }

    @Test
    void unknownProtectedLinksAndNodesAreNotFoundWhenAPolicyOrScheduleIsSet() {
        String net = "net-pe-set";
        NetworkPolicy before = policy(net);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> setPolicy(net,
                Guardrails.newBuilder().addProtectedLinkIds("L1").addProtectedLinkIds("NOPE").addProtectedNodeNames("B")
                        .addProtectedNodeNames("Z").build(), EventTriggers.getDefaultInstance()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        String msg = e.getStatus().getDescription();
        assertTrue(msg.contains("link 'NOPE'") && msg.contains("node 'Z'") && msg.contains(net), msg);
        assertTrue(!msg.contains("'L1'") && !msg.contains("'B'"), "only the missing ones are named: " + msg);
        assertEquals("UNKNOWN_PROTECTED_ELEMENT", reason(e));
        assertEquals(before, policy(net), "nothing was stored");

        var schedule = SetScheduleRequest.newBuilder().setNetwork(net).setIntervalSeconds(60)
                .setGuardrails(Guardrails.newBuilder().addProtectedLinkIds("NOPE")).build();
        StatusRuntimeException s = assertThrows(StatusRuntimeException.class, () -> gateway.setSchedule(schedule));
        assertEquals(Status.Code.NOT_FOUND, s.getStatus().getCode());
        assertTrue(s.getStatus().getDescription().contains("link 'NOPE'"), s.getStatus().getDescription());
        assertTrue(gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .noneMatch(x -> x.getNetwork().equals(net)), "no schedule was stored");

        // elements that exist are accepted
        NetworkPolicy ok = setPolicy(net, Guardrails.newBuilder().addProtectedLinkIds("L4").addProtectedNodeNames("B").build(),
                EventTriggers.getDefaultInstance());
        assertEquals(List.of("L4"), ok.getGuardrails().getProtectedLinkIdsList());
    }

    @Test
    void aManualRoundFailsLoudlyWhenTheLatestVersionDroppedAPolicysProtectedLink() {
        String net = "net-pe-manual";
        setPolicy(net, Guardrails.newBuilder().addProtectedLinkIds("L4").build(), EventTriggers.getDefaultInstance());
        Script.removedLinks = Set.of("L4");
        Script.version.set(2);
        FakePlanner.lastRequest = null;
        var run = RunRoundRequest.newBuilder().setNetwork(net).setMode(RoundMode.ROUND_MODE_AUTO).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(run));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("UNKNOWN_PROTECTED_ELEMENT", reason(e));
        List<Round> rounds = rounds(net);
        assertEquals(1, rounds.size(), "the failed round is recorded");
        Round r = rounds.get(0);
        assertEquals(RoundStatus.ROUND_STATUS_FAILED, r.getStatus());
        assertTrue(r.getError().contains("link 'L4'") && r.getError().contains("network policy")
                && r.getError().contains("version 2"), r.getError());
        assertTrue(e.getStatus().getDescription().contains(r.getId()), e.getStatus().getDescription());
        assertEquals(0, Script.applyCalls.get(), "nothing applied");
        assertEquals(null, FakePlanner.lastRequest, "the planner was not asked");

        // a request's own unknown protected link is bad input: NOT_FOUND, nothing recorded
        Script.removedLinks = Set.of();
        var own = run.toBuilder().setGuardrails(Guardrails.newBuilder().addProtectedLinkIds("NOPE")).build();
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(own));
        assertEquals(Status.Code.NOT_FOUND, bad.getStatus().getCode());
        assertTrue(bad.getStatus().getDescription().contains("link 'NOPE'"), bad.getStatus().getDescription());
        assertEquals(1, rounds(net).size());
    }

    @Test
    void scheduledAndEventRoundsFailLoudlyToo() throws Exception {
        String net = "net-pe-auto";
        setPolicy(net, Guardrails.newBuilder().addProtectedLinkIds("L4").build(),
                EventTriggers.newBuilder().setOnLinkDown(true).setMinIntervalSeconds(1).build());
        waitFor(() -> !FakeTwin.WATCHERS.getOrDefault(net, List.of()).isEmpty(), "the gateway never opened WatchEvents");
        Script.removedLinks = Set.of("L4");
        FakeTwin.emit(TwinEvent.newBuilder().setNetwork(net).setKind(EventKind.EVENT_KIND_LINK_STATE_CHANGED)
                .setTimeUnixMs(System.currentTimeMillis()).setLinkStateChanged(LinkStateChanged.newBuilder()
                        .setLinkId("L1").setState(LinkState.LINK_STATE_DOWN)).build());
        waitFor(() -> byTrigger(net, RoundTrigger.ROUND_TRIGGER_FAULT).size() == 1, "no event round");
        gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork(net).setIntervalSeconds(1).build());
        try {
            waitFor(() -> !byTrigger(net, RoundTrigger.ROUND_TRIGGER_SCHEDULE).isEmpty(), "no scheduled round");
        } finally {
            gateway.deleteSchedule(DeleteScheduleRequest.newBuilder().setNetwork(net).build());
            setPolicy(net, Guardrails.getDefaultInstance(), EventTriggers.getDefaultInstance());
        }
        for (RoundTrigger t : List.of(RoundTrigger.ROUND_TRIGGER_FAULT, RoundTrigger.ROUND_TRIGGER_SCHEDULE)) {
            Round r = byTrigger(net, t).get(0);
            assertEquals(RoundStatus.ROUND_STATUS_FAILED, r.getStatus(), t + ": " + r);
            assertTrue(r.getError().contains("link 'L4'") && r.getError().contains("network policy"), r.getError());
            assertTrue(r.getDegradationsList().stream().noneMatch(d -> d.contains("planner")), r.getDegradationsList().toString());
        }
    }

    @Test
    void aPlannerRefusalFailsTheRoundWhileAPlannerOutageStillDegrades() {
        String net = "net-pe-planner";
        Script.plannerError = Status.INVALID_ARGUMENT.withDescription("objective weights are all zero (scripted)");
        var run = RunRoundRequest.newBuilder().setNetwork(net).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(run));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("PLANNER_REFUSED", reason(e));
        Round refused = rounds(net).get(0);
        assertEquals(RoundStatus.ROUND_STATUS_FAILED, refused.getStatus());
        assertTrue(refused.getError().contains("planner-service refused the round: INVALID_ARGUMENT: objective weights"),
                refused.getError());

        Script.plannerError = Status.PERMISSION_DENIED.withDescription("the gateway's token lacks a role (scripted)");
        StatusRuntimeException denied = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(run));
        assertEquals(Status.Code.FAILED_PRECONDITION, denied.getStatus().getCode(), "a refused token is not an outage");
        assertEquals(RoundStatus.ROUND_STATUS_FAILED, rounds(net).get(0).getStatus());

        Script.plannerError = Status.UNAVAILABLE.withDescription("planner is down (scripted)");
        Round degraded = gateway.runRound(run).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_COMPLETED, degraded.getStatus(), "an outage keeps the configuration");
        assertTrue(degraded.getDegradationsList().stream().anyMatch(d -> d.startsWith("planner unavailable (UNAVAILABLE")),
                degraded.getDegradationsList().toString());
    }

    private NetworkPolicy policy(String net) {
        return gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(net).build()).getPolicy();
    }

    private NetworkPolicy setPolicy(String net, Guardrails g, EventTriggers events) {
        return gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(NetworkPolicy.newBuilder()
                .setNetwork(net).setGuardrails(g).setEvents(events)).build()).getPolicy();
    }

    private List<Round> rounds(String net) {
        return gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork(net).build()).getRoundsList();
    }

    private List<Round> byTrigger(String net, RoundTrigger t) {
        return rounds(net).stream().filter(r -> r.getTrigger() == t).toList();
    }

    static String reason(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        for (Any a : s == null ? List.<Any>of() : s.getDetailsList()) {
            if (a.is(ErrorInfo.class)) {
                try {
                    return a.unpack(ErrorInfo.class).getReason();
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                    throw new AssertionError(x);
                }
            }
        }
        return null;
    }

    private static void waitFor(BooleanSupplier condition, String message) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(message);
    }
}
