package io.twinloop.planner.grpc;

import io.twinloop.platform.proto.Translator;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.NetworkName;
import io.twinloop.planner.client.TwinCallException;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.planner.diagnosis.Diagnosis;
import io.twinloop.planner.diagnosis.FaultDiagnoser;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.diagnosis.LinkObservation;
import io.twinloop.planner.llm.DiagnosisExplainer;
import io.twinloop.planner.llm.IntentParser;
import io.twinloop.planner.llm.LlmOutcome;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.LlmSettings;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.planner.llm.PlanningContext;
import io.twinloop.planner.optimizer.IgpPlanner;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.optimizer.TrafficEnvelope;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.TokenUsage;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.ParetoFrontRequest;
import io.twinloop.proto.planner.v1.ParetoFrontResponse;
import io.twinloop.proto.planner.v1.ParseIntentRequest;
import io.twinloop.proto.planner.v1.ParseIntentResponse;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * The planner's gRPC API. {@code Propose} validates the whole request before it calls the twin,
 * then plans on a worker thread (routing and the weight search are blocking CPU work).
 * Candidates: the IGP weight search (min-MLU), the traffic-engineering optimizer
 * ({@link TePlanner}: SR-TE split ratios from an LP, energy-aware sleeping, epsilon-constraints and
 * weighted sums) for the requested objective, and the no-op baseline, best score first.
 * {@code Diagnose} and {@code ParseIntent} are not implemented yet.
 */
@GrpcService
public class PlannerGrpcService extends PlannerServiceGrpc.PlannerServiceImplBase {
    private static final Logger LOG = Logger.getLogger(PlannerGrpcService.class);
    /** Largest {@code max_candidates} accepted. */
    static final int MAX_CANDIDATES = 10;
    /** Largest {@code guardrails.max_changes} accepted. */
    static final int MAX_CHANGES = 1000;
    /** Largest {@code guardrails.max_link_utilization} accepted (1000 %). */
    static final double MAX_UTILIZATION_GUARDRAIL = 10;
    /** {@code llm_status} when an LLM was asked for but none is configured. */
    static final String NO_LLM = "no LLM configured: optimizer only";
    /** {@code llm_status} when the caller did not ask for the LLM. */
    static final String LLM_NOT_REQUESTED = "not requested";

    @Inject
    TwinClient twin;

    @Inject
    PlannerConfig config;

    private final IgpPlanner planner = new IgpPlanner();

    @Override
    @Blocking
    public void propose(ProposeRequest req, StreamObserver<ProposeResponse> out) {
        Validated v = validate(req);
        GetNetworkResponse snapshot = snapshot(req, v.network(), "");
        Network network = network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);

        checkNodes(network, v.traffic(), "traffic");
        for (int s = 0; s < v.samples().size(); s++) {
            checkNodes(network, v.samples().get(s), "traffic_samples[" + s + "]");
        }
        Guardrails g = req.getGuardrails();
        Set<String> protectedLinks = protectedLinks(network, g);
            io.twinloop.model.rules.Guardrails rules = rules(g, v.maxChanges());

