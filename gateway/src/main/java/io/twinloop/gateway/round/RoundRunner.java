package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.gateway.limits.GatewayLoadShedding;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.gateway.store.RoundStore;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.QuantileSeries;
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
import io.twinloop.proto.gateway.v1.StageTiming;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.ObservedLink;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one optimization round through the twin, the forecaster and the planner.
 *
 * <ol>
 *   <li><b>observe</b>: the twin's latest version and the KPIs under the observed traffic;</li>
 *   <li><b>forecast</b>: the next interval's p50 and p90 (degrades to the observed traffic);</li>
 *   <li><b>plan</b>: candidates from the planner, planned robustly on p90 and observed traffic;</li>
 *   <li><b>verify</b>: every candidate re-simulated by the twin at the round's version under the
 *       observed, p50 and p90 traffic, and checked against the guardrails;</li>
 *   <li><b>apply</b>: in {@code auto}, the best verified plan with optimistic concurrency;</li>
 *   <li><b>record</b>: the whole round, stored.</li>
 * </ol>
 */
@ApplicationScoped
public class RoundRunner {
    private static final Logger LOG = Logger.getLogger(RoundRunner.class);
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
    RoundStore store;
    @Inject
    RoundMetrics metrics;
    @Inject
    NetworkPolicyStore policies;
    @Inject
    GatewayLoadShedding shedding;
    @Inject
    GatewayConfig config;
    /** Round admission: at most this many rounds run at once (gRPC, REST, schedules and events alike). */
    private ConcurrencyLimiter admission;
    /** Approvals and rejections: one at a time. */
    private final ConcurrencyLimiter decisions = new ConcurrencyLimiter("approvals and rejections",
            "pending rounds are decided one at a time", 1, TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(30),
            System::nanoTime);

    @PostConstruct
    void init() {
        admission = new ConcurrencyLimiter("rounds", "twinloop.gateway.max-rounds-in-flight",
                config.gateway().maxRoundsInFlight(), TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(60), System::nanoTime);
    }

    /** A verification of one plan under one traffic matrix. */
    private record Check(String label, SimulateResponse result) {
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
        Guardrails guard = effectiveGuardrails(req.getNetwork(), req.getGuardrails());
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
        Timer timer = new Timer(round, id, progress);

        // observe
        timer.start(Stage.STAGE_OBSERVE);
        GetNetworkResponse net;
        SimulateResponse baseline;
        TrafficMatrix observed;
        try {
            Deadline d = budget.forStage(0);
            net = Calls.call(d, dl -> twin.withDeadline(dl).getNetwork(GetNetworkRequest.newBuilder()
                    .setNetwork(req.getNetwork()).setVersion(pinnedVersion).build()));
            baseline = Calls.call(d, dl -> twin.withDeadline(dl).simulate(SimulateRequest.newBuilder()
                    .setNetwork(req.getNetwork()).setVersion(net.getVersion()).setTraffic(req.getTraffic()).build()));
            observed = observedMatrix(req, net, baseline, d);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                throw new RoundFailedException(code, "", Calls.describe(e));
            }
            return fail(round, timer, "twin-service: " + Calls.describe(e), Calls.failureCode(e));
        }
        round.setBaseVersion(net.getVersion()).setKpisBefore(baseline.getKpis()).setTrafficTime(baseline.getTrafficTime());
        List<String> gone = ProtectedElements.missing(guard, net.getTopology());
        if (!gone.isEmpty()) {
            String source = protectionSource(!ProtectedElements.missing(req.getGuardrails(), net.getTopology()).isEmpty(),
                    trigger.kind());
            String why = "protected " + String.join(", ", gone) + " (from " + source + ") not in network '"
                    + req.getNetwork() + "' at version " + net.getVersion() + ": no plan can be checked against it";
            if (source.equals("the request")) {
                throw new RoundFailedException(Status.Code.NOT_FOUND, "", why, ProtectedElements.UNKNOWN_PROTECTED_ELEMENT);
            }
            return fail(round, timer, why + "; change " + source, Status.Code.FAILED_PRECONDITION,
                    ProtectedElements.UNKNOWN_PROTECTED_ELEMENT);
        }
        if (baseline.hasTrafficRow()) {
            // Record the resolved input, so approval and replay use exactly this traffic.
            round.setTraffic(req.getTraffic().toBuilder().setRow(baseline.getTrafficRow()));
        }
        timer.end(StageStatus.STAGE_STATUS_OK, "version " + net.getVersion() + ", MLU "
                + pct(baseline.getKpis().getMaxLinkUtilization()));

