package io.twinloop.model.rules;

import io.twinloop.model.routing.Kpis;

import java.util.List;
import java.util.Objects;

/**
 * A plan's KPIs as simulated under one labelled traffic matrix (the observed traffic, a forecast
 * quantile), with the plan's number of changes: what the checks after simulation
 * ({@link VerifiedChecks}) and the score ({@link Objective}) are computed from. Keeping today's
 * configuration has churn 0.
 *
 * @param label which traffic ("observed", "p50", "p90")
 * @param kpis  the KPIs of the plan under that traffic
 * @param churn the plan's changed configuration items (>= 0)
 */
public record TrafficCheck(String label, Kpis kpis, int churn) {

    /** Validates. */
    public TrafficCheck {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kpis, "kpis");
        if (churn < 0) {
            throw new IllegalArgumentException("churn must be >= 0, got " + churn);
        }
    }

    /** The figures {@link Objective} scores. */
    public Objective.Outcome outcome() {
        return new Objective.Outcome(kpis.maxLinkUtilization(), kpis.meanLatencyMs(), kpis.powerW(), churn);
    }

    /** {@link #outcome()} of each check, in order. */
    public static List<Objective.Outcome> outcomes(List<TrafficCheck> checks) {
        return checks.stream().map(TrafficCheck::outcome).toList();
    }

    /** The highest MLU over {@code checks}; 0 when there are none. */
    public static double worstMlu(List<TrafficCheck> checks) {
        return checks.stream().mapToDouble(c -> c.kpis().maxLinkUtilization()).max().orElse(0);
    }
}