        List<Demand> planned = v.samples().isEmpty() ? v.traffic() : TrafficEnvelope.of(all(v));
        List<PlanCandidate> candidates = new ArrayList<>(planner.propose(network, down, planned, new IgpPlanner.Settings(
                v.maxChanges(), config.planner().maxIterations(), protectedLinks, g.getMaxLinkUtilization())));
        List<List<Demand>> samples = v.samples().isEmpty() ? List.of(v.traffic()) : all(v);
        Objective objective = objective(req);
        List<MultiObjectivePlanner.Bound> bounds = bounds(req);
        MultiObjectivePlanner mo = new MultiObjectivePlanner(te);
        TePlanner.Result r;
        if (req.getObjective() == io.twinloop.proto.common.v1.Objective.OBJECTIVE_WEIGHTED) {
            var w = req.getObjectiveWeights();
            boolean none = w.getUtilization() == 0 && w.getLatency() == 0 && w.getPower() == 0 && w.getChurn() == 0;
            r = mo.weighted(network, down, samples, none ? new MultiObjectivePlanner.Weights(1, 1, 1, 1)
                    : new MultiObjectivePlanner.Weights(w.getUtilization(), w.getLatency(), w.getPower(), w.getChurn()),
                    protectedLinks, v.maxChanges());
        } else if (objective == Objective.MLU && bounds.isEmpty()) {
            r = te.minMlu(network, down, samples, v.maxChanges());
        } else {
            r = mo.epsilon(network, down, samples, objective, bounds, protectedLinks, v.maxChanges());
        }
            if (!r.plan().isEmpty() && optimizerChecks(network, rules, r.plan()).accepted()) {
            candidates.add(new PlanCandidate("optimizer-te", "optimizer", r.plan(), r.kpis(), r.rationale(),
                    objective == Objective.MLU ? r.worstMlu() : MultiObjectivePlanner.value(objective, r)));
        }
        if (objective != Objective.MLU) {
            // the IGP search minimises the MLU: for other objectives its candidates rank by the same measure
            List<PlanCandidate> rescored = new ArrayList<>();
            for (PlanCandidate c : candidates) {
                rescored.add(c.id().equals("optimizer-te") ? c : new PlanCandidate(c.id(), c.source(), c.plan(),
                        c.kpis(), c.rationale(), score(objective, c)));
            }
            candidates = rescored;
        }
        candidates.sort(java.util.Comparator.comparingDouble(PlanCandidate::score));

