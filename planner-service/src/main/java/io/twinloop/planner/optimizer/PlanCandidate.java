package io.twinloop.planner.optimizer;

import io.twinloop.model.plan.Plan;
import io.twinloop.model.routing.Kpis;

import java.util.Objects;

/**
 * One proposed plan with the planner's own estimate of its effect.
 *
 * @param id        candidate id, unique within one proposal (e.g. {@code optimizer-igp}, {@code no-op})
 * @param source    who proposed it: {@code optimizer}, {@code llm} or {@code baseline}
 * @param plan      the plan (empty for the baseline)
 * @param kpis      KPIs estimated by routing the planned traffic on the network with the plan applied
 * @param rationale why this plan
 * @param score     the value of the objective (for min-MLU, the MLU after the plan); lower is better
 */
public record PlanCandidate(String id, String source, Plan plan, Kpis kpis, Rationale rationale, double score) {

    /** Rejects nulls and a non-finite score. */
    public PlanCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(kpis, "kpis");
        Objects.requireNonNull(rationale, "rationale");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }
}
