package io.twinloop.gateway.round;

import io.twinloop.model.rules.ChangeWorth;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import io.twinloop.proto.gateway.v1.NetworkPolicy;

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
 * The formula is the model's {@link io.twinloop.model.rules.Objective}, the one the planner ranks
 * its candidates by; whether a gain is worth the plan's changes is the model's
 * {@link ChangeWorth}, with the network policy's target utilization and least gain per change.
 */
public record RoundObjective(Objective objective, ObjectiveWeights weights, int maxChanges, ChangeWorth worth) {

    /** The smallest lowering of the MLU (0.1 percentage point) that makes a plan worth its changes. */
    static final double MIN_MLU_GAIN = ChangeWorth.MIN_MLU_GAIN;
    /** The smallest relative lowering of latency, power or a weighted score worth a change (0.5 %). */
    static final double MIN_RELATIVE_GAIN = ChangeWorth.MIN_RELATIVE_GAIN;
    private static final double EPS = 1e-9;

    /** The objective with the default {@link ChangeWorth}. */
    public RoundObjective(Objective objective, ObjectiveWeights weights, int maxChanges) {
        this(objective, weights, maxChanges, ChangeWorth.DEFAULT);
    }

    /** The worth-its-changes rule of a network policy (its unset fields take the defaults). */
    public static ChangeWorth worth(NetworkPolicy policy) {
        return ChangeWorth.of(policy.getTargetUtilization(), policy.getMinGainPerChange());
    }

    public RoundObjective {
        worth = worth == null ? ChangeWorth.DEFAULT : worth;
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
        return model().score(outcomes(checks), outcomes(baseline));
    }

    /** The model objective this round scores by. */
    public io.twinloop.model.rules.Objective model() {
        io.twinloop.model.rules.Objective.Goal goal = switch (objective) {
            case OBJECTIVE_MIN_LATENCY -> io.twinloop.model.rules.Objective.Goal.LATENCY;
            case OBJECTIVE_MIN_POWER -> io.twinloop.model.rules.Objective.Goal.POWER;
            case OBJECTIVE_MIN_CHURN -> io.twinloop.model.rules.Objective.Goal.CHURN;
            case OBJECTIVE_WEIGHTED -> io.twinloop.model.rules.Objective.Goal.WEIGHTED;
            default -> io.twinloop.model.rules.Objective.Goal.MLU;
        };
        return new io.twinloop.model.rules.Objective(goal, new io.twinloop.model.rules.Objective.Weights(
                weights.getUtilization(), weights.getLatency(), weights.getPower(), weights.getChurn()), maxChanges);
    }

    /** The model's view of the twin's KPIs. */
    static List<io.twinloop.model.rules.Objective.Outcome> outcomes(List<Kpis> kpis) {
        return kpis.stream().map(k -> new io.twinloop.model.rules.Objective.Outcome(k.getMaxLinkUtilization(),
                k.getMeanLatencyMs(), k.getTotalPowerW(), k.getChurn())).toList();
    }

    /**
     * Whether {@code score} lowers {@code today} (the score of keeping the configuration) by
     * enough to be a real step: by {@value #MIN_MLU_GAIN} of MLU, or by
     * {@value #MIN_RELATIVE_GAIN} of today's value for the others. Never for {@code MIN_CHURN}.
     * ({@link #notWorth} also weighs the plan's changes.)
     */
    public boolean improves(double score, double today) {
        return ChangeWorth.isStep(model().goal(), score, today);
    }

    /**
     * Why a plan scoring {@code score} with {@code changes} actions is not worth applying when
     * keeping the configuration scores {@code today} and gives {@code noop} under each checked
     * traffic, by {@link ChangeWorth}; null when it is worth it.
     */
    public String notWorth(double score, double today, int changes, List<Kpis> noop, boolean todayBroken) {
        if (!improves(score, today)) {
            return noGain(score, today, todayBroken);
        }
        double todayMlu = noop.stream().mapToDouble(Kpis::getMaxLinkUtilization).max().orElse(0);
        ChangeWorth.Decision d = worth.judge(model(), score, today, changes, todayMlu);
        return d.worth() ? null : "not worth its " + changes + " changes: " + what() + " " + format(score) + " vs "
                + format(today) + " today (" + d.reason() + (todayBroken ? " and it does not meet the limits today's "
                + "configuration breaks" : "") + ")";
    }

    /** What the score measures, e.g. "worst-case mean latency". */
    public String what() {
        return model().what();
    }

    /** A score as the round reports it: "83.0%", "12.40 ms", "1520 W", "3", "0.972". */
    public String format(double score) {
        return model().format(score);
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
