package io.twinloop.gateway.round;

import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a round scores the plans it verified on the twin, by the objective the round was asked
 * for, and which of the round's constraints a plan breaks. Every figure is the worst case over
 * the traffic the round checks (observed, forecast p50 and p90), so a plan is chosen for the
 * traffic it may meet, not only for the traffic it was planned on.
 *
 * <ul>
 *   <li>{@code MIN_MLU} (and unset): the maximum link utilization;</li>
 *   <li>{@code MIN_LATENCY}: the demand-weighted mean latency, in ms;</li>
 *   <li>{@code MIN_POWER}: the total power of the links that are up, in W;</li>
 *   <li>{@code MIN_CHURN}: the changes ({@code Kpis.churn}: configuration items that differ); no plan beats keeping the configuration on
 *       this score, so a plan is chosen only when today's configuration breaks a guardrail or a
 *       constraint that the plan meets;</li>
 *   <li>{@code WEIGHTED}: the weighted sum of MLU, mean latency and power, each divided by its
 *       value when the configuration is kept (1 = as today), plus the changes divided by the
 *       change limit; no weights at all means weights 1, as the planner reads them.</li>
 * </ul>
 */
public record RoundObjective(Objective objective, ObjectiveWeights weights, int maxChanges) {

    /** The smallest lowering of the MLU (0.1 percentage point) that makes a plan worth its changes. */
    static final double MIN_MLU_GAIN = 1e-3;
    /** The smallest relative lowering of latency, power or a weighted score worth a change (0.5 %). */
    static final double MIN_RELATIVE_GAIN = 5e-3;
    private static final double EPS = 1e-9;

    public RoundObjective {
        if (objective == Objective.OBJECTIVE_UNSPECIFIED || objective == Objective.UNRECOGNIZED) {
            objective = Objective.OBJECTIVE_MIN_MLU;
        }
        if (objective == Objective.OBJECTIVE_WEIGHTED && weights.getUtilization() == 0 && weights.getLatency() == 0
                && weights.getPower() == 0 && weights.getChurn() == 0) {
            weights = ObjectiveWeights.newBuilder().setUtilization(1).setLatency(1).setPower(1).setChurn(1).build();
        }
        maxChanges = Math.max(1, maxChanges);
    }

