package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.gateway.limits.GatewayLoadShedding;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundProgress;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one optimization round through the twin, the forecaster and the planner: the round's state
 * machine. The stages' work is in their own classes: {@link RoundObservation}, {@link RoundDiagnosis},
 * {@link RoundVerifier}, {@link RoundRecorder}; decisions on pending rounds in {@link RoundApprovals}.
 *
 * <ol>
 *   <li><b>observe</b>: the twin's snapshot and the KPIs under the observed traffic, with that matrix;</li>
 *   <li><b>forecast</b>: the next interval's p50 and p90 (degrades to the observed traffic);</li>
 *   <li><b>plan</b>: candidates from the planner, planned robustly on p90 and observed traffic, on the
 *       snapshot the round holds (the planner does not fetch it again);</li>
 *   <li><b>verify</b>: every candidate verified by the twin at the round's version under the observed,
 *       p50 and p90 traffic in one call, and checked against the guardrails;</li>
 *   <li><b>apply</b>: in {@code auto}, the best verified plan with optimistic concurrency;</li>
 *   <li><b>record</b>: the whole round, stored.</li>
 * </ol>
 *
 * <p>Size: about 300 lines, the round's state machine only (stages, budget, outcome); the
 * verifier, approvals, record assembly and each stage's calls live in their own classes.
 */
@ApplicationScoped
public class RoundRunner {
    /** Default round deadline when the request sets none. */
    static final long DEFAULT_DEADLINE_MS = 30_000;
    static final double DEFAULT_MAX_UTILIZATION = 1.0;
    static final int DEFAULT_MAX_CHANGES = 10;
    private static final double EPS = 1e-9;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;
    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;
    @GrpcClient("planner")
    PlannerServiceGrpc.PlannerServiceBlockingStub planner;
    @Inject
    RoundRecorder recorder;
    @Inject
    RoundApprovals approvals;
    @Inject
    NetworkPolicyStore policies;
    @Inject
    GatewayLoadShedding shedding;
    @Inject
    GatewayConfig config;
    /** Round admission: at most this many rounds run at once (gRPC, REST, schedules and events alike). */
    private ConcurrencyLimiter admission;

    @PostConstruct
    void init() {
        admission = new ConcurrencyLimiter("rounds", "twinloop.gateway.max-rounds-in-flight",
                config.gateway().maxRoundsInFlight(), TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(60), System::nanoTime);
    }

    /**
     * Runs a round and records it. {@code pinnedVersion} > 0 replays against that version
     * (replays are always dry runs).
     *
     * @throws RoundFailedException when the round cannot run (bad input, twin down)
     */
    public Round run(RunRoundRequest req, RoundTrigger trigger, long pinnedVersion, String replayOf,
                     Consumer<RoundProgress> progress) {
        return run(req, new Trigger(trigger, "", false), pinnedVersion, replayOf, progress);
    }

    /**
     * What started a round.
     *
     * @param kind     the trigger recorded
     * @param detail   what happened, in words (recorded as {@code trigger_detail})
     * @param diagnose whether to rank fault hypotheses before planning (event rounds)
     */
    public record Trigger(RoundTrigger kind, String detail, boolean diagnose) {
    }

    /** Runs a round started by {@code trigger}; see {@link #run(RunRoundRequest, RoundTrigger, long, String, Consumer)}. */
    public Round run(RunRoundRequest req, Trigger trigger, long pinnedVersion, String replayOf,
                     Consumer<RoundProgress> progress) {
        ConcurrencyLimiter.Permit permit = admission.tryAcquire();
        if (permit == null) {
            shedding.shed("round:" + trigger.kind().name().replace("ROUND_TRIGGER_", "").toLowerCase(Locale.ROOT), admission);
            throw new RoundFailedException(Status.Code.UNAVAILABLE, "", admission.refusal("the gateway"),
                    admission.retryAfterNanos());
        }
        try (permit) {
            return runAdmitted(req, trigger, pinnedVersion, replayOf, progress);
        }
    }