        ProposeResponse.Builder b = ProposeResponse.newBuilder()
                .setLlmStatus(req.getUseLlm() ? NO_LLM : LLM_NOT_REQUESTED)
                .setUsage(TokenUsage.getDefaultInstance());
        LlmPlanner llm = llmPlanner();
        if (req.getUseLlm() && llm != null) {
            double maxMlu = g.getMaxLinkUtilization() > 0 ? g.getMaxLinkUtilization() : DEFAULT_LLM_MAX_MLU;
                PlanGuard guard = new PlanGuard(network, down, samples, PlanGuard.Limits.of(network, rules, maxMlu));
            LlmOutcome o = llm.plan(new PlanningContext(network, down, samples, objective, guard, te,
                    measuredTelemetry(network)));
            b.setLlmStatus(o.status()).setUsage(TokenUsage.newBuilder().setPromptTokens(o.promptTokens())
                    .setCompletionTokens(o.completionTokens()).setTotalTokens(o.promptTokens() + o.completionTokens())
                    .setLlmCalls(o.modelCalls())).setLlmTrace(trace(o));
            if (o.accepted()) {
                PlanGuard.Verdict verdict = o.verdict();
                List<String> changes = verdict.plan().actions().stream().map(Object::toString).toList();
                PlanCandidate c = new PlanCandidate("llm", "llm", verdict.plan(), verdict.kpis(),
                        new io.twinloop.planner.optimizer.Rationale("llm: " + objective.key(), List.of(), changes,
                                "LLM plan, accepted by the guardrails: " + io.twinloop.planner.llm.PlanGuard.display(verdict.rationale())),
                        objective == Objective.MLU ? verdict.worstMlu() : 0);
                c = new PlanCandidate(c.id(), c.source(), c.plan(), c.kpis(), c.rationale(),
                        objective == Objective.MLU ? verdict.worstMlu() : score(objective, c));
                candidates.add(c);
                candidates.sort(java.util.Comparator.comparingDouble(PlanCandidate::score));
            }
        }
        int proposed = 0;
        for (PlanCandidate c : candidates) {
            // max_candidates bounds the proposals; the baseline is always returned for comparison.
            boolean baseline = c.plan().isEmpty();
            if (baseline || proposed < v.maxCandidates()) {
                b.addCandidates(PlannerProtoMapper.candidate(c));
                proposed += baseline ? 0 : 1;
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /**
     * The twin's latest telemetry of each link, for the LLM's {@code recent_telemetry} and
     * {@code diagnose} tools; empty (the tools say so) when the twin holds none or cannot give it,
     * since planning does not need it.
     */
    private List<LinkObservation> measuredTelemetry(Network network) {
        List<LinkObservation> obs = new ArrayList<>();
        try {
            for (var s : twin.latestTelemetry(network.name(), network.links().size())) {
                if (network.linkIndex(s.getLinkId()) >= 0 && Double.isFinite(s.getRateBps()) && s.getRateBps() >= 0) {
                    obs.add(LinkObservation.of(s.getLinkId(), s.getRateBps(), switch (s.getOperState()) {
                        case LINK_STATE_UP -> io.twinloop.model.LinkState.UP;
                        case LINK_STATE_DOWN -> io.twinloop.model.LinkState.DOWN;
                        case LINK_STATE_SLEEP -> io.twinloop.model.LinkState.SLEEP;
                        default -> null;
                    }));
                }
            }
        } catch (TwinCallException e) {
            LOG.debugf("no telemetry for the LLM's tools: %s", e.getMessage());
            return List.of();
        }
        return obs;
    }

    /** MLU limit the LLM's plans are held to when the request's guardrails say 0. */
    static final double DEFAULT_LLM_MAX_MLU = 1.0;

    private volatile LlmPlanner llmPlanner;
    private volatile boolean llmResolved;

    /** The LLM planner when one is configured, else null (built once). */
    LlmPlanner llmPlanner() {
        if (!llmResolved) {
            synchronized (this) {
                if (!llmResolved) {
                    var c = config.planner().llm();
                    llmPlanner = c.baseUrl().filter(u -> !u.isBlank()).map(u -> new LlmPlanner(new LlmSettings(u, c.model(),
                            c.apiKey().orElse(null), c.timeout(), c.maxTokensPerRound(), c.maxRepairs(), c.maxToolCalls())))
                            .orElse(null);
                    llmResolved = true;
                }
            }
        }
        return llmPlanner;
    }

    private static io.twinloop.proto.common.v1.LlmTrace trace(LlmOutcome o) {
        var t = io.twinloop.proto.common.v1.LlmTrace.newBuilder().setLatencyMs(o.latencyMs()).setModelMs(o.modelMs())
                .setAnswers(o.answers()).setFallbackReason(o.fallbackReason()).addAllViolations(o.violations());
        for (LlmOutcome.ToolCall c : o.toolCalls()) {
            t.addToolCalls(io.twinloop.proto.common.v1.LlmToolCall.newBuilder().setName(c.name()).setOk(c.ok())
                    .setMillis(c.millis()).setError(c.error()));
        }
        return t.build();
    }

    /** Most MLU bounds a Pareto sweep may ask for. */
    static final int MAX_PARETO_POINTS = 20;

    @Override
    @Blocking
    public void paretoFront(ParetoFrontRequest req, StreamObserver<ParetoFrontResponse> out) {
        Objective first = paretoObjective(req.getFirst(), "first");
        Objective second = paretoObjective(req.getSecond(), "second");
        if (first == second) {
            throw new RequestException("second", "SAME_OBJECTIVE", "the two objectives of a Pareto front must differ, "
                    + "both are " + req.getFirst());
        }
        if (req.getPoints() < 0 || req.getPoints() > MAX_PARETO_POINTS) {
            throw new RequestException("points", "points must be 0.." + MAX_PARETO_POINTS + " (0 = 6), got "
                    + req.getPoints());
        }
        double maxMlu = req.getMaxMlu();
        if (!Double.isFinite(maxMlu) || maxMlu < 0 || maxMlu > MAX_UTILIZATION_GUARDRAIL) {
            throw new RequestException("max_mlu", "max_mlu is a fraction in [0, " + (int) MAX_UTILIZATION_GUARDRAIL
                    + "] (0 = 1.0), got " + maxMlu);
        }
        ProposeRequest problem = req.getProblem();
        Validated v = validate(problem);
        GetNetworkResponse snapshot = snapshot(problem, v.network(), "problem.");
        Network network = network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);
        checkNodes(network, v.traffic(), "problem.traffic");
        Set<String> protectedLinks = protectedLinks(network, problem.getGuardrails());
        List<List<Demand>> samples = v.samples().isEmpty() ? List.of(v.traffic()) : all(v);
        List<MultiObjectivePlanner.ParetoPoint> front = new MultiObjectivePlanner(te).pareto(network, down, samples,
                first, second, req.getPoints() == 0 ? 6 : req.getPoints(), maxMlu == 0 ? 1.0 : maxMlu, protectedLinks,
                v.maxChanges());
        ParetoFrontResponse.Builder b = ParetoFrontResponse.newBuilder();
        int i = 0;
        for (MultiObjectivePlanner.ParetoPoint p : front) {
            TePlanner.Result r = p.result();
            b.addPoints(io.twinloop.proto.planner.v1.ParetoPoint.newBuilder().setFirst(p.x()).setSecond(p.y())
                    .setCandidate(PlannerProtoMapper.candidate(new PlanCandidate("pareto-" + (++i), "optimizer",
                            r.plan(), r.kpis(), r.rationale(), p.x()))));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    private static Objective paretoObjective(io.twinloop.proto.common.v1.Objective o, String field) {
        return switch (o) {
            case OBJECTIVE_MIN_MLU -> Objective.MLU;
            case OBJECTIVE_MIN_LATENCY -> Objective.LATENCY;
            case OBJECTIVE_MIN_POWER -> Objective.POWER;
            case OBJECTIVE_MIN_CHURN -> Objective.CHURN;
            default -> throw new RequestException(field, "UNSUPPORTED_OBJECTIVE", field + " objective " + o
                    + " cannot be an axis of a Pareto front; use MIN_MLU, MIN_LATENCY, MIN_POWER or MIN_CHURN");
        };
    }

    /** The protected links of the guardrails (nodes expanded to their links), every name checked. */
    private static Set<String> protectedLinks(Network network, Guardrails g) {
        for (int i = 0; i < g.getProtectedLinkIdsCount(); i++) {
            if (network.linkIndex(g.getProtectedLinkIds(i)) < 0) {
                throw new RequestException("guardrails.protected_link_ids[" + i + "]", "UNKNOWN_LINK",
                        "protected link '" + g.getProtectedLinkIds(i) + "' is not in network '"
                                + network.name() + "'");
            }
        }
        for (int i = 0; i < g.getProtectedNodeNamesCount(); i++) {
            if (network.nodeIndex(g.getProtectedNodeNames(i)) < 0) {
                throw new RequestException("guardrails.protected_node_names[" + i + "]", "UNKNOWN_NODE",
                        "protected node '" + g.getProtectedNodeNames(i) + "' is not in network '"
                                + network.name() + "'");
            }
        }
        return IgpPlanner.protectedLinks(network, g.getProtectedLinkIdsList(), g.getProtectedNodeNamesList());
    }

    @Override
    @Blocking
    public void diagnose(DiagnoseRequest req, StreamObserver<DiagnoseResponse> out) {
        String nameProblem = NetworkName.storedProblem(req.getNetwork()); // the planner only reads the network
        if (nameProblem != null) {
            throw new RequestException("network", nameProblem);
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        if (req.getMaxHypotheses() < 0 || req.getMaxHypotheses() > MAX_HYPOTHESES) {
            throw new RequestException("max_hypotheses", "max_hypotheses must be 0.." + MAX_HYPOTHESES + " (0 = 5), got "
                    + req.getMaxHypotheses());
        }
        if (req.getObservedCount() == 0) {
            throw new RequestException("observed", "no observations: give the links' measured loads");
        }
        GetNetworkResponse snapshot = twin.getNetwork(req.getNetwork(), req.getVersion());
        Network network = network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);
        var tm = req.hasTraffic() ? req.getTraffic() : twin.latestTraffic(req.getNetwork());
            List<Demand> traffic = Translator.demands(tm, "traffic");
        if (traffic.isEmpty()) {
            throw new RequestException("traffic", "network '" + req.getNetwork() + "' has no stored traffic; give traffic");
        }
        checkNodes(network, traffic, "traffic");
        List<LinkObservation> obs = new ArrayList<>();
        for (int i = 0; i < req.getObservedCount(); i++) {
            var o = req.getObserved(i);
            String id = o.getLinkId();
            if (id.isEmpty()) {
                List<String> match = network.links().stream().filter(l -> l.src().equals(o.getSrc())
                        && l.dst().equals(o.getDst())).map(io.twinloop.model.Link::id).toList();
                if (match.size() != 1) {
                    throw new RequestException("observed[" + i + "]", match.isEmpty() ? "UNKNOWN_LINK" : "AMBIGUOUS_LINK",
                            (match.isEmpty() ? "no link " : match.size() + " parallel links ") + o.getSrc() + "->"
                                    + o.getDst() + " in network '" + network.name() + "'"
                                    + (match.isEmpty() ? "" : "; give link_id"));
                }
                id = match.get(0);
            }
            if (!Double.isFinite(o.getLoadBps()) || o.getLoadBps() < 0) {
                throw new RequestException("observed[" + i + "].load_bps", "load must be finite and >= 0, got "
                        + o.getLoadBps());
            }
            obs.add(LinkObservation.of(id, o.getLoadBps(), !o.hasOperUp() ? null
                    : o.getOperUp() ? io.twinloop.model.LinkState.UP : io.twinloop.model.LinkState.DOWN));
        }
        Diagnosis d;
        try {
            d = new FaultDiagnoser().diagnose(network, down, traffic, obs,
                    req.getMaxHypotheses() == 0 ? 5 : req.getMaxHypotheses());
        } catch (IllegalArgumentException e) {
            throw new RequestException("observed", e.getMessage());
        }
        DiagnoseResponse.Builder b = DiagnoseResponse.newBuilder().setVersion(snapshot.getVersion())
                .setLlmStatus(!req.getUseLlm() ? LLM_NOT_REQUESTED : llmPlanner() == null ? NO_LLM : "ok")
                .setUsage(TokenUsage.getDefaultInstance());
        if (req.getUseLlm() && llmPlanner() != null && !d.hypotheses().isEmpty()) {
            // the ranking stands whatever the model says: it only adds an explanation for the operator
            long[] tokens = new long[2];
            try {
                b.setLlmExplanation(DiagnosisExplainer.explain(llmPlanner().model(), network.name(),
                        d.hypotheses().subList(0, Math.min(3, d.hypotheses().size())), tokens));
            } catch (RuntimeException e) {
                b.setLlmStatus("error: " + PlanGuard.shorten(e.getMessage()) + "; the ranking alone");
            }
            b.setUsage(TokenUsage.newBuilder().setPromptTokens(tokens[0]).setCompletionTokens(tokens[1])
                    .setTotalTokens(tokens[0] + tokens[1]).setLlmCalls(1));
        }
        // scores are -2 ln likelihood (lower is better): as relative likelihoods they sum to 1 over those returned
        double best = d.hypotheses().isEmpty() ? 0 : d.hypotheses().get(0).score();
        double sum = 0;
        for (Hypothesis h : d.hypotheses()) {
            sum += Math.exp(-(h.score() - best) / 2);
        }
        for (Hypothesis h : d.hypotheses()) {
            b.addHypotheses(io.twinloop.proto.planner.v1.Hypothesis.newBuilder()
                    .setKind(switch (h.kind()) {
                        case NONE -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_NO_FAULT;
                        case LINK_DOWN -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_LINK_DOWN;
                        case NODE_DOWN -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_NODE_DOWN;
                        case SRLG_DOWN -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_SRLG_DOWN;
                        case TRAFFIC_SHIFT -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_TRAFFIC_SHIFT;
                        case CAPACITY_DEGRADED -> io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_CAPACITY_DEGRADED;
                    })
                    .addAllElements(h.elements()).setScore(Math.exp(-(h.score() - best) / 2) / sum)
                    .setExplanation(h.explanation()).setResidual(Double.isFinite(h.residual()) ? h.residual() : 0));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /** Most hypotheses a diagnosis returns. */
    static final int MAX_HYPOTHESES = 50;

    @Override
    @Blocking
    public void parseIntent(ParseIntentRequest req, StreamObserver<ParseIntentResponse> out) {
        String text = req.getText();
        if (text.isBlank()) {
            throw new RequestException("text", "the intent text is empty");
        }
        if (text.length() > IntentParser.MAX_TEXT) {
            throw new RequestException("text", "the intent has " + text.length() + " characters, more than "
                    + IntentParser.MAX_TEXT);
        }
        Network network = req.getNetwork().isBlank() ? null : network(twin.getNetwork(req.getNetwork(), 0));
        LlmPlanner llm = llmPlanner();
        String llmStatus = LLM_NOT_REQUESTED;
        long[] tokens = new long[2];
        int calls = 0;
        IntentParser.Intent intent;
        try {
            if (IntentParser.structured(text)) {
                intent = IntentParser.parseStructured(text, network, "structured", null);
            } else if (llm != null) {
                calls = 1;
                try {
                    intent = IntentParser.parseWithLlm(llm.model(), text, network, tokens);
                    llmStatus = "ok";
                } catch (IntentParser.IntentException e) {
                    llmStatus = "invalid output: " + e.getMessage();
                    intent = IntentParser.parseRules(text, network);
                } catch (RuntimeException e) {
                    llmStatus = "error: " + PlanGuard.shorten(e.getMessage());
                    intent = IntentParser.parseRules(text, network);
                }
            } else {
                llmStatus = NO_LLM;
                intent = IntentParser.parseRules(text, network);
            }
        } catch (IntentParser.IntentException e) {
            throw new RequestException("text", "INVALID_INTENT", e.getMessage());
        }
        if (intent == null) {
            throw new RequestException("text", "INTENT_NOT_UNDERSTOOD", "nothing in the intent was understood ("
                    + llmStatus + "); give it in the structured form, e.g. {\"objective\": \"min-power\", "
                    + "\"constraints\": [\"mlu<=0.7\"]}");
        }
        ParseIntentResponse.Builder b = ParseIntentResponse.newBuilder()
                .setObjective(switch (intent.objective()) {
                    case "min-latency" -> io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_LATENCY;
                    case "min-power" -> io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_POWER;
                    case "min-churn" -> io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_CHURN;
                    case "weighted" -> io.twinloop.proto.common.v1.Objective.OBJECTIVE_WEIGHTED;
                    default -> io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_MLU;
                })
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(intent.maxChanges())
                        .setMaxLinkUtilization(intent.maxLinkUtilization())
                        .addAllProtectedLinkIds(intent.protectedLinks()).addAllProtectedNodeNames(intent.protectedNodes()))
                .setObjectiveWeights(io.twinloop.proto.common.v1.ObjectiveWeights.newBuilder()
                        .setUtilization(intent.weights()[0]).setLatency(intent.weights()[1])
                        .setPower(intent.weights()[2]).setChurn(intent.weights()[3]))
                .setInterpretation(intent.interpretation()).addAllUnparsed(intent.unparsed())
                .setParser(intent.parser()).setLlmStatus(llmStatus)
                .setUsage(TokenUsage.newBuilder().setPromptTokens(tokens[0]).setCompletionTokens(tokens[1])
                        .setTotalTokens(tokens[0] + tokens[1]).setLlmCalls(calls));
        for (IntentParser.Constraint c : intent.constraints()) {
            b.addConstraints(Constraint.newBuilder().setMetric(switch (c.metric()) {
                case "mlu" -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION;
                case "latency" -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_MEAN_LATENCY_MS;
                case "p95latency" -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_P95_LATENCY_MS;
                case "power" -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_TOTAL_POWER_W;
                case "churn" -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_CHURN;
                default -> io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_UNROUTED_BPS;
            }).setOp(c.op().equals("<=") ? ConstraintOp.CONSTRAINT_OP_LE : ConstraintOp.CONSTRAINT_OP_GE)
                    .setValue(c.value()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /** The parts of a Propose request that do not need the network, checked. */
    record Validated(String network, List<Demand> traffic, List<List<Demand>> samples, int maxChanges,
                     int maxCandidates) {
    }

    Validated validate(ProposeRequest req) {
        String nameProblem = NetworkName.storedProblem(req.getNetwork()); // the planner only reads the network
        if (nameProblem != null) {
            throw new RequestException("network", nameProblem);
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        if (req.getObjective() == io.twinloop.proto.common.v1.Objective.UNRECOGNIZED) {
            throw new RequestException("objective", "UNSUPPORTED_OBJECTIVE", "objective " + req.getObjectiveValue()
                    + " is unknown; use MIN_MLU, MIN_LATENCY, MIN_POWER, MIN_CHURN or WEIGHTED");
        }
        var w = req.getObjectiveWeights();
        for (double x : new double[] {w.getUtilization(), w.getLatency(), w.getPower(), w.getChurn()}) {
            if (!Double.isFinite(x) || x < 0) {
                throw new RequestException("objective_weights", "objective weights must be finite and >= 0, got " + w);
            }
        }
        if (req.getMaxCandidates() < 0 || req.getMaxCandidates() > MAX_CANDIDATES) {
            throw new RequestException("max_candidates", "max_candidates must be 0.." + MAX_CANDIDATES
                    + " (0 = " + config.planner().defaultMaxCandidates() + "), got " + req.getMaxCandidates());
        }
        Guardrails g = req.getGuardrails();
        double mlu = g.getMaxLinkUtilization();
        if (!Double.isFinite(mlu) || mlu < 0 || mlu > MAX_UTILIZATION_GUARDRAIL) {
            throw new RequestException("guardrails.max_link_utilization", "max_link_utilization is a fraction in [0, "
                    + (int) MAX_UTILIZATION_GUARDRAIL + "] (0 = default), got " + mlu);
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > MAX_CHANGES) {
            throw new RequestException("guardrails.max_changes", "max_changes must be 0.." + MAX_CHANGES
                    + " (0 = " + config.planner().defaultMaxChanges() + "), got " + g.getMaxChanges());
        }
        for (int i = 0; i < req.getConstraintsCount(); i++) {
            checkConstraint(req.getConstraints(i), "constraints[" + i + "]");
        }
        if (!req.hasTraffic() && req.getTrafficSamplesCount() == 0) {
            throw new RequestException("traffic", "traffic is required: give traffic and/or traffic_samples");
        }
        List<Demand> traffic = req.hasTraffic() ? Translator.demands(req.getTraffic(), "traffic") : List.of();
        List<List<Demand>> samples = new ArrayList<>(req.getTrafficSamplesCount());
        for (int s = 0; s < req.getTrafficSamplesCount(); s++) {
            samples.add(Translator.demands(req.getTrafficSamples(s), "traffic_samples[" + s + "]"));
        }
        return new Validated(req.getNetwork(), traffic, samples,
                g.getMaxChanges() == 0 ? config.planner().defaultMaxChanges() : g.getMaxChanges(),
                req.getMaxCandidates() == 0 ? config.planner().defaultMaxCandidates() : req.getMaxCandidates());
    }

    private final TePlanner te = new TePlanner();

    /** The objective the TE optimizer minimises. */
    static Objective objective(ProposeRequest req) {
        return switch (req.getObjective()) {
            case OBJECTIVE_MIN_LATENCY -> Objective.LATENCY;
            case OBJECTIVE_MIN_POWER -> Objective.POWER;
            case OBJECTIVE_MIN_CHURN -> Objective.CHURN;
            default -> Objective.MLU;
        };
    }

    /** The upper-bound constraints as epsilon bounds; other metrics are checked by the gateway on the twin. */
    static List<MultiObjectivePlanner.Bound> bounds(ProposeRequest req) {
        List<MultiObjectivePlanner.Bound> out = new ArrayList<>();
        for (int i = 0; i < req.getConstraintsCount(); i++) {
            Constraint c = req.getConstraints(i);
            if (c.getOp() != ConstraintOp.CONSTRAINT_OP_LE) {
                continue;
            }
            Objective o = switch (c.getMetric()) {
                case CONSTRAINT_METRIC_MAX_LINK_UTILIZATION -> Objective.MLU;
                case CONSTRAINT_METRIC_MEAN_LATENCY_MS -> Objective.LATENCY;
                case CONSTRAINT_METRIC_TOTAL_POWER_W -> Objective.POWER;
                case CONSTRAINT_METRIC_CHURN -> Objective.CHURN;
                default -> null;
            };
            if (o != null) {
                try {
                    out.add(new MultiObjectivePlanner.Bound(o, c.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new RequestException("constraints[" + i + "].value", e.getMessage());
                }
            }
        }
        return out;
    }

    private static double score(Objective o, PlanCandidate c) {
        return switch (o) {
            case MLU -> c.kpis().maxLinkUtilization();
            case LATENCY -> c.kpis().meanLatencyMs();
            case POWER -> c.kpis().powerW();
            case CHURN -> c.plan().actions().size();
        };
    }

    /**
     * The model's guardrails of a request, which the optimizer's plans and the LLM's plans
     * ({@link PlanGuard}) are both checked against.
     */
    static io.twinloop.model.rules.Guardrails rules(Guardrails g, int maxChanges) {
        return new io.twinloop.model.rules.Guardrails(g.getMaxLinkUtilization(), maxChanges,
                new java.util.LinkedHashSet<>(g.getProtectedLinkIdsList()),
                new java.util.LinkedHashSet<>(g.getProtectedNodeNamesList()), g.getAllowUnrouted());
    }

    /**
     * The static checks of an optimizer plan: the same {@link io.twinloop.model.rules.PlanChecks}
     * as the LLM's plans pass, so a plan the optimizer proposes is one the guard would accept.
     */
    static io.twinloop.model.rules.PlanChecks.Verdict optimizerChecks(Network network,
                                                                      io.twinloop.model.rules.Guardrails rules,
                                                                      io.twinloop.model.plan.Plan plan) {
        return new io.twinloop.model.rules.PlanChecks(rules, network).check(plan.actions());
    }

    private static void checkConstraint(Constraint c, String field) {
        if (c.getMetric() == ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED
                || c.getMetric() == ConstraintMetric.UNRECOGNIZED) {
            throw new RequestException(field + ".metric", field + " needs a metric");
        }
        if (c.getOp() == ConstraintOp.CONSTRAINT_OP_UNSPECIFIED || c.getOp() == ConstraintOp.UNRECOGNIZED) {
            throw new RequestException(field + ".op", field + " needs an op (LE or GE)");
        }
        if (!Double.isFinite(c.getValue())) {
            throw new RequestException(field + ".value", field + " value must be a finite number, got " + c.getValue());
        }
    }

    /**
     * The snapshot a request plans on: its own {@code topology} when it carries one (at its {@code version},
     * which must then be set), else the twin's.
     */
    private GetNetworkResponse snapshot(ProposeRequest req, String network, String prefix) {
        if (!req.hasTopology()) {
            return twin.getNetwork(network, req.getVersion());
        }
        if (req.getVersion() <= 0) {
            throw new RequestException(prefix + "version", "a request that carries its topology must name its version "
                    + "(> 0), got " + req.getVersion());
        }
        if (req.getTopology().getNodesCount() == 0) {
            throw new RequestException(prefix + "topology", "the topology has no nodes");
        }
        return GetNetworkResponse.newBuilder().setNetwork(network).setVersion(req.getVersion())
                .setTopology(req.getTopology()).build();
    }

    private static Network network(GetNetworkResponse snapshot) {
        try {
            return PlannerProtoMapper.network(snapshot);
        } catch (InvalidNetworkException e) {
            throw new TwinCallException(Status.Code.INTERNAL, "twin-service sent an inconsistent snapshot of network '"
                    + snapshot.getNetwork() + "': " + e.getMessage(), null);
        }
    }

    private static void checkNodes(Network network, List<Demand> demands, String field) {
        for (int i = 0; i < demands.size(); i++) {
            Demand d = demands.get(i);
            if (network.nodeIndex(d.src()) < 0) {
                throw unknownNode(network, field + ".demands[" + i + "].src", d.src(), i, field);
            }
            if (network.nodeIndex(d.dst()) < 0) {
                throw unknownNode(network, field + ".demands[" + i + "].dst", d.dst(), i, field);
            }
        }
    }

    private static RequestException unknownNode(Network network, String f, String node, int i, String field) {
        return new RequestException(f, "UNKNOWN_NODE", "node '" + node + "' of demand " + i + " of " + field
                + " is not in network '" + network.name() + "'");
    }

    private static List<List<Demand>> all(Validated v) {
        List<List<Demand>> all = new ArrayList<>(v.samples().size() + 1);
        all.add(v.traffic());
        all.addAll(v.samples());
        return all;
    }
}
