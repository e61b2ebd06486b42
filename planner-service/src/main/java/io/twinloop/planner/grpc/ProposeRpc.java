package io.twinloop.planner.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.rules.PlanChecks;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.planner.llm.LlmOutcome;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.planner.llm.PlanningContext;
import io.twinloop.planner.optimizer.IgpPlanner;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.optimizer.Rationale;
import io.twinloop.planner.optimizer.TrafficEnvelope;
import io.twinloop.planner.te.MinMluSolver;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.TokenUsage;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The Propose RPC. The whole request is validated before the twin is called; then the candidates,
 * best score first: the IGP weight search (min-MLU), the traffic-engineering optimizer
 * ({@link TePlanner}: SR-TE split ratios from an LP, energy-aware sleeping, epsilon-constraints and
 * weighted sums) for the requested objective, routed around the protected links (no policy of its
 * plans routes over one: {@link MinMluSolver.Options#frozenLinks}), the LLM's plan when asked for
 * and configured (held to the same guardrails by {@link PlanGuard}), and the no-op baseline.
 */
@Singleton
class ProposeRpc {

    @Inject
    PlanningProblems problems;

    @Inject
    PlannerLlm llm;

    @Inject
    PlannerConfig config;

    private final IgpPlanner planner = new IgpPlanner();

    ProposeResponse propose(ProposeRequest req) {
        PlanningProblems.Validated v = problems.validate(req);
        GetNetworkResponse snapshot = problems.snapshot(req, v.network(), "");
        Network network = PlanningProblems.network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);

        PlanningProblems.checkNodes(network, v.traffic(), "traffic");
        for (int s = 0; s < v.samples().size(); s++) {
            PlanningProblems.checkNodes(network, v.samples().get(s), "traffic_samples[" + s + "]");
        }
        Guardrails g = req.getGuardrails();
        Set<String> protectedLinks = PlanningProblems.protectedLinks(network, g);
        io.twinloop.model.rules.Guardrails rules = PlanningProblems.rules(g, v.maxChanges());

        List<List<Demand>> samples = v.all();
        List<Demand> planned = v.samples().isEmpty() ? v.traffic() : TrafficEnvelope.of(samples);
        List<PlanCandidate> candidates = new ArrayList<>(planner.propose(network, down, planned, new IgpPlanner.Settings(
                v.maxChanges(), config.planner().maxIterations(), protectedLinks, g.getMaxLinkUtilization())));
        Objective objective = PlanningProblems.objective(req);
        // the TE optimizer routes around the protected links: no policy of its plans goes over one
        TePlanner te = new TePlanner(MinMluSolver.Options.minMlu().withFrozenLinks(protectedLinks));
        TePlanner.Result r = optimize(te, req, network, down, samples, objective, protectedLinks, v.maxChanges());
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
        candidates.sort(Comparator.comparingDouble(PlanCandidate::score));

        ProposeResponse.Builder b = ProposeResponse.newBuilder()
                .setLlmStatus(req.getUseLlm() ? PlannerLlm.NO_LLM : PlannerLlm.LLM_NOT_REQUESTED)
                .setUsage(TokenUsage.getDefaultInstance());
        LlmPlanner model = llm.planner();
        if (req.getUseLlm() && model != null) {
            double maxMlu = g.getMaxLinkUtilization() > 0 ? g.getMaxLinkUtilization() : PlannerLlm.DEFAULT_LLM_MAX_MLU;
            PlanGuard guard = new PlanGuard(network, down, samples, PlanGuard.Limits.of(network, rules, maxMlu));
            LlmOutcome o = model.plan(new PlanningContext(network, down, samples, objective, guard, te,
                    llm.measuredTelemetry(network)));
            b.setLlmStatus(o.status()).setUsage(PlannerLlm.usage(o.promptTokens(), o.completionTokens(), o.modelCalls()))
                    .setLlmTrace(PlannerLlm.trace(o));
            if (o.accepted()) {
                candidates.add(llmCandidate(o.verdict(), objective));
                candidates.sort(Comparator.comparingDouble(PlanCandidate::score));
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
        return b.build();
    }

    /** The TE optimizer's plan for the request's objective, weights and epsilon bounds. */
    private static TePlanner.Result optimize(TePlanner te, ProposeRequest req, Network network, BitSet down,
                                             List<List<Demand>> samples, Objective objective,
                                             Set<String> protectedLinks, int maxChanges) {
        List<MultiObjectivePlanner.Bound> bounds = PlanningProblems.bounds(req);
        MultiObjectivePlanner mo = new MultiObjectivePlanner(te);
        if (req.getObjective() == io.twinloop.proto.common.v1.Objective.OBJECTIVE_WEIGHTED) {
            var w = req.getObjectiveWeights();
            boolean none = w.getUtilization() == 0 && w.getLatency() == 0 && w.getPower() == 0 && w.getChurn() == 0;
            return mo.weighted(network, down, samples, none ? new MultiObjectivePlanner.Weights(1, 1, 1, 1)
                    : new MultiObjectivePlanner.Weights(w.getUtilization(), w.getLatency(), w.getPower(), w.getChurn()),
                    protectedLinks, maxChanges);
        }
        if (objective == Objective.MLU && bounds.isEmpty()) {
            return te.minMlu(network, down, samples, maxChanges);
        }
        return mo.epsilon(network, down, samples, objective, bounds, protectedLinks, maxChanges);
    }

    /** The candidate of an LLM plan the guard accepted, scored by the objective. */
    private static PlanCandidate llmCandidate(PlanGuard.Verdict verdict, Objective objective) {
        List<String> changes = verdict.plan().actions().stream().map(Object::toString).toList();
        PlanCandidate c = new PlanCandidate("llm", "llm", verdict.plan(), verdict.kpis(),
                new Rationale("llm: " + objective.key(), List.of(), changes,
                        "LLM plan, accepted by the guardrails: " + PlanGuard.display(verdict.rationale())),
                objective == Objective.MLU ? verdict.worstMlu() : 0);
        return new PlanCandidate(c.id(), c.source(), c.plan(), c.kpis(), c.rationale(),
                objective == Objective.MLU ? verdict.worstMlu() : score(objective, c));
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
     * The static checks of an optimizer plan: the same {@link PlanChecks} as the LLM's plans pass, so a
     * plan the optimizer proposes is one the guard would accept.
     */
    static PlanChecks.Verdict optimizerChecks(Network network, io.twinloop.model.rules.Guardrails rules, Plan plan) {
        return new PlanChecks(rules, network).check(plan.actions());
    }
}