        // diagnose (event rounds): rank what explains the telemetry before planning around it
        if (trigger.diagnose()) {
            timer.start(Stage.STAGE_DIAGNOSE);
            try {
                String note = diagnose(round, req, net, observed, budget.forStage(1));
                timer.end(note.startsWith("no ") ? StageStatus.STAGE_STATUS_SKIPPED : StageStatus.STAGE_STATUS_OK, note);
            } catch (StatusRuntimeException e) {
                round.addDegradations("diagnosis unavailable (" + Calls.describe(e) + "): planned without it");
                timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
            }
        }

        // forecast
        timer.start(Stage.STAGE_FORECAST);
        TrafficMatrix p50 = null;
        TrafficMatrix p90 = null;
        if (!baseline.hasTrafficRow()) {
            round.addDegradations("no traffic series: planned on " + (req.getTraffic().hasMatrix()
                    ? "the given matrix" : "the topology's static demands"));
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "no traffic series to forecast from");
        } else {
            try {
                int row = baseline.getTrafficRow();
                ForecastResponse f = Calls.call(budget.forStage(1), dl -> forecast.withDeadline(dl).forecast(
                        ForecastRequest.newBuilder().setNetwork(req.getNetwork())
                                .setHorizonSteps(round.getForecastHorizonSteps())
                                .addQuantiles(0.5).addQuantiles(0.9).setHistoryEndRow(row).build()));
                double scale = scale(req.getTraffic());
                p50 = quantileMatrix(f, 0.5, false, scale);
                p90 = quantileMatrix(f, 0.9, true, scale);
                round.setForecastMethod(f.getMethod());
                if (!f.getFallbackReason().isEmpty()) {
                    round.addDegradations("forecast: " + f.getFallbackReason());
                }
                timer.end(StageStatus.STAGE_STATUS_OK, f.getMethod() + ", " + f.getStepsCount() + " steps");
            } catch (StatusRuntimeException e) {
                round.addDegradations("forecast unavailable (" + Calls.describe(e) + "): planned on the observed traffic");
                timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
            }
        }
        TrafficMatrix planTraffic = p50 != null ? p50 : observed;

        // plan
        timer.start(Stage.STAGE_PLAN);
        List<Candidate> candidates = new ArrayList<>();
        try {
            ProposeRequest.Builder propose = ProposeRequest.newBuilder()
                    .setNetwork(req.getNetwork()).setVersion(net.getVersion())
                    .setTraffic(planTraffic).addTrafficSamples(observed)
                    .setObjective(req.getObjective()).setObjectiveWeights(req.getObjectiveWeights())
                    .addAllConstraints(req.getConstraintsList()).setGuardrails(guard)
                    .setUseLlm(!req.getDisableLlm()).setIntent(req.getIntent());
            if (p90 != null) {
                propose.addTrafficSamples(p90);
            }
            ProposeResponse proposed = Calls.call(budget.forStage(2), dl -> planner.withDeadline(dl).propose(propose.build()));
            candidates.addAll(proposed.getCandidatesList());
            if (!proposed.getLlmStatus().isEmpty()) {
                round.setLlmStatus(proposed.getLlmStatus());
            }
            round.setLlmUsage(proposed.getUsage());
            if (proposed.hasLlmTrace()) {
                round.setLlmTrace(proposed.getLlmTrace());
                if (!proposed.getLlmTrace().getFallbackReason().isEmpty()) {
                    round.addDegradations("LLM plan not used: " + proposed.getLlmTrace().getFallbackReason());
                }
            }
            timer.end(StageStatus.STAGE_STATUS_OK, candidates.size() + " candidates");
        } catch (StatusRuntimeException e) {
            if (!Calls.isTransient(e)) {
                // a refusal, not an outage: planning would fail the same way every round
                return fail(round, timer, "planner-service refused the round: " + Calls.describe(e), Calls.failureCode(e),
                        "PLANNER_REFUSED");
            }
            round.addDegradations("planner unavailable (" + Calls.describe(e) + "): kept the current configuration");
            timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
        }

        // verify
        timer.start(Stage.STAGE_VERIFY);
        Map<String, TrafficMatrix> checks = new LinkedHashMap<>();
        checks.put("observed", observed);
        if (p50 != null) {
            checks.put("p50", p50);
            checks.put("p90", p90);
        }
        Map<String, Link> links = new HashMap<>();
        net.getTopology().getLinksList().forEach(l -> links.put(l.getId(), l));
        CandidateRecord best = null;
        List<Check> noop;
        Deadline verifyDeadline = budget.forStage(3);
        RoundObjective objective = new RoundObjective(req.getObjective(), req.getObjectiveWeights(), guard.getMaxChanges());
        Verification v;
        try {
            noop = verifyAll(req.getNetwork(), net.getVersion(), Plan.getDefaultInstance(), checks, verifyDeadline);
            v = new Verification(objective, req.getConstraintsList(), guard, links, noop);
            for (Candidate c : candidates) {
                CandidateRecord rec = verifyCandidate(req.getNetwork(), net.getVersion(), c, checks, v, verifyDeadline);
                round.addCandidates(rec);
                if (rec.getVerified() && !rec.getPlan().getActionsList().isEmpty()
                        && (best == null || rec.getScore() < best.getScore() - EPS
                        || (Math.abs(rec.getScore() - best.getScore()) <= EPS
                        && rec.getPlan().getActionsCount() < best.getPlan().getActionsCount()))) {
                    best = rec;
                }
            }
        } catch (StatusRuntimeException e) {
            return fail(round, timer, "verification on twin-service failed: " + Calls.describe(e), Calls.failureCode(e));
        }
        if (best == null) {
            round.setKpisAfter(baseline.getKpis())
                    .setChoiceReason(candidates.isEmpty() ? "no candidates: the current configuration is kept"
                            : "no candidate passed verification with an improvement: the current configuration is kept");
            timer.end(StageStatus.STAGE_STATUS_OK, "nothing to apply");
        } else {
            round.setChosenCandidateId(best.getId()).setKpisAfter(best.getVerifiedKpis())
                    .setChoiceReason(objective.choice(objective.score(kpis(noop), kpis(noop)), best.getScore(),
                            best.getPlan().getActionsCount(), v.todayBroken()));
            timer.end(StageStatus.STAGE_STATUS_OK, "chose " + best.getId());
        }

        // apply
        timer.start(Stage.STAGE_APPLY);
        if (best == null) {
            round.setStatus(RoundStatus.ROUND_STATUS_COMPLETED);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "nothing to apply");
        } else if (mode == RoundMode.ROUND_MODE_DRY_RUN || pinnedVersion > 0) {
            round.setStatus(RoundStatus.ROUND_STATUS_DRY_RUN);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "dry run: nothing applied");
        } else if (mode == RoundMode.ROUND_MODE_APPROVE) {
            round.setStatus(RoundStatus.ROUND_STATUS_PENDING_APPROVAL);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "waiting for approval");
        } else {
            CandidateRecord chosen = best;
            try {
                long applied = Calls.call(budget.forStage(4), dl -> twin.withDeadline(dl).applyPlan(
                        ApplyPlanRequest.newBuilder().setNetwork(req.getNetwork()).setExpectedVersion(net.getVersion())
                                .setPlan(chosen.getPlan()).setReason("round " + id + ": " + chosen.getRationale().getSummary())
                                .setAuthor("gateway").build())).getNewVersion();
                round.setStatus(RoundStatus.ROUND_STATUS_APPLIED).setAppliedVersion(applied);
                timer.end(StageStatus.STAGE_STATUS_OK, "version " + applied);
            } catch (StatusRuntimeException e) {
                String why = e.getStatus().getCode() == Status.Code.ABORTED
                        ? "the network changed during the round (" + Calls.describe(e) + "); nothing applied"
                        : "apply failed: " + Calls.describe(e);
                return fail(round, timer, why, e.getStatus().getCode() == Status.Code.ABORTED
                        ? Status.Code.ABORTED : Status.Code.UNAVAILABLE);
            }
        }
        return record(round, timer);
    }

    /**
     * Asks the planner to rank fault hypotheses for the twin's latest link telemetry; returns the
     * stage note.
     */
    private String diagnose(Round.Builder round, RunRoundRequest req, GetNetworkResponse net, TrafficMatrix observed,
                            Deadline d) {
        int links = net.getTopology().getLinksCount();
        var telemetry = Calls.call(d, dl -> twin.withDeadline(dl).getTelemetry(GetTelemetryRequest.newBuilder()
                .setNetwork(req.getNetwork()).setLimit((int) Math.min(100_000, 4L * Math.max(1, links))).build()));
        Map<String, LinkSample> latest = new LinkedHashMap<>();
        for (LinkSample s : telemetry.getSamplesList()) {
            latest.merge(s.getLinkId(), s, (a, b) -> b.getTimeUnixMs() >= a.getTimeUnixMs() ? b : a);
        }
        if (latest.isEmpty()) {
            round.addDegradations("no link telemetry stored: nothing to diagnose");
            return "no link telemetry";
        }
        DiagnoseRequest.Builder dr = DiagnoseRequest.newBuilder().setNetwork(req.getNetwork()).setVersion(net.getVersion())
                .setTraffic(observed).setMaxHypotheses(5).setUseLlm(!req.getDisableLlm());
        for (LinkSample s : latest.values()) {
            ObservedLink.Builder o = ObservedLink.newBuilder().setLinkId(s.getLinkId()).setLoadBps(s.getRateBps());
            if (s.getOperState() == io.twinloop.proto.common.v1.LinkState.LINK_STATE_UP) {
                o.setOperUp(true);
            } else if (s.getOperState() == io.twinloop.proto.common.v1.LinkState.LINK_STATE_DOWN) {
                o.setOperUp(false);
            }
            dr.addObserved(o);
        }
        DiagnoseResponse diagnosis = Calls.call(d, dl -> planner.withDeadline(dl).diagnose(dr.build()));
        round.addAllDiagnosis(diagnosis.getHypothesesList()).setDiagnosisExplanation(diagnosis.getLlmExplanation());
        if (diagnosis.getHypothesesCount() == 0) {
            return "no hypothesis";
        }
        var top = diagnosis.getHypotheses(0);
        return String.format(java.util.Locale.ROOT, "%s %s (%.0f%%), %d links reporting",
                top.getKind().name().replace("HYPOTHESIS_KIND_", ""), String.join(",", top.getElementsList()),
                top.getScore() * 100, latest.size());
    }

    private Round record(Round.Builder round, Timer timer) {
        timer.start(Stage.STAGE_RECORD);
        round.setFinishedUnixMs(System.currentTimeMillis());
        timer.end(StageStatus.STAGE_STATUS_OK, "");
        Round done = round.build();
        long t0 = System.nanoTime();
        store.save(done);
        metrics.stored(System.nanoTime() - t0);
        metrics.recorded(done);
        timer.finish(done);
        return done;
    }

    private Round fail(Round.Builder round, Timer timer, String error, Status.Code code) {
        return fail(round, timer, error, code, null);
    }

    /** Records the round as FAILED with {@code error} and throws; {@code reason} null = the code's usual one. */
    private Round fail(Round.Builder round, Timer timer, String error, Status.Code code, String reason) {
        timer.end(StageStatus.STAGE_STATUS_FAILED, error);
        round.setStatus(RoundStatus.ROUND_STATUS_FAILED).setError(error);
        Round done = record(round, timer);
        LOG.warnf("round %s failed: %s", done.getId(), error);
        throw new RoundFailedException(code, done.getId(), "round " + done.getId() + " failed: " + error,
                reason);
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

    private TrafficMatrix observedMatrix(RunRoundRequest req, GetNetworkResponse net, SimulateResponse baseline, Deadline d) {
        double scale = scale(req.getTraffic());
        TrafficMatrix m;
        if (req.getTraffic().hasMatrix()) {
            m = req.getTraffic().getMatrix();
        } else if (baseline.hasTrafficRow()) {
            int row = baseline.getTrafficRow();
            m = Calls.call(d, dl -> twin.withDeadline(dl).getTrafficHistory(GetTrafficHistoryRequest.newBuilder()
                    .setNetwork(req.getNetwork()).setFromRow(row).setToRow(row + 1).build())).getSamples(0);
        } else {
            m = TrafficMatrix.newBuilder().addAllDemands(net.getStaticDemandsList()).build();
        }
        return scaled(m, scale);
    }

    private static double scale(TrafficSelector selector) {
        return selector.getScale() == 0 ? 1.0 : selector.getScale();
    }

    private static TrafficMatrix scaled(TrafficMatrix m, double scale) {
        if (scale == 1.0) {
            return m;
        }
        TrafficMatrix.Builder b = TrafficMatrix.newBuilder().setTime(m.getTime());
        m.getDemandsList().forEach(d -> b.addDemands(d.toBuilder().setRateBps(d.getRateBps() * scale)));
        return b.build();
    }

    /** The forecast at one quantile: step 1, or the per-OD maximum over all steps when {@code peak}. */
    static TrafficMatrix quantileMatrix(ForecastResponse f, double q, boolean peak, double scale) {
        int n = f.getOdPairsCount();
        double[] rate = new double[n];
        String time = "";
        for (ForecastStep step : f.getStepsList()) {
            if (!peak && step.getStep() != 1) {
                continue;
            }
            for (QuantileSeries s : step.getQuantilesList()) {
                if (Math.abs(s.getQuantile() - q) < 1e-9) {
                    for (int i = 0; i < n && i < s.getRateBpsCount(); i++) {
                        rate[i] = Math.max(rate[i], s.getRateBps(i));
                    }
                    time = time.isEmpty() ? step.getTime() : time;
                }
            }
        }
        TrafficMatrix.Builder b = TrafficMatrix.newBuilder().setTime(time);
        for (int i = 0; i < n; i++) {
            if (rate[i] > 0) {
                b.addDemands(Demand.newBuilder().setSrc(f.getOdPairs(i).getSrc()).setDst(f.getOdPairs(i).getDst())
                        .setRateBps(rate[i] * scale));
            }
        }
        return b.build();
    }

    private List<Check> verifyAll(String network, long version, Plan plan, Map<String, TrafficMatrix> traffic, Deadline d) {
        List<Check> out = new ArrayList<>();
        for (Map.Entry<String, TrafficMatrix> e : traffic.entrySet()) {
            SimulateResponse r = Calls.call(d, dl -> twin.withDeadline(dl).simulate(SimulateRequest.newBuilder()
                    .setNetwork(network).setVersion(version).setPlan(plan)
                    .setTraffic(TrafficSelector.newBuilder().setMatrix(e.getValue())).build()));
            out.add(new Check(e.getKey(), r));
        }
        return out;
    }

    /**
     * What a round verifies candidates against: its objective and constraints, the guardrails,
     * the network's links and the twin's KPIs of keeping the configuration under each traffic.
     */
    private record Verification(RoundObjective objective, List<Constraint> constraints, Guardrails guard,
                                Map<String, Link> links, List<Check> noop) {
        /** Whether keeping the configuration breaks the utilization limit or a constraint under some traffic. */
        boolean todayBroken() {
            return noop.stream().anyMatch(ch -> RoundObjective.breaks(constraints, guard.getMaxLinkUtilization(),
                    ch.result().getKpis()));
        }
    }

    private static List<Kpis> kpis(List<Check> checks) {
        return checks.stream().map(ch -> ch.result().getKpis()).toList();
    }

    /**
     * Verifies one candidate on the twin and checks the guardrails and the round's constraints,
     * which do not depend on who proposed the plan: size, protected elements, unrouted demand,
     * the utilization limit, every constraint, and a real gain over keeping the current
     * configuration: a better score on the round's objective ({@link RoundObjective}), or, when
     * today's configuration breaks the utilization limit or a constraint, a plan that breaks none.
     */
    private CandidateRecord verifyCandidate(String network, long version, Candidate c, Map<String, TrafficMatrix> traffic,
                                            Verification v, Deadline d) {
        List<Check> noop = v.noop();
        Guardrails guard = v.guard();
        RoundObjective objective = v.objective();
        double today = objective.score(kpis(noop), kpis(noop));
        CandidateRecord.Builder rec = CandidateRecord.newBuilder()
                .setId(c.getId()).setSource(c.getSource()).setPlan(c.getPlan())
                .setPlannerKpis(c.getKpis()).setRationale(c.getRationale());
        if (c.getPlan().getActionsCount() == 0) {
            // Keeping the current configuration: the baseline every other candidate must beat.
            rec.setVerified(true).setScore(today).setVerifiedKpis(noop.get(0).result().getKpis());
            noop.stream().filter(ch -> ch.label().equals("p90")).findFirst()
                    .ifPresent(ch -> rec.setVerifiedKpisP90(ch.result().getKpis()));
            return rec.build();
        }
        List<String> reasons = new ArrayList<>(staticViolations(c.getPlan(), guard, v.links()));
        if (!reasons.isEmpty()) {
            return rec.setVerified(false).addAllRejectionReasons(reasons).setScore(Double.MAX_VALUE).build();
        }
        List<Check> checks;
        try {
            checks = verifyAll(network, version, c.getPlan(), traffic, d);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
                    || e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                return rec.setVerified(false).addRejectionReasons("the twin rejected the plan: " + Calls.describe(e))
                        .setScore(Double.MAX_VALUE).build();
            }
            throw e;
        }
        double limit = guard.getMaxLinkUtilization();
        for (int i = 0; i < checks.size(); i++) {
            Kpis k = checks.get(i).result().getKpis();
            Kpis base = noop.get(i).result().getKpis();
            String label = checks.get(i).label();
            if (!guard.getAllowUnrouted() && k.getUnroutedBps() > base.getUnroutedBps() + 1e-6) {
                reasons.add("leaves " + (long) (k.getUnroutedBps() - base.getUnroutedBps()) + " bit/s unrouted ("
                        + label + " traffic)");
            }
            if (k.getMaxLinkUtilization() > limit + EPS && k.getMaxLinkUtilization() > base.getMaxLinkUtilization() + EPS) {
                reasons.add("MLU " + pct(k.getMaxLinkUtilization()) + " over the limit " + pct(limit) + " (" + label
                        + " traffic)");
            }
        }
        for (int i = 0; i < checks.size(); i++) {
            reasons.addAll(RoundObjective.violations(v.constraints(), checks.get(i).result().getKpis(),
                    noop.get(i).result().getKpis(), checks.get(i).label()));
        }
        double score = objective.score(kpis(checks), kpis(noop));
        boolean fixes = v.todayBroken() && checks.stream().noneMatch(ch -> RoundObjective.breaks(v.constraints(),
                guard.getMaxLinkUtilization(), ch.result().getKpis()));
        if (reasons.isEmpty() && !objective.improves(score, today) && !fixes) {
            reasons.add(objective.noGain(score, today, v.todayBroken()));
        }
        rec.setVerifiedKpis(checks.get(0).result().getKpis()).setScore(score);
        checks.stream().filter(ch -> ch.label().equals("p90")).findFirst()
                .ifPresent(ch -> rec.setVerifiedKpisP90(ch.result().getKpis()));
        return rec.setVerified(reasons.isEmpty()).addAllRejectionReasons(reasons).build();
    }

    static List<String> staticViolations(Plan plan, Guardrails guard, Map<String, Link> links) {
        List<String> reasons = new ArrayList<>();
        if (plan.getActionsCount() > guard.getMaxChanges()) {
            reasons.add(plan.getActionsCount() + " changes exceed the limit of " + guard.getMaxChanges());
        }
        Set<String> protectedLinks = new HashSet<>(guard.getProtectedLinkIdsList());
        Set<String> protectedNodes = new HashSet<>(guard.getProtectedNodeNamesList());
        for (PlanAction a : plan.getActionsList()) {
            String linkId = switch (a.getActionCase()) {
                case SET_LINK_WEIGHT -> a.getSetLinkWeight().getLinkId();
                case SET_LINK_ADMIN_STATE -> a.getSetLinkAdminState().getLinkId();
                case SET_LINK_CAPACITY -> a.getSetLinkCapacity().getLinkId();
                default -> null;
            };
            if (linkId == null) {
                continue;
            }
            Link l = links.get(linkId);
            if (l == null) {
                reasons.add("unknown link '" + linkId + "'");
            } else if (protectedLinks.contains(linkId)) {
                reasons.add("touches protected link '" + linkId + "'");
            } else if (protectedNodes.contains(l.getSrc()) || protectedNodes.contains(l.getDst())) {
                reasons.add("touches link '" + linkId + "' of a protected node");
            }
        }
        return reasons;
    }

    /**
     * The guardrails a round of {@code network} runs under: the request's non-zero fields, then
     * the network policy's, then the gateway defaults.
     */
    Guardrails effectiveGuardrails(String network, Guardrails requested) {
        Guardrails policy = policies.find(network).map(NetworkPolicy::getGuardrails).orElse(Guardrails.getDefaultInstance());
        return effectiveGuardrails(requested, policy);
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
        if (g.getMaxLinkUtilization() < 0 || !Double.isFinite(g.getMaxLinkUtilization()) || g.getMaxLinkUtilization() > 10) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "",
                    "guardrails.max_link_utilization must be in [0, 10] (0 = default " + DEFAULT_MAX_UTILIZATION
                            + "), got " + g.getMaxLinkUtilization());
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > 1000) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "",
                    "guardrails.max_changes must be in [0, 1000] (0 = default " + DEFAULT_MAX_CHANGES + "), got "
                            + g.getMaxChanges());
        }
        Guardrails.Builder b = g.toBuilder();
        if (g.getMaxLinkUtilization() == 0) {
            b.setMaxLinkUtilization(policy.getMaxLinkUtilization() != 0 ? policy.getMaxLinkUtilization()
                    : DEFAULT_MAX_UTILIZATION);
        }
        if (g.getMaxChanges() == 0) {
            b.setMaxChanges(policy.getMaxChanges() != 0 ? policy.getMaxChanges() : DEFAULT_MAX_CHANGES);
        }
        if (g.getProtectedLinkIdsCount() == 0) {
            b.addAllProtectedLinkIds(policy.getProtectedLinkIdsList());
        }
        if (g.getProtectedNodeNamesCount() == 0) {
            b.addAllProtectedNodeNames(policy.getProtectedNodeNamesList());
        }
        b.setAllowUnrouted(g.getAllowUnrouted() || policy.getAllowUnrouted());
        return b.build();
    }

    static String pct(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Times stages into the round record and reports progress. */
    private static final class Timer {
        private final Round.Builder round;
        private final String id;
        private final Consumer<RoundProgress> progress;
        private final long roundStart = System.nanoTime();
        private Stage stage;
        private long stageStart;

        Timer(Round.Builder round, String id, Consumer<RoundProgress> progress) {
            this.round = round;
            this.id = id;
            this.progress = progress;
        }

        void start(Stage s) {
            stage = s;
            stageStart = System.nanoTime();
            emit(s, StageStatus.STAGE_STATUS_RUNNING, "", null);
        }

        void end(StageStatus status, String note) {
            double ms = (System.nanoTime() - stageStart) / 1e6;
            round.addTimings(StageTiming.newBuilder().setStage(stage).setDurationMs(ms).setStatus(status).setNote(note));
            emit(stage, status, note, null);
        }

        void finish(Round done) {
            emit(Stage.STAGE_RECORD, StageStatus.STAGE_STATUS_OK, done.getStatus().name(), done);
        }

        private void emit(Stage s, StageStatus status, String note, Round done) {
            if (progress == null) {
                return;
            }
            RoundProgress.Builder p = RoundProgress.newBuilder().setRoundId(id).setStage(s).setStatus(status)
                    .setMessage(note).setElapsedMs((System.nanoTime() - roundStart) / 1e6);
            if (done != null) {
                p.setRound(done);
            }
            progress.accept(p.build());
        }
    }

    /**
     * Approves a pending round: re-verifies the chosen (or named) candidate on the twin's
     * latest version under the round's recorded traffic, applies it when it still passes
     * every guardrail, and rejects it with the reasons when it does not.
     */
    public Round approve(String roundId, String approver, String candidateId) {
        try (ConcurrencyLimiter.Permit decision = decision()) {
            return approveDecided(roundId, approver, candidateId);
        }
    }

    /**
     * The right to decide a pending round: approvals and rejections run one at a time (so a round
     * is decided once); another caller meanwhile gets UNAVAILABLE with a retry hint at once rather
     * than waiting behind a re-verification on the twin.
     */
    private ConcurrencyLimiter.Permit decision() {
        ConcurrencyLimiter.Permit p = decisions.tryAcquire();
        if (p == null) {
            throw new RoundFailedException(Status.Code.UNAVAILABLE, "", decisions.refusal("the gateway"),
                    decisions.retryAfterNanos());
        }
        return p;
    }

    private Round approveDecided(String roundId, String approver, String candidateId) {
        Round r = pending(roundId);
        String cid = candidateId.isEmpty() ? r.getChosenCandidateId() : candidateId;
        CandidateRecord chosen = r.getCandidatesList().stream().filter(c -> c.getId().equals(cid)).findFirst()
                .orElseThrow(() -> new RoundFailedException(Status.Code.NOT_FOUND, roundId,
                        "round " + roundId + " has no candidate '" + cid + "'"));
        Deadline d = Deadline.after(DEFAULT_DEADLINE_MS, TimeUnit.MILLISECONDS);
        Round.Builder out = r.toBuilder().setDecidedBy(approver.isEmpty() ? "anonymous" : approver)
                .setChosenCandidateId(cid);
        try {
            GetNetworkResponse net = Calls.call(d, dl -> twin.withDeadline(dl).getNetwork(GetNetworkRequest.newBuilder()
                    .setNetwork(r.getNetwork()).build()));
            SimulateResponse baseline = Calls.call(d, dl -> twin.withDeadline(dl).simulate(SimulateRequest.newBuilder()
                    .setNetwork(r.getNetwork()).setVersion(net.getVersion()).setTraffic(r.getTraffic()).build()));
            RunRoundRequest asRequest = RunRoundRequest.newBuilder().setNetwork(r.getNetwork()).setTraffic(r.getTraffic()).build();
            Map<String, TrafficMatrix> checks = Map.of("observed", observedMatrix(asRequest, net, baseline, d));
            Map<String, Link> links = new HashMap<>();
            net.getTopology().getLinksList().forEach(l -> links.put(l.getId(), l));
            List<Check> noop = verifyAll(r.getNetwork(), net.getVersion(), Plan.getDefaultInstance(), checks, d);
            Candidate c = Candidate.newBuilder().setId(chosen.getId()).setSource(chosen.getSource())
                    .setPlan(chosen.getPlan()).setKpis(chosen.getPlannerKpis()).setRationale(chosen.getRationale()).build();
            Verification v = new Verification(new RoundObjective(r.getObjective(), r.getObjectiveWeights(),
                    r.getGuardrails().getMaxChanges()), r.getConstraintsList(), r.getGuardrails(), links, noop);
            List<String> gone = ProtectedElements.missing(r.getGuardrails(), net.getTopology());
            CandidateRecord again = gone.isEmpty() ? verifyCandidate(r.getNetwork(), net.getVersion(), c, checks, v, d)
                    : CandidateRecord.newBuilder().setVerified(false).addRejectionReasons("protected "
                            + String.join(", ", gone) + " no longer in the network").build();
            if (!again.getVerified()) {
                out.setStatus(RoundStatus.ROUND_STATUS_REJECTED).setRejectionReason("re-verification at version "
                        + net.getVersion() + " failed: " + String.join("; ", again.getRejectionReasonsList()));
            } else {
                long applied = Calls.call(d, dl -> twin.withDeadline(dl).applyPlan(ApplyPlanRequest.newBuilder()
                        .setNetwork(r.getNetwork()).setExpectedVersion(net.getVersion()).setPlan(chosen.getPlan())
                        .setReason("round " + roundId + " approved by " + out.getDecidedBy())
                        .setAuthor(out.getDecidedBy()).build())).getNewVersion();
                out.setStatus(RoundStatus.ROUND_STATUS_APPLIED).setAppliedVersion(applied).setKpisAfter(again.getVerifiedKpis());
            }
        } catch (StatusRuntimeException e) {
            throw new RoundFailedException(e.getStatus().getCode() == Status.Code.ABORTED ? Status.Code.ABORTED
                    : Calls.failureCode(e), roundId, "approval of round " + roundId + " could not complete: "
                    + Calls.describe(e) + "; the round is still pending");
        }
        Round done = out.setFinishedUnixMs(System.currentTimeMillis()).build();
        store.save(done);
        metrics.recorded(done);
        return done;
    }

    /** Rejects a pending round; nothing is applied. */
    public Round reject(String roundId, String rejector, String reason) {
        try (ConcurrencyLimiter.Permit decision = decision()) {
            Round done = pending(roundId).toBuilder().setStatus(RoundStatus.ROUND_STATUS_REJECTED)
                    .setDecidedBy(rejector.isEmpty() ? "anonymous" : rejector)
                    .setRejectionReason(reason.isEmpty() ? "rejected by an operator" : reason)
                    .setFinishedUnixMs(System.currentTimeMillis()).build();
            store.save(done);
            metrics.recorded(done);
            return done;
        }
    }

    private Round pending(String roundId) {
        Round r = store.find(roundId).orElseThrow(() -> new RoundFailedException(Status.Code.NOT_FOUND, roundId,
                "round '" + roundId + "' does not exist"));
        if (r.getStatus() != RoundStatus.ROUND_STATUS_PENDING_APPROVAL) {
            throw new RoundFailedException(Status.Code.FAILED_PRECONDITION, roundId,
                    "round " + roundId + " is " + r.getStatus().name().replace("ROUND_STATUS_", "")
                            + ", not PENDING_APPROVAL");
        }
        return r;
    }
}
