package io.twinloop.planner.optimizer;

import java.util.List;
import java.util.Objects;

/**
 * Why a candidate was proposed, in terms an operator can check against the twin.
 *
 * @param objective      the objective optimized, e.g. {@code min-mlu}
 * @param bindingLinkIds the links that limit the objective before the plan (the bottlenecks)
 * @param changes        one line per action, in plan order
 * @param summary        a short human-readable summary
 */
public record Rationale(String objective, List<String> bindingLinkIds, List<String> changes, String summary) {

    /** Copies the lists; rejects nulls. */
    public Rationale {
        Objects.requireNonNull(objective, "objective");
        bindingLinkIds = List.copyOf(bindingLinkIds);
        changes = List.copyOf(changes);
        Objects.requireNonNull(summary, "summary");
    }
}
