package io.twinloop.model.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The score of a plan on a round's objective; lower is better. The one formula the planner ranks
 * its candidates by and the gateway chooses the applied plan by.
 *
 * <ul>
 *   <li>{@link Goal#MLU}: the maximum link utilisation;</li>
 *   <li>{@link Goal#LATENCY}: the demand-weighted mean latency (ms);</li>
 *   <li>{@link Goal#POWER}: the total power of the links that are up (W);</li>
 *   <li>{@link Goal#CHURN}: the number of changed configuration items;</li>
 *   <li>{@link Goal#WEIGHTED}: relative to keeping today's configuration,
 *       <pre>  w_mlu x MLU/MLU_today + w_latency x latency/latency_today + w_power x power/power_today
 *     + w_churn x churn/maxChanges</pre>
 *       so keeping the configuration scores {@code w_mlu + w_latency + w_power}. A KPI whose value
 *       today is (about) zero enters as its value itself. <b>Churn is normalised by the change
 *       limit</b> ({@link Guardrails#maxChanges()}): today's churn is always 0, so it cannot be the
 *       base, and the limit is the scale on which an operator states how much change a round may
 *       make (a plan using the whole limit costs {@code w_churn}, as much as doubling a KPI with
 *       the same weight). All weights 0 means all weights 1.</li>
 * </ul>
 * Over several traffic checks (observed, forecasts) the score is the worst (highest) of the
 * per-traffic scores, so a plan is judged on the traffic it may meet.
 *
 * @param goal       what is minimised
 * @param weights    the weights of {@link Goal#WEIGHTED} (ignored otherwise)
 * @param maxChanges the change limit churn is normalised by (at least 1)
 */
public record Objective(Goal goal, Weights weights, int maxChanges) {

    /** What a round minimises. */
    public enum Goal {
        /** Maximum link utilisation. */
        MLU,
        /** Mean latency. */
        LATENCY,
        /** Total power. */
        POWER,
        /** Number of changes. */
        CHURN,
        /** Weighted sum relative to today. */
        WEIGHTED
    }

    /**
     * Weights of {@link Goal#WEIGHTED}.
     *
     * @param mlu     weight of the MLU
     * @param latency weight of the mean latency
     * @param power   weight of the power
     * @param churn   weight of the churn
     */
    public record Weights(double mlu, double latency, double power, double churn) {
        /** Equal weights. */
        public static final Weights EQUAL = new Weights(1, 1, 1, 1);

        /** Validates. */
        public Weights {
            if (!(mlu >= 0 && latency >= 0 && power >= 0 && churn >= 0) || Double.isInfinite(mlu + latency + power + churn)) {
                throw new IllegalArgumentException("weights must be finite and >= 0");
            }
        }

        /** Whether every weight is 0. */
        public boolean none() {
            return mlu == 0 && latency == 0 && power == 0 && churn == 0;
        }
    }

    /**
     * The KPIs a score is computed from.
     *
     * @param maxLinkUtilization maximum link utilisation (fraction)
     * @param meanLatencyMs      mean latency (ms)
     * @param powerW             total power (W)
     * @param churn              changed configuration items (0 for today's configuration)
     */
    public record Outcome(double maxLinkUtilization, double meanLatencyMs, double powerW, double churn) {
    }

    private static final double EPS = 1e-9;

    /** Defaults: weights all 0 become {@link Weights#EQUAL}; the change limit is at least 1. */
    public Objective {
        Objects.requireNonNull(goal, "goal");
        weights = weights == null || weights.none() ? Weights.EQUAL : weights;
        maxChanges = Math.max(1, maxChanges);
    }

    /** The score of a plan with {@code plan} under one traffic, where today's configuration gives {@code today}. */
    public double score(Outcome plan, Outcome today) {
        return switch (goal) {
            case MLU -> plan.maxLinkUtilization();
            case LATENCY -> plan.meanLatencyMs();
            case POWER -> plan.powerW();
            case CHURN -> plan.churn();
            case WEIGHTED -> weights.mlu() * ratio(plan.maxLinkUtilization(), today.maxLinkUtilization())
                    + weights.latency() * ratio(plan.meanLatencyMs(), today.meanLatencyMs())
                    + weights.power() * ratio(plan.powerW(), today.powerW())
                    + weights.churn() * plan.churn() / maxChanges;
        };
    }

    /**
     * The worst score over several traffic checks: {@code plan.get(i)} and {@code today.get(i)} are
     * the KPIs under the same traffic; 0 when there are none.
     */
    public double score(List<Outcome> plan, List<Outcome> today) {
        if (plan.size() != today.size()) {
            throw new IllegalArgumentException(plan.size() + " checks of the plan but " + today.size() + " of today");
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < plan.size(); i++) {
            worst = Math.max(worst, score(plan.get(i), today.get(i)));
        }
        return plan.isEmpty() ? 0 : worst;
    }

    /** What the score measures, e.g. "worst-case mean latency". */
    public String what() {
        return switch (goal) {
            case LATENCY -> "worst-case mean latency";
            case POWER -> "worst-case power";
            case CHURN -> "number of changes";
            case WEIGHTED -> "worst-case weighted score";
            case MLU -> "worst-case MLU";
        };
    }

    /** A score as reported: "83.0%", "12.40 ms", "1520 W", "3", "0.972". */
    public String format(double score) {
        return switch (goal) {
            case LATENCY -> String.format(Locale.ROOT, "%.2f ms", score);
            case POWER -> String.format(Locale.ROOT, "%.0f W", score);
            case CHURN -> String.format(Locale.ROOT, "%.0f", score);
            case WEIGHTED -> String.format(Locale.ROOT, "%.3f", score);
            case MLU -> percent(score);
        };
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** {@code x / base}, or {@code x} itself when the base is (about) zero. */
    private static double ratio(double x, double base) {
        return Math.abs(base) < EPS ? x : x / base;
    }
}
