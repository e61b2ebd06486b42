package io.twinloop.planner.llm;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.planner.diagnosis.LinkObservation;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One planning problem as the LLM's tools see it.
 *
 * @param network   the network at the planned version
 * @param down      links down in the twin
 * @param samples   traffic samples (the first is the observed one; others, e.g. forecast p50/p90)
 * @param objective what to minimise
 * @param guard     the guardrails every plan is checked against
 * @param te        the optimizer behind the {@code optimize} tool
 * @param observed  the latest measured link telemetry, behind {@code recent_telemetry} and {@code diagnose}
 *                  (empty when the twin holds none)
 */
public record PlanningContext(Network network, BitSet down, List<List<Demand>> samples, Objective objective,
                              PlanGuard guard, TePlanner te, List<LinkObservation> observed) {

    /** Validates and copies. */
    public PlanningContext {
        Objects.requireNonNull(network, "network");
        down = (BitSet) down.clone();
        samples = List.copyOf(samples);
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(te, "te");
        observed = List.copyOf(observed);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic sample is needed");
        }
    }

    /** A context without measured telemetry. */
    public PlanningContext(Network network, BitSet down, List<List<Demand>> samples, Objective objective,
                           PlanGuard guard, TePlanner te) {
        this(network, down, samples, objective, guard, te, List.of());
    }
}
