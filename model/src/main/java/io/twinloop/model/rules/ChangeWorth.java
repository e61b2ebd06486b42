package io.twinloop.model.rules;

import java.util.Locale;

/**
 * When a plan is worth its changes: the rule that makes keeping today's configuration (the no-op)
 * win unless a plan's gain pays for the changes it makes. Per network, from its policy
 * ({@code gateway.v1.NetworkPolicy.target_utilization} and {@code min_gain_per_change}).
 *
 * <p>A plan scoring {@code score} where today's configuration scores {@code today} (both from
 * {@link Objective}, lower is better), with {@code changes} actions, is worth applying only if all
 * of these hold:
 * <ol>
 *   <li><b>Not a churn objective.</b> On {@link Objective.Goal#CHURN} keeping the configuration
 *       has the fewest changes; nothing beats it.</li>
 *   <li><b>A real step.</b> The score drops by at least {@value #MIN_MLU_GAIN} (0.1 percentage
 *       point) of MLU, or by {@value #MIN_RELATIVE_GAIN} (0.5 %) of today's score for the other
 *       objectives, so noise from rounding and forecasts never changes a network.</li>
 *   <li><b>Above the target utilisation</b> (MLU objective only). When today's worst-case MLU is
 *       at or below {@link #targetUtilization()}, the network already has the headroom the
 *       operator asks for and lowering the MLU further is not worth any change. Default
 *       {@value #DEFAULT_TARGET_UTILIZATION}: at or below half of every link's capacity, the
 *       traffic of a failed link of equal size can move next to the traffic already on a
 *       surviving one without overloading it. Other objectives (latency, power, weighted) have
 *       their own reasons to change an idle network, so the target does not gate them.</li>
 *   <li><b>Enough gain per change.</b> The relative gain {@code (today - score) / |today|} divided
 *       by the number of changes is at least {@link #minGainPerChange()}. Default
 *       {@value #DEFAULT_MIN_GAIN_PER_CHANGE} (1 % per changed item): ten changes must lower the
 *       score by at least 10 %.</li>
 * </ol>
 * A plan that makes a broken limit hold (today's configuration breaks the utilisation guardrail or
 * a constraint, the plan breaks none) is chosen whatever this rule says; that is the caller's
 * decision, as it does not weigh a gain.
 *
 * @param targetUtilization the worst-case MLU at or below which an MLU round changes nothing
 *                          (fraction, > 0)
 * @param minGainPerChange  the least relative gain per changed item (>= 0)
 */
public record ChangeWorth(double targetUtilization, double minGainPerChange) {

    /** The smallest lowering of the MLU (0.1 percentage point) that can be worth a change. */
    public static final double MIN_MLU_GAIN = 1e-3;
    /** The smallest relative lowering of latency, power or a weighted score that can be worth a change (0.5 %). */
    public static final double MIN_RELATIVE_GAIN = 5e-3;
    /** Default target utilisation (50 %). */
    public static final double DEFAULT_TARGET_UTILIZATION = 0.5;
    /** Default least relative gain per change (1 %). */
    public static final double DEFAULT_MIN_GAIN_PER_CHANGE = 0.01;
    /** The rule with the defaults. */
    public static final ChangeWorth DEFAULT = new ChangeWorth(DEFAULT_TARGET_UTILIZATION, DEFAULT_MIN_GAIN_PER_CHANGE);
    private static final double EPS = 1e-9;

    /** Validates. */
    public ChangeWorth {
        if (!(targetUtilization > 0) || Double.isInfinite(targetUtilization)) {
            throw new IllegalArgumentException("target utilization must be a finite fraction > 0, got " + targetUtilization);
        }
        if (!(minGainPerChange >= 0) || Double.isInfinite(minGainPerChange)) {
            throw new IllegalArgumentException("min gain per change must be finite and >= 0, got " + minGainPerChange);
        }
    }

    /** The rule of a policy whose unset (0) fields take the defaults. */
    public static ChangeWorth of(double targetUtilization, double minGainPerChange) {
        return new ChangeWorth(targetUtilization == 0 ? DEFAULT_TARGET_UTILIZATION : targetUtilization,
                minGainPerChange == 0 ? DEFAULT_MIN_GAIN_PER_CHANGE : minGainPerChange);
    }

    /**
     * The decision on a plan.
     *
     * @param worth  whether the plan is worth its changes
     * @param reason why not (empty when it is)
     */
    public record Decision(boolean worth, String reason) {
        static final Decision YES = new Decision(true, "");

        static Decision no(String reason) {
            return new Decision(false, reason);
        }
    }

    /** Rules 1 and 2 only: whether {@code score} is a real step below {@code today} at all. */
    public static boolean isStep(Objective.Goal goal, double score, double today) {
        return switch (goal) {
            case CHURN -> false;
            case MLU -> score <= today - MIN_MLU_GAIN;
            default -> score <= today - Math.max(EPS, MIN_RELATIVE_GAIN * Math.abs(today));
        };
    }

    /**
     * Judges a plan; see the class comment.
     *
     * @param objective the round's objective
     * @param score     the plan's score
     * @param today     the score of today's configuration
     * @param changes   the plan's number of actions
     * @param todayMlu  today's worst-case MLU (for the target utilisation)
     */
    public Decision judge(Objective objective, double score, double today, int changes, double todayMlu) {
        Objective.Goal goal = objective.goal();
        if (goal == Objective.Goal.CHURN) {
            return Decision.no("keeping the configuration has the fewest changes");
        }
        if (!isStep(goal, score, today)) {
            return Decision.no("a plan must lower it by at least " + (goal == Objective.Goal.MLU
                    ? Objective.percent(MIN_MLU_GAIN) : String.format(Locale.ROOT, "%.1f%%", MIN_RELATIVE_GAIN * 100)));
        }
        if (goal == Objective.Goal.MLU && todayMlu <= targetUtilization + EPS) {
            return Decision.no("today's worst-case MLU " + Objective.percent(todayMlu) + " is within the target utilization "
                    + Objective.percent(targetUtilization));
        }
        double perChange = (today - score) / Math.max(EPS, Math.abs(today)) / Math.max(1, changes);
        if (perChange < minGainPerChange - EPS) {
            return Decision.no(String.format(Locale.ROOT, "a gain of %.2f%% per change is below the minimum %.2f%% per change"
                    + " (%d changes)", perChange * 100, minGainPerChange * 100, changes));
        }
        return Decision.YES;
    }
}