    /**
     * The score of a plan whose KPIs under each checked traffic are {@code checks}, where keeping
     * the configuration gives {@code baseline} (same order); lower is better.
     */
    public double score(List<Kpis> checks, List<Kpis> baseline) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < checks.size(); i++) {
            worst = Math.max(worst, value(checks.get(i), baseline.get(i)));
        }
        return checks.isEmpty() ? 0 : worst;
    }

    private double value(Kpis k, Kpis base) {
        return switch (objective) {
            case OBJECTIVE_MIN_LATENCY -> k.getMeanLatencyMs();
            case OBJECTIVE_MIN_POWER -> k.getTotalPowerW();
            case OBJECTIVE_MIN_CHURN -> k.getChurn();
            case OBJECTIVE_WEIGHTED -> weights.getUtilization() * ratio(k.getMaxLinkUtilization(), base.getMaxLinkUtilization())
                    + weights.getLatency() * ratio(k.getMeanLatencyMs(), base.getMeanLatencyMs())
                    + weights.getPower() * ratio(k.getTotalPowerW(), base.getTotalPowerW())
                    + weights.getChurn() * k.getChurn() / (double) maxChanges;
            default -> k.getMaxLinkUtilization();
        };
    }

    /** {@code x / base}, or {@code x} itself when the base is (about) zero. */
    private static double ratio(double x, double base) {
        return Math.abs(base) < EPS ? x : x / base;
    }

    /**
     * Whether {@code score} lowers {@code today} (the score of keeping the configuration) by
     * enough to be worth changing the network: by {@value #MIN_MLU_GAIN} of MLU, or by
     * {@value #MIN_RELATIVE_GAIN} of today's value for the others. Never for {@code MIN_CHURN}.
     */
    public boolean improves(double score, double today) {
        return switch (objective) {
            case OBJECTIVE_MIN_CHURN -> false;
            case OBJECTIVE_MIN_MLU -> score <= today - MIN_MLU_GAIN;
            default -> score <= today - Math.max(EPS, MIN_RELATIVE_GAIN * Math.abs(today));
        };
    }

    /** What the score measures, e.g. "worst-case mean latency". */
    public String what() {
        return switch (objective) {
            case OBJECTIVE_MIN_LATENCY -> "worst-case mean latency";
            case OBJECTIVE_MIN_POWER -> "worst-case power";
            case OBJECTIVE_MIN_CHURN -> "number of changes";
            case OBJECTIVE_WEIGHTED -> "worst-case weighted score";
            default -> "worst-case MLU";
        };
    }

    /** A score as the round reports it: "83.0%", "12.40 ms", "1520 W", "3", "0.972". */
    public String format(double score) {
        return switch (objective) {
            case OBJECTIVE_MIN_LATENCY -> String.format(Locale.ROOT, "%.2f ms", score);
            case OBJECTIVE_MIN_POWER -> String.format(Locale.ROOT, "%.0f W", score);
            case OBJECTIVE_MIN_CHURN -> String.format(Locale.ROOT, "%.0f", score);
            case OBJECTIVE_WEIGHTED -> String.format(Locale.ROOT, "%.3f", score);
            default -> RoundRunner.pct(score);
        };
    }

    /** Why a plan scoring {@code score} is not worth its changes when keeping the configuration scores {@code today}. */
    public String noGain(double score, double today, boolean todayBroken) {
        String limits = todayBroken ? "meet the limits today's configuration breaks" : "";
        String need = switch (objective) {
            case OBJECTIVE_MIN_CHURN -> "keeping the configuration has the fewest; a plan is chosen only to "
                    + (todayBroken ? limits : "meet a limit today's configuration breaks, and it breaks none");
            case OBJECTIVE_MIN_MLU -> "a plan must lower it by at least " + RoundRunner.pct(MIN_MLU_GAIN)
                    + (todayBroken ? " or " + limits : "");
            default -> "a plan must lower it by at least " + String.format(Locale.ROOT, "%.1f%%", MIN_RELATIVE_GAIN * 100)
                    + (todayBroken ? " or " + limits : "");
        };
        return "no real improvement: " + what() + " " + format(score) + " vs " + format(today) + " today (" + need + ")";
    }

    /** Why the plan scoring {@code best}, of {@code actions} changes, was chosen. */
    public String choice(double today, double best, int actions, boolean todayBroken) {
        String head = todayBroken && !improves(best, today)
                ? "today's configuration breaks a limit this plan meets; lowest verified " + what()
                : "lowest verified " + what();
        return head + ": " + format(today) + " -> " + format(best) + " with " + actions + " actions";
    }

    /**
     * The round's constraints that {@code k} (a plan's KPIs under the {@code label} traffic) breaks
     * and is worse on than keeping the configuration ({@code base}): a plan may leave a bound that
     * is already broken today no further from it, as the utilization guardrail does.
     */
    public static List<String> violations(List<Constraint> constraints, Kpis k, Kpis base, String label) {
        List<String> out = new ArrayList<>();
        for (Constraint c : constraints) {
            double v = metric(c, k);
            double today = metric(c, base);
            boolean le = c.getOp() == ConstraintOp.CONSTRAINT_OP_LE;
            boolean broken = le ? v > c.getValue() + EPS : v < c.getValue() - EPS;
            boolean worse = le ? v > today + EPS : v < today - EPS;
            if (broken && worse) {
                out.add(String.format(Locale.ROOT, "constraint %s %s %s broken: %s (%s traffic; %s today)",
                        name(c), le ? "<=" : ">=", num(c.getValue()), num(v), label, num(today)));
            }
        }
        return out;
    }

    /**
     * Whether {@code k} breaks the utilization guardrail {@code maxUtilization} or one of the
     * constraints, whatever today's values are.
     */
    public static boolean breaks(List<Constraint> constraints, double maxUtilization, Kpis k) {
        if (k.getMaxLinkUtilization() > maxUtilization + EPS) {
            return true;
        }
        for (Constraint c : constraints) {
            double v = metric(c, k);
            if (c.getOp() == ConstraintOp.CONSTRAINT_OP_LE ? v > c.getValue() + EPS : v < c.getValue() - EPS) {
                return true;
            }
        }
        return false;
    }

    private static double metric(Constraint c, Kpis k) {
        return switch (c.getMetric()) {
            case CONSTRAINT_METRIC_MAX_LINK_UTILIZATION -> k.getMaxLinkUtilization();
            case CONSTRAINT_METRIC_MEAN_LINK_UTILIZATION -> k.getMeanLinkUtilization();
            case CONSTRAINT_METRIC_MEAN_LATENCY_MS -> k.getMeanLatencyMs();
            case CONSTRAINT_METRIC_P95_LATENCY_MS -> k.getP95LatencyMs();
            case CONSTRAINT_METRIC_TOTAL_POWER_W -> k.getTotalPowerW();
            // the twin counts the plan's changes against the simulated version
            case CONSTRAINT_METRIC_CHURN -> k.getChurn();
            default -> Double.NaN;
        };
    }

    private static String name(Constraint c) {
        return c.getMetric().name().substring("CONSTRAINT_METRIC_".length()).toLowerCase(Locale.ROOT);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