    private Round runAdmitted(RunRoundRequest req, Trigger trigger, long pinnedVersion, String replayOf,
                              Consumer<RoundProgress> progress) {
        long started = System.currentTimeMillis();
        long deadlineMs = req.hasDeadline()
                ? req.getDeadline().getSeconds() * 1000 + req.getDeadline().getNanos() / 1_000_000
                : DEFAULT_DEADLINE_MS;
        if (deadlineMs <= 0 || deadlineMs > 600_000) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "",
                    "deadline must be in (0 s, 600 s], got " + deadlineMs + " ms");
        }
        RoundMode mode = req.getMode() == RoundMode.ROUND_MODE_UNSPECIFIED ? RoundMode.ROUND_MODE_DRY_RUN : req.getMode();
        if (mode == RoundMode.UNRECOGNIZED) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "", "unknown round mode " + req.getModeValue());
        }
        // the network policy, read once: its guardrails and its worth rule both decide this round
        NetworkPolicy policy = policies.find(req.getNetwork()).orElse(NetworkPolicy.getDefaultInstance());
        Guardrails guard = effectiveGuardrails(req.getGuardrails(), policy.getGuardrails());
        String id = "r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Round.Builder round = Round.newBuilder()
                .setId(id).setNetwork(req.getNetwork()).setMode(mode).setStatus(RoundStatus.ROUND_STATUS_RUNNING)
                .setStartedUnixMs(started).setTrigger(trigger.kind()).setTriggerDetail(trigger.detail()).setObjective(req.getObjective())
                .setObjectiveWeights(req.getObjectiveWeights()).addAllConstraints(req.getConstraintsList())
                .setGuardrails(guard).setTraffic(req.getTraffic())
                .setForecastHorizonSteps(Math.max(1, req.getForecastHorizonSteps()))
                .setIntent(req.getIntent()).setRequestedBy(req.getRequestedBy()).setReplayOf(replayOf)
                .setLlmStatus("no LLM configured: optimizer only");
        StageBudget budget = new StageBudget(Deadline.after(deadlineMs, TimeUnit.MILLISECONDS));
        StageTimer timer = new StageTimer(round, id, progress);

        // observe
        timer.start(Stage.STAGE_OBSERVE);
        RoundObservation.Observed seen;
        try {
            seen = RoundObservation.observe(twin, req.getNetwork(), pinnedVersion, req.getTraffic(), budget.forStage(0));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                throw new RoundFailedException(code, "", Calls.describe(e));
            }
            return recorder.fail(round, timer, "twin-service: " + Calls.describe(e), Calls.failureCode(e), null);
        }
        var net = seen.net();
        var baseline = seen.baseline();
        TrafficMatrix observed = seen.observed();
        round.setBaseVersion(net.getVersion()).setKpisBefore(baseline.getKpis()).setTrafficTime(baseline.getTrafficTime())
                .setTrafficEstimated(observed.getEstimated()).setTrafficFitError(observed.getFitError());
        List<String> gone = ProtectedElements.missing(guard, net.getTopology());
        if (!gone.isEmpty()) {
            String source = protectionSource(!ProtectedElements.missing(req.getGuardrails(), net.getTopology()).isEmpty(),
                    trigger.kind());
            String why = "protected " + String.join(", ", gone) + " (from " + source + ") not in network '"
                    + req.getNetwork() + "' at version " + net.getVersion() + ": no plan can be checked against it";
            if (source.equals("the request")) {
                throw new RoundFailedException(Status.Code.NOT_FOUND, "", why, ProtectedElements.UNKNOWN_PROTECTED_ELEMENT);
            }
            return recorder.fail(round, timer, why + "; change " + source, Status.Code.FAILED_PRECONDITION,
                    ProtectedElements.UNKNOWN_PROTECTED_ELEMENT);
        }
        if (baseline.hasTrafficRow()) {
            // Record the resolved input, so approval and replay use exactly this traffic.
            round.setTraffic(req.getTraffic().toBuilder().setRow(baseline.getTrafficRow()));
        }
        timer.end(StageStatus.STAGE_STATUS_OK, "version " + net.getVersion() + ", MLU "
                + pct(baseline.getKpis().getMaxLinkUtilization()) + RoundObservation.estimateNote(observed));

        // diagnose (event rounds): rank what explains the telemetry before planning around it
        if (trigger.diagnose()) {
            timer.start(Stage.STAGE_DIAGNOSE);
            try {
                String note = RoundDiagnosis.diagnose(twin, planner, round, !req.getDisableLlm(), net, observed,
                        budget.forStage(1));
                timer.end(note.startsWith("no ") ? StageStatus.STAGE_STATUS_SKIPPED : StageStatus.STAGE_STATUS_OK, note);
            } catch (StatusRuntimeException e) {
                round.addDegradations("diagnosis unavailable (" + Calls.describe(e) + "): planned without it");
                timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
            }
        }

        // forecast
        timer.start(Stage.STAGE_FORECAST);
        RoundPlanning.Forecast fc = RoundPlanning.forecast(forecast, round, req, baseline, timer, budget.forStage(1));
        TrafficMatrix p50 = fc == null ? null : fc.p50();
        TrafficMatrix p90 = fc == null ? null : fc.p90();

        // plan, on the snapshot the round holds
        timer.start(Stage.STAGE_PLAN);
        List<Candidate> candidates;
        try {
            candidates = RoundPlanning.propose(planner, round, req, guard, net, observed, fc, timer, budget.forStage(2));
        } catch (StatusRuntimeException e) {
            // a refusal, not an outage: planning would fail the same way every round
            return recorder.fail(round, timer, "planner-service refused the round: " + Calls.describe(e),
                    Calls.failureCode(e), "PLANNER_REFUSED");
        }

        // verify: one call to the twin for the current configuration and every candidate
        timer.start(Stage.STAGE_VERIFY);
        Map<String, TrafficMatrix> checks = new LinkedHashMap<>();
        checks.put("observed", observed);
        if (p50 != null) {
            checks.put("p50", p50);
            checks.put("p90", p90);
        }
        Map<String, Link> links = new HashMap<>();
        net.getTopology().getLinksList().forEach(l -> links.put(l.getId(), l));
        RoundObjective objective = new RoundObjective(req.getObjective(), req.getObjectiveWeights(), guard.getMaxChanges(),
                RoundObjective.worth(policy));
        RoundVerifier.Outcome verified;
        try {
            verified = RoundVerifier.verify(twin, req.getNetwork(), net.getVersion(), candidates, checks,
                    new RoundVerifier.Context(objective, req.getConstraintsList(), guard, links), budget.forStage(3));
        } catch (StatusRuntimeException e) {
            return recorder.fail(round, timer, "verification on twin-service failed: " + Calls.describe(e),
                    Calls.failureCode(e), null);
        }
        round.addAllCandidates(verified.candidates());
        CandidateRecord best = RoundVerifier.best(verified.candidates());
        if (best == null) {
            round.setKpisAfter(baseline.getKpis())
                    .setChoiceReason(candidates.isEmpty() ? "no candidates: the current configuration is kept"
                            : "no candidate passed verification with an improvement: the current configuration is kept");
            timer.end(StageStatus.STAGE_STATUS_OK, "nothing to apply");
        } else {
            round.setChosenCandidateId(best.getId()).setKpisAfter(best.getVerifiedKpis())
                    .setChoiceReason(objective.choice(verified.today(objective), best.getScore(),
                            best.getPlan().getActionsCount(), verified.todayBroken()));
            timer.end(StageStatus.STAGE_STATUS_OK, "chose " + best.getId());
        }

        // apply
        timer.start(Stage.STAGE_APPLY);
        try {
            RoundApply.apply(twin, round, mode, pinnedVersion > 0, best, net.getVersion(), timer, budget.forStage(4));
        } catch (StatusRuntimeException e) {
            String why = e.getStatus().getCode() == Status.Code.ABORTED
                    ? "the network changed during the round (" + Calls.describe(e) + "); nothing applied"
                    : "apply failed: " + Calls.describe(e);
            return recorder.fail(round, timer, why, e.getStatus().getCode() == Status.Code.ABORTED
                    ? Status.Code.ABORTED : Status.Code.UNAVAILABLE, null);
        }
        return recorder.record(round, timer);
    }

    /**
     * Where a round's missing protected elements came from: the request's own lists win over the
     * network policy's ({@link #effectiveGuardrails(Guardrails, Guardrails)}), and the request of
     * a scheduled round is its schedule.
     */
    private static String protectionSource(boolean namedByRequest, RoundTrigger trigger) {
        if (!namedByRequest) {
            return "the network policy";
        }
        return switch (trigger) {
            case ROUND_TRIGGER_SCHEDULE -> "the schedule";
            case ROUND_TRIGGER_REPLAY -> "the replayed round";
            default -> "the request";
        };
    }

    /** Approves a pending round ({@link RoundApprovals#approve}). */
    public Round approve(String roundId, String approver, String candidateId) {
        return approvals.approve(roundId, approver, candidateId);
    }

    /** Rejects a pending round; nothing is applied ({@link RoundApprovals#reject}). */
    public Round reject(String roundId, String rejector, String reason) {
        return approvals.reject(roundId, rejector, reason);
    }

    /**
     * Resolves guardrails field by field: a non-zero (non-empty, true) field of the request's
     * {@code g} wins, then the field of the network's {@code policy}, then the gateway default
     * ({@value #DEFAULT_MAX_UTILIZATION} utilization, {@value #DEFAULT_MAX_CHANGES} changes, no
     * protected elements, no unrouted demand).
     *
     * @throws RoundFailedException INVALID_ARGUMENT when {@code g} is out of range
     */
    public static Guardrails effectiveGuardrails(Guardrails g, Guardrails policy) {
        return RoundGuardrails.resolve(g, policy);
    }

    static String pct(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
