package io.twinloop.gateway.round;

import io.twinloop.model.rules.ChangeWorth;
import io.twinloop.model.rules.TrafficCheck;
import io.twinloop.model.rules.VerifiedChecks;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import io.twinloop.proto.gateway.v1.NetworkPolicy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * {@link ChangeWorth}, with the network policy's target utilization and least gain per change; which
 * constraints a plan breaks is the model's {@link VerifiedChecks}. This class is the round's edge to
 * those rules: the request's proto objective and constraints are translated here
 * ({@link Translator}), and the decisions are the model's.
 */
public record RoundObjective(Objective objective, ObjectiveWeights weights, int maxChanges, ChangeWorth worth) {

    /** The smallest lowering of the MLU (0.1 percentage point) that makes a plan worth its changes. */
    static final double MIN_MLU_GAIN = ChangeWorth.MIN_MLU_GAIN;
    /** The smallest relative lowering of latency, power or a weighted score worth a change (0.5 %). */
    static final double MIN_RELATIVE_GAIN = ChangeWorth.MIN_RELATIVE_GAIN;
    /**
     * Constraint metrics a round has never checked: their value was read as not-a-number, which breaks no
     * bound. Kept so here (the behaviour of rounds is unchanged); the model's {@link VerifiedChecks} would
     * check them.
     */
    private static final Set<ConstraintMetric> NOT_CHECKED = EnumSet.of(ConstraintMetric.CONSTRAINT_METRIC_UNROUTED_BPS,
            ConstraintMetric.CONSTRAINT_METRIC_LINKS_OVERLOADED, ConstraintMetric.CONSTRAINT_METRIC_ESTIMATED_LOSS_BPS,
            ConstraintMetric.CONSTRAINT_METRIC_P95_LINK_UTILIZATION);

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
        return scoreChecks(checks(checks), checks(baseline));
    }

    /**
     * The score of a plan whose checks are {@code plan}, where keeping the configuration gives
     * {@code today} (same traffic, same order); lower is better.
     */
    public double scoreChecks(List<TrafficCheck> plan, List<TrafficCheck> today) {
        return model().score(TrafficCheck.outcomes(plan), TrafficCheck.outcomes(today));
    }

    /** The model objective this round scores by. */
    public io.twinloop.model.rules.Objective model() {
        return Translator.objective(objective, weights, maxChanges);
    }

    /** The twin's KPIs as the model's checks, unlabelled. */
    private static List<TrafficCheck> checks(List<Kpis> kpis) {
        List<TrafficCheck> out = new ArrayList<>(kpis.size());
        for (int i = 0; i < kpis.size(); i++) {
            out.add(Translator.check("", kpis.get(i), "kpis[" + i + "]"));
        }
        return out;
    }

    /**
     * The model's constraints of a round's proto ones, but for the metrics rounds have never checked
     * ({@link #NOT_CHECKED}).
     */
    public static List<io.twinloop.model.rules.Constraint> constraints(List<Constraint> constraints) {
        List<io.twinloop.model.rules.Constraint> out = new ArrayList<>(constraints.size());
        for (int i = 0; i < constraints.size(); i++) {
            if (!NOT_CHECKED.contains(constraints.get(i).getMetric())) {
                out.add(Translator.constraint(constraints.get(i), "constraints[" + i + "]"));
            }
        }
        return out;
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
        return notWorth(score, today, changes, TrafficCheck.worstMlu(checks(noop)), todayBroken);
    }

    /**
     * {@link #notWorth(double, double, int, List, boolean)} where {@code todayMlu} is the worst-case MLU of
     * keeping the configuration.
     */
    public String notWorth(double score, double today, int changes, double todayMlu, boolean todayBroken) {
        if (!improves(score, today)) {
            return noGain(score, today, todayBroken);
        }
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
     * is already broken today no further from it, as the utilization guardrail does
     * ({@link VerifiedChecks#violations}).
     */
    public static List<String> violations(List<Constraint> constraints, Kpis k, Kpis base, String label) {
        return VerifiedChecks.violations(constraints(constraints), Translator.check(label, k, "kpis"),
                Translator.check(label, base, "kpis"));
    }

    /**
     * Whether {@code k} breaks the utilization guardrail {@code maxUtilization} or one of the
     * constraints, whatever today's values are ({@link VerifiedChecks#breaks}).
     */
    public static boolean breaks(List<Constraint> constraints, double maxUtilization, Kpis k) {
        return VerifiedChecks.breaks(constraints(constraints), maxUtilization, Translator.check("", k, "kpis"));
    }
}
