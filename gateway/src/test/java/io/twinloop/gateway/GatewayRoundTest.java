package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkAdminState;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.ReplayRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.gateway.v1.WatchRoundRequest;
import io.twinloop.proto.gateway.v1.WatchRoundResponse;
import io.twinloop.proto.planner.v1.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Round orchestration through the gateway's real gRPC API, against scripted twin, forecast
 * and planner services served in the same test application ({@link FakeTwin} etc.).
 */
@QuarkusTest
class GatewayRoundTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;

    private static final Candidate GOOD = candidate("good", weight("L1", 5));
    private static final Candidate BETTER = candidate("better", weight("L1", 5), weight("L1", 6));
    private static final Candidate WORSE = candidate("worse", weight("L2", 9));
    private static final Candidate PROTECTED = candidate("protected", weight("L1", 5), weight("L4", 9), weight("L1", 7));
    private static final Candidate DISCONNECTS = candidate("disconnects", weight("L1", 5), weight("L1", 6), weight("L1", 7),
            PlanAction.newBuilder().setSetLinkAdminState(SetLinkAdminState.newBuilder().setLinkId("L3")
                    .setState(LinkState.LINK_STATE_DOWN)).build());
    private static final Candidate UNKNOWN_LINK = candidate("unknown", weight("L9", 2));
    private static final Candidate NO_OP = candidate("no-op");
    private static final Candidate TWIN_REJECTS = candidate("twin-rejects", weight("L3", 404));
    private static final Candidate FAST = candidate("fast", weight("L3", 2));
    private static final Candidate GOOD_AND_FAST = candidate("good+fast", weight("L1", 5), weight("L3", 2));

    @BeforeEach
    void reset() {
        Script.reset();
    }

    @Test
    void autoAppliesTheBestCandidateThatPassesEveryGuardrail() {
        Script.candidates = List.of(NO_OP, WORSE, PROTECTED, DISCONNECTS, UNKNOWN_LINK, GOOD, TWIN_REJECTS, BETTER);
        FakeTwin.VERIFY_CALLS.set(0);
        Round r = run(RoundMode.ROUND_MODE_AUTO, Guardrails.newBuilder().addProtectedLinkIds("L4").build());

        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, r.getStatus());
        assertEquals(1, r.getBaseVersion());
        assertEquals(2, r.getAppliedVersion());
        assertEquals("better", r.getChosenCandidateId());
        assertEquals(List.of(BETTER.getPlan()), Script.applied);
        assertEquals(0.9, r.getKpisBefore().getMaxLinkUtilization(), 1e-9);
        assertEquals(0.7, r.getKpisAfter().getMaxLinkUtilization(), 1e-9);
        // Worst case over observed (x1.0), p50 (x1.1) and p90 (x1.2) traffic.
        assertEquals(0.7 * 1.2, record(r, "better").getScore(), 1e-9);
        assertEquals(0.84, record(r, "better").getVerifiedKpisP90().getMaxLinkUtilization(), 1e-9);

        assertTrue(reasons(r, "worse").contains("over the limit"), reasons(r, "worse"));
        assertTrue(reasons(r, "protected").contains("protected link 'L4'"), reasons(r, "protected"));
        assertTrue(reasons(r, "disconnects").contains("unrouted"), reasons(r, "disconnects"));
        assertTrue(reasons(r, "unknown").contains("unknown link 'L9'"), reasons(r, "unknown"));
        assertTrue(record(r, "good").getVerified());
        assertEquals("the twin rejected the plan: weight 404 not found (scripted)", reasons(r, "twin-rejects"));
        assertEquals(1, FakeTwin.VERIFY_CALLS.get(), "every candidate under every matrix in one call");
        // The planner planned on the snapshot the round holds, at its version.
        assertEquals(1, FakePlanner.lastRequest.getVersion());
        assertEquals(List.of("L1", "L2", "L3", "L4"), FakePlanner.lastRequest.getTopology().getLinksList().stream()
                .map(io.twinloop.proto.common.v1.Link::getId).toList());
        // Keeping the configuration is the verified baseline, never the plan that gets applied.
        assertTrue(record(r, "no-op").getVerified());
        assertEquals(0.9 * 1.2, record(r, "no-op").getScore(), 1e-9);
        assertEquals("fake", r.getForecastMethod());
        assertEquals(List.of(Stage.STAGE_OBSERVE, Stage.STAGE_FORECAST, Stage.STAGE_PLAN, Stage.STAGE_VERIFY,
                Stage.STAGE_APPLY, Stage.STAGE_RECORD), r.getTimingsList().stream().map(t -> t.getStage()).toList());
        // The planner was asked to plan on the p50 forecast and to hold under observed and p90 traffic.
        assertEquals(110, FakePlanner.lastRequest.getTraffic().getDemands(0).getRateBps(), 1e-9);
        assertEquals(2, FakePlanner.lastRequest.getTrafficSamplesCount());
    }

    @Test
    void theRoundRecordsWhatTheLlmDidAndWhyItsPlanWasNotUsed() {
        Script.candidates = List.of(GOOD);
        Script.llm = io.twinloop.proto.planner.v1.ProposeResponse.newBuilder()
                .setLlmStatus("invalid output: unknown link 'nope'")
                .setUsage(io.twinloop.proto.common.v1.TokenUsage.newBuilder().setPromptTokens(1200)
                        .setCompletionTokens(80).setTotalTokens(1280).setLlmCalls(4))
                .setLlmTrace(io.twinloop.proto.common.v1.LlmTrace.newBuilder().setLatencyMs(812.5).setModelMs(790)
                        .setAnswers(3).setFallbackReason("the LLM's plan was rejected 3 time(s); last: unknown link 'nope'")
                        .addToolCalls(io.twinloop.proto.common.v1.LlmToolCall.newBuilder().setName("hot_links")
                                .setOk(true).setMillis(1.5))
                        .addToolCalls(io.twinloop.proto.common.v1.LlmToolCall.newBuilder().setName("diagnose")
                                .setOk(false).setError("no link telemetry")))
                .build();
        Round r = run(RoundMode.ROUND_MODE_DRY_RUN, Guardrails.getDefaultInstance());
        Round stored = gateway.getRound(io.twinloop.proto.gateway.v1.GetRoundRequest.newBuilder().setRoundId(r.getId())
                .build()).getRound();
        for (Round x : List.of(r, stored)) {
            assertEquals("invalid output: unknown link 'nope'", x.getLlmStatus());
            assertEquals(1280, x.getLlmUsage().getTotalTokens());
            assertEquals(4, x.getLlmUsage().getLlmCalls());
            assertEquals(Script.llm.getLlmTrace(), x.getLlmTrace());
            assertTrue(x.getDegradationsList().stream().anyMatch(d -> d.startsWith("LLM plan not used: the LLM's plan "
                    + "was rejected 3 time(s)")), x.getDegradationsList().toString());
        }
        assertEquals("good", stored.getChosenCandidateId(), "the optimizer's candidate stands in");
    }

    @Test
    void dryRunVerifiesButAppliesNothing() {
        Script.candidates = List.of(GOOD);
        Round r = run(RoundMode.ROUND_MODE_DRY_RUN, Guardrails.getDefaultInstance());
        assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, r.getStatus());
        assertEquals("good", r.getChosenCandidateId());
        assertEquals(0, Script.applyCalls.get());
        assertEquals(0, r.getAppliedVersion());
    }

    @Test
    void theRoundsObjectiveDecidesWhichVerifiedPlanIsChosen() {
        // "good" lowers the MLU (90% -> 80%) and lengthens paths (20 -> 21.5 ms); "fast" shortens them (18 ms).
        Script.candidates = List.of(NO_OP, GOOD, FAST);
        Round mlu = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_MIN_MLU));
        assertEquals("good", mlu.getChosenCandidateId());
        assertTrue(reasons(mlu, "fast").contains("no real improvement: worst-case MLU"), reasons(mlu, "fast"));
        assertTrue(mlu.getChoiceReason().startsWith("lowest verified worst-case MLU: 108.0% -> 96.0%"),
                mlu.getChoiceReason());

        Round latency = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_MIN_LATENCY));
        assertEquals("fast", latency.getChosenCandidateId());
        assertEquals(18, record(latency, "fast").getScore(), 1e-9);
        assertEquals(20, record(latency, "no-op").getScore(), 1e-9);
        assertTrue(reasons(latency, "good").contains("worst-case mean latency 21.50 ms vs 20.00 ms"),
                reasons(latency, "good"));
        assertTrue(latency.getChoiceReason().startsWith("lowest verified worst-case mean latency: 20.00 ms -> 18.00 ms"),
                latency.getChoiceReason());

        // Weighted: MLU and latency relative to today (good: 96/108 + 21.5/20, fast: 1 + 0.9), and no weight on power.
        Round weighted = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_WEIGHTED)
                .setObjectiveWeights(ObjectiveWeights.newBuilder().setUtilization(1).setLatency(1)));
        assertEquals("fast", weighted.getChosenCandidateId());
        assertEquals(0.96 / 1.08 + 21.5 / 20, record(weighted, "good").getScore(), 1e-9);
        assertEquals(1.9, record(weighted, "fast").getScore(), 1e-9);
        Round utilizationHeavy = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_WEIGHTED)
                .setObjectiveWeights(ObjectiveWeights.newBuilder().setUtilization(10).setLatency(1)));
        assertEquals("good", utilizationHeavy.getChosenCandidateId());
    }

    @Test
    void theRoundsConstraintsAreCheckedOnTheTwin() {
        Script.candidates = List.of(GOOD, BETTER, GOOD_AND_FAST);
        Round r = run(RunRoundRequest.newBuilder().addConstraints(Constraint.newBuilder()
                .setMetric(ConstraintMetric.CONSTRAINT_METRIC_MEAN_LATENCY_MS).setOp(ConstraintOp.CONSTRAINT_OP_LE)
                .setValue(21)));
        // "better" has the lowest MLU but 23 ms; "good" 21.5 ms; only "good+fast" (19.5 ms) keeps the bound.
        assertTrue(reasons(r, "better").contains("constraint mean_latency_ms <= 21.00 broken: 23.00 (observed traffic;"
                + " 20.00 today)"), reasons(r, "better"));
        assertTrue(reasons(r, "good").contains("constraint mean_latency_ms <= 21.00 broken: 21.50"), reasons(r, "good"));
        assertEquals("good+fast", r.getChosenCandidateId());
    }

    @Test
    void minChurnChangesNothingUnlessTodaysConfigurationBreaksALimit() {
        Script.candidates = List.of(GOOD, FAST, GOOD_AND_FAST);
        Round calm = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_MIN_CHURN));
        assertEquals("", calm.getChosenCandidateId(), calm.getChoiceReason());
        assertTrue(reasons(calm, "fast").contains("no real improvement: number of changes 1 vs 0 today"),
                reasons(calm, "fast"));

        // Today's 20 ms breaks "at most 19 ms": the smallest plan that meets it wins.
        Round broken = run(RunRoundRequest.newBuilder().setObjective(Objective.OBJECTIVE_MIN_CHURN)
                .addConstraints(Constraint.newBuilder().setMetric(ConstraintMetric.CONSTRAINT_METRIC_MEAN_LATENCY_MS)
                        .setOp(ConstraintOp.CONSTRAINT_OP_LE).setValue(19)));
        assertEquals("fast", broken.getChosenCandidateId());
        assertTrue(reasons(broken, "good").contains("constraint mean_latency_ms <= 19.00 broken"), reasons(broken, "good"));
        // 19.5 ms still breaks the bound (but less than today, so it is no constraint violation of its own).
        assertTrue(reasons(broken, "good+fast").contains("no real improvement"), reasons(broken, "good+fast"));
        assertTrue(broken.getChoiceReason().startsWith("today's configuration breaks a limit this plan meets"),
                broken.getChoiceReason());
    }

    @Test
    void tooManyChangesAreRejected() {
        Script.candidates = List.of(BETTER);
        Round r = run(RoundMode.ROUND_MODE_AUTO, Guardrails.newBuilder().setMaxChanges(1).build());
        assertEquals(RoundStatus.ROUND_STATUS_COMPLETED, r.getStatus());
        assertTrue(reasons(r, "better").contains("exceed the limit of 1"), reasons(r, "better"));
        assertEquals(0, Script.applyCalls.get());
    }

    @Test
    void forecastDownDegradesToObservedTraffic() {
        Script.forecastDown = true;
        Script.candidates = List.of(GOOD);
        Round r = run(RoundMode.ROUND_MODE_AUTO, Guardrails.getDefaultInstance());
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, r.getStatus());
        assertTrue(r.getDegradationsList().stream().anyMatch(d -> d.startsWith("forecast unavailable")), r.toString());
        assertEquals(StageStatus.STAGE_STATUS_DEGRADED, r.getTimings(1).getStatus());
        assertEquals(100, FakePlanner.lastRequest.getTraffic().getDemands(0).getRateBps(), 1e-9);
        // Without a forecast, the score is the observed traffic only.
        assertEquals(0.8, record(r, "good").getScore(), 1e-9);
    }

    @Test
    void plannerDownKeepsTheConfigurationAndSaysSo() {
        Script.plannerDown = true;
        Round r = run(RoundMode.ROUND_MODE_AUTO, Guardrails.getDefaultInstance());
        assertEquals(RoundStatus.ROUND_STATUS_COMPLETED, r.getStatus());
        assertTrue(r.getDegradationsList().stream().anyMatch(d -> d.startsWith("planner unavailable")));
        assertEquals(0, Script.applyCalls.get());
    }

    @Test
    void twinDownFailsCleanlyWithUnavailableAndAppliesNothing() {
        Script.twinDown = true;
        Script.candidates = List.of(GOOD);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run(RoundMode.ROUND_MODE_AUTO,
                Guardrails.getDefaultInstance()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(0, Script.applyCalls.get());
        List<Round> failed = gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork("net")
                .addStatuses(RoundStatus.ROUND_STATUS_FAILED).build()).getRoundsList();
        assertTrue(failed.stream().anyMatch(r -> e.getStatus().getDescription().contains(r.getId())),
                "the failed round is recorded under the id in the error");
    }

    @Test
    void aNetworkChangedDuringTheRoundIsNotOverwritten() {
        Script.bumpVersionOnVerify = true;
        Script.candidates = List.of(GOOD);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> run(RoundMode.ROUND_MODE_AUTO,
                Guardrails.getDefaultInstance()));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertTrue(Script.applied.isEmpty());
    }

    @Test
    void approveReverifiesThenApplies_rejectAppliesNothing() {
        Script.candidates = List.of(GOOD);
        Round pending = run(RoundMode.ROUND_MODE_APPROVE, Guardrails.getDefaultInstance());
        assertEquals(RoundStatus.ROUND_STATUS_PENDING_APPROVAL, pending.getStatus());
        assertEquals(0, Script.applyCalls.get());

        Script.version.set(3); // the network moved on; approval re-verifies at the latest version
        Round approved = gateway.approveRound(ApproveRoundRequest.newBuilder().setRoundId(pending.getId())
                .setApprover("alice").build()).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, approved.getStatus());
        assertEquals(4, approved.getAppliedVersion());
        assertEquals("alice", approved.getDecidedBy());

        StatusRuntimeException twice = assertThrows(StatusRuntimeException.class, () -> gateway.approveRound(
                ApproveRoundRequest.newBuilder().setRoundId(pending.getId()).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, twice.getStatus().getCode());

        Round other = run(RoundMode.ROUND_MODE_APPROVE, Guardrails.getDefaultInstance());
        Round rejected = gateway.rejectRound(RejectRoundRequest.newBuilder().setRoundId(other.getId())
                .setReason("change freeze").build()).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_REJECTED, rejected.getStatus());
        assertEquals("change freeze", rejected.getRejectionReason());
        assertEquals(1, Script.applyCalls.get());
    }

    @Test
    void aDecisionWhileAnotherIsInProgressIsRefusedAtOnceWithARetryHint() throws Exception {
        Script.candidates = List.of(GOOD);
        Round pending = run(RoundMode.ROUND_MODE_APPROVE, Guardrails.getDefaultInstance());
        Round other = run(RoundMode.ROUND_MODE_APPROVE, Guardrails.getDefaultInstance());
        Script.applyGate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Round> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> gateway.approveRound(ApproveRoundRequest.newBuilder().setRoundId(pending.getId()).build()).getRound());
        for (int i = 0; i < 3000 && Script.applyWaiting.get() == 0; i++) {
            Thread.sleep(1);
        }
        assertEquals(1, Script.applyWaiting.get(), "the approval is applying its plan");

        StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> gateway.rejectRound(
                RejectRoundRequest.newBuilder().setRoundId(other.getId()).build()));
        assertEquals(Status.Code.UNAVAILABLE, busy.getStatus().getCode());
        assertTrue(busy.getStatus().getDescription().contains("decided one at a time"), busy.getStatus().getDescription());
        assertTrue(io.twinloop.platform.limits.Overload.retryDelayNanos(busy).isPresent(), "RetryInfo");

        Script.applyGate.countDown();
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, first.get(30, java.util.concurrent.TimeUnit.SECONDS).getStatus());
        // the refused rejection changed nothing: the other round is still pending and can be decided now
        assertEquals(RoundStatus.ROUND_STATUS_REJECTED, gateway.rejectRound(RejectRoundRequest.newBuilder()
                .setRoundId(other.getId()).build()).getRound().getStatus());
    }

    @Test
    void replayIsADryRunAtTheRecordedVersion() {
        Script.candidates = List.of(GOOD);
        Round first = run(RoundMode.ROUND_MODE_AUTO, Guardrails.getDefaultInstance());
        assertEquals(2, first.getAppliedVersion());
        Round replay = gateway.replayRound(ReplayRoundRequest.newBuilder().setRoundId(first.getId()).build()).getRound();
        assertEquals(1, replay.getBaseVersion());
        assertEquals(first.getId(), replay.getReplayOf());
        assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, replay.getStatus());
        assertEquals(1, Script.applyCalls.get());
    }

    @Test
    void watchStreamsEveryStageThenTheRecord() {
        Script.candidates = List.of(GOOD);
        List<WatchRoundResponse> events = new ArrayList<>();
        gateway.watchRound(WatchRoundRequest.newBuilder().setNetwork("net").setMode(RoundMode.ROUND_MODE_DRY_RUN).build())
                .forEachRemaining(events::add);
        assertEquals(StageStatus.STAGE_STATUS_RUNNING, events.get(0).getProgress().getStatus());
        Round last = events.get(events.size() - 1).getProgress().getRound();
        assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, last.getStatus());
        assertEquals(13, events.size(), "6 stages x (running + done) + the final record");
    }

    @Test
    void badInputIsRejectedAndNotRecorded() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(
                RunRoundRequest.newBuilder().setNetwork("elsewhere").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork("elsewhere").build()).getRoundsList().isEmpty());

        e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(RunRoundRequest.newBuilder()
                .setNetwork("net").setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(-1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(
                RunRoundRequest.newBuilder().setNetwork("bad name").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> gateway.approveRound(
                ApproveRoundRequest.newBuilder().setRoundId("r-nope").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    /** A dry run under a 150% utilization limit, which keeping the configuration (108% at p90) meets. */
    private Round run(RunRoundRequest.Builder req) {
        return gateway.runRound(req.setNetwork("net").setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(1.5)).build()).getRound();
    }

    private Round run(RoundMode mode, Guardrails guardrails) {
        return gateway.runRound(RunRoundRequest.newBuilder().setNetwork("net").setMode(mode).setGuardrails(guardrails)
                .build()).getRound();
    }

    private static CandidateRecord record(Round r, String id) {
        return r.getCandidatesList().stream().filter(c -> c.getId().equals(id)).findFirst().orElseThrow();
    }

    private static String reasons(Round r, String id) {
        CandidateRecord c = record(r, id);
        assertFalse(c.getVerified(), id + " must be rejected");
        return String.join("; ", c.getRejectionReasonsList());
    }

    private static PlanAction weight(String link, double w) {
        return PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(link).setIgpWeight(w)).build();
    }

    private static Candidate candidate(String id, PlanAction... actions) {
        return Candidate.newBuilder().setId(id).setSource("optimizer")
                .setPlan(Plan.newBuilder().addAllActions(List.of(actions))).build();
    }
}
