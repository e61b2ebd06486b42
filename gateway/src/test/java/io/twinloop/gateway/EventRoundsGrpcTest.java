package io.twinloop.gateway;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.gateway.v1.StageTiming;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.HypothesisKind;
import io.twinloop.proto.twin.v1.EventKind;
import io.twinloop.proto.twin.v1.LinkStateChanged;
import io.twinloop.proto.twin.v1.ThresholdCrossed;
import io.twinloop.proto.twin.v1.TwinEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rounds started by the twin's events, through the real gateway: the network's policy opens a
 * WatchEvents stream on the (scripted) twin, a relevant event starts a round that diagnoses
 * before it plans, further events are coalesced within the policy's minimum interval, and
 * irrelevant ones start nothing.
 */
@QuarkusTest
class EventRoundsGrpcTest {
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
    void aLinkDownStartsADiagnosedRoundAndLaterEventsAreCoalesced() throws Exception {
        String net = "net-ev1";
        policy(net, EventTriggers.newBuilder().setOnLinkDown(true).setMinIntervalSeconds(1).build(), Guardrails.getDefaultInstance());
        waitFor(() -> !FakeTwin.WATCHERS.getOrDefault(net, List.of()).isEmpty(), "the gateway never opened WatchEvents");
        assertEquals(List.of(EventKind.EVENT_KIND_LINK_STATE_CHANGED), FakeTwin.WATCH_REQUESTS.get(net).getKindsList());

        // a link coming back up, or a threshold crossing, starts nothing under this policy
        FakeTwin.emit(linkState(net, "L1", LinkState.LINK_STATE_UP));
        FakeTwin.emit(threshold(net, "L1", true));
        assertEquals(1, FakeTwin.emit(linkState(net, "L1", LinkState.LINK_STATE_DOWN)));
        waitFor(() -> rounds(net).size() == 1, "no round after the link-down event");
        Thread.sleep(300);
        assertEquals(1, rounds(net).size(), "the ignored events must not start rounds");

        Round first = rounds(net).get(0);
        assertEquals(RoundTrigger.ROUND_TRIGGER_FAULT, first.getTrigger());
        assertEquals("link L1 down", first.getTriggerDetail());
        assertEquals("event", first.getRequestedBy());
        assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, first.getStatus(), "event rounds default to dry-run");
        // diagnose ran first, on each link's latest telemetry, and its ranking is recorded
        assertEquals(List.of(Stage.STAGE_OBSERVE, Stage.STAGE_DIAGNOSE, Stage.STAGE_FORECAST),
                first.getTimingsList().stream().map(StageTiming::getStage).toList().subList(0, 3));
        assertEquals(StageStatus.STAGE_STATUS_OK, first.getTimings(1).getStatus());
        assertEquals(HypothesisKind.HYPOTHESIS_KIND_LINK_DOWN, first.getDiagnosis(0).getKind());
        assertEquals(List.of("L1"), first.getDiagnosis(0).getElementsList());
        var asked = FakePlanner.lastDiagnose;
        assertEquals(3, asked.getObservedCount());
        assertTrue(asked.getObservedList().stream().allMatch(o -> o.getLoadBps() == 10 && o.getOperUp()),
                asked.getObservedList().toString());

        // three more downs at once: one more round, not before the minimum interval, naming all three
        for (String l : List.of("L2", "L3", "L4")) {
            FakeTwin.emit(linkState(net, l, LinkState.LINK_STATE_DOWN));
        }
        waitFor(() -> rounds(net).size() == 2, "no second round");
        Thread.sleep(1500);
        List<Round> all = rounds(net);
        assertEquals(2, all.size(), "the three events must be coalesced into one round");
        Round second = all.get(0);
        assertEquals("link L2 down; link L3 down; link L4 down", second.getTriggerDetail());
        // (the interval runs from when the watcher starts a round, a few ms before the round records its start)
        assertTrue(second.getStartedUnixMs() - first.getStartedUnixMs() >= 950,
                "rounds " + (second.getStartedUnixMs() - first.getStartedUnixMs()) + " ms apart; the policy says 1 s");

        // events off: the stream is closed and events start nothing
        policy(net, EventTriggers.getDefaultInstance(), Guardrails.getDefaultInstance());
        Thread.sleep(300);
        FakeTwin.emit(linkState(net, "L1", LinkState.LINK_STATE_DOWN));
        Thread.sleep(1500);
        assertEquals(2, rounds(net).size(), "with events off a link-down starts nothing");
    }

    @Test
    void aThresholdCrossingUsesThePolicysGuardrailAndDegradesWithoutTelemetry() throws Exception {
        String net = "net-ev2";
        Script.noTelemetry = true;
        policy(net, EventTriggers.newBuilder().setOnThreshold(true).setMode(RoundMode.ROUND_MODE_AUTO)
                .setMinIntervalSeconds(1).build(), Guardrails.newBuilder().setMaxLinkUtilization(0.8).build());
        waitFor(() -> !FakeTwin.WATCHERS.getOrDefault(net, List.of()).isEmpty(), "the gateway never opened WatchEvents");
        assertEquals(0.8, FakeTwin.WATCH_REQUESTS.get(net).getUtilizationThreshold(), 1e-12);
        FakeTwin.emit(threshold(net, "L3", false));
        FakeTwin.emit(linkState(net, "L3", LinkState.LINK_STATE_DOWN));
        Thread.sleep(300);
        assertEquals(0, rounds(net).size(), "falling below the threshold or a link-down (off) start nothing");
        FakeTwin.emit(threshold(net, "L3", true));
        waitFor(() -> rounds(net).size() == 1, "no round after the threshold crossing");
        Round r = rounds(net).get(0);
        assertEquals("link L3 at 95.0% (threshold 80.0%)", r.getTriggerDetail());
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, r.getStatus(), "the policy's event mode is auto");
        assertEquals(StageStatus.STAGE_STATUS_SKIPPED, r.getTimingsList().stream()
                .filter(t -> t.getStage() == Stage.STAGE_DIAGNOSE).findFirst().orElseThrow().getStatus());
        assertTrue(r.getDegradationsList().contains("no link telemetry stored: nothing to diagnose"),
                r.getDegradationsList().toString());
        policy(net, EventTriggers.getDefaultInstance(), Guardrails.getDefaultInstance());
    }

    private void policy(String net, EventTriggers events, Guardrails guardrails) {
        gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(NetworkPolicy.newBuilder().setNetwork(net)
                .setEvents(events).setGuardrails(guardrails)).build());
    }

    private List<Round> rounds(String net) {
        return gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork(net).build()).getRoundsList();
    }

    private static TwinEvent linkState(String net, String link, LinkState state) {
        return TwinEvent.newBuilder().setNetwork(net).setKind(EventKind.EVENT_KIND_LINK_STATE_CHANGED)
                .setTimeUnixMs(System.currentTimeMillis())
                .setLinkStateChanged(LinkStateChanged.newBuilder().setLinkId(link).setState(state)).build();
    }

    private static TwinEvent threshold(String net, String link, boolean above) {
        return TwinEvent.newBuilder().setNetwork(net).setKind(EventKind.EVENT_KIND_THRESHOLD_CROSSED)
                .setTimeUnixMs(System.currentTimeMillis()).setThresholdCrossed(ThresholdCrossed.newBuilder()
                        .setLinkId(link).setUtilization(above ? 0.95 : 0.5).setThreshold(0.8).setAbove(above)).build();
    }

    private static void waitFor(BooleanSupplier condition, String message) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(message);
    }
}
