package io.twinloop.model.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of a plan on the KPIs simulated for it, against keeping today's configuration under the
 * same traffic: demand it leaves unrouted, the utilisation limit, and the round's {@link Constraint}s.
 * Every figure is checked under each traffic a round simulates (observed, forecast p50 and p90), so a
 * plan is judged on the traffic it may meet. A plan is blamed for a broken limit only where it is
 * worse than today: it may leave a limit that today's configuration already breaks no further from it.
 * The gateway's verification asks these after the twin simulated the plans; {@link PlanChecks} are
 * the checks that need no simulation.
 */
public final class VerifiedChecks {
    /** Tolerance of the utilisation comparisons. */
    private static final double EPS = Constraint.EPS;
    /** Unrouted demand below this (bit/s) over today's is rounding, not a plan's doing. */
    private static final double UNROUTED_EPS_BPS = 1e-6;

    private VerifiedChecks() {
    }

    /**
     * Why a plan whose KPIs are {@code plan} is rejected where keeping the configuration gives
     * {@code today} ({@code plan.get(i)} and {@code today.get(i)} under the same traffic): first, for
     * each traffic, the unrouted demand it adds (unless {@code allowUnrouted}) and an MLU over
     * {@code maxUtilization} that is higher than today's; then, for each traffic, the constraints it
     * breaks and is worse on than today ({@link #violations}). Empty when it passes.
     */
    public static List<String> rejections(double maxUtilization, boolean allowUnrouted, List<Constraint> constraints,
                                          List<TrafficCheck> plan, List<TrafficCheck> today) {
        if (plan.size() != today.size()) {
            throw new IllegalArgumentException(plan.size() + " checks of the plan but " + today.size() + " of today");
        }
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            var k = plan.get(i).kpis();
            var b = today.get(i).kpis();
            String label = plan.get(i).label();
            if (!allowUnrouted && k.unroutedBps() > b.unroutedBps() + UNROUTED_EPS_BPS) {
                reasons.add("leaves " + (long) (k.unroutedBps() - b.unroutedBps()) + " bit/s unrouted ("
                        + label + " traffic)");
            }
            double mlu = k.maxLinkUtilization();
            if (mlu > maxUtilization + EPS && mlu > b.maxLinkUtilization() + EPS) {
                reasons.add("MLU " + Objective.percent(mlu) + " over the limit "
                        + Objective.percent(maxUtilization) + " (" + label + " traffic)");
            }
        }
        for (int i = 0; i < plan.size(); i++) {
            reasons.addAll(violations(constraints, plan.get(i), today.get(i)));
        }
        return reasons;
    }

    /**
     * The constraints that {@code check} (a plan's KPIs under one traffic) breaks and is worse on than
     * keeping the configuration ({@code today}, under the same traffic), as "constraint NAME OP BOUND
     * broken: VALUE (LABEL traffic; TODAY today)".
     */
    public static List<String> violations(List<Constraint> constraints, TrafficCheck check, TrafficCheck today) {
        List<String> out = new ArrayList<>();
        for (Constraint c : constraints) {
            if (c.brokenBy(check) && c.worse(check, today)) {
                out.add("constraint " + c + " broken: " + num(c.metric().of(check)) + " (" + check.label()
                        + " traffic; " + num(c.metric().of(today)) + " today)");
            }
        }
        return out;
    }

    /**
     * Whether {@code check} breaks the utilisation limit {@code maxUtilization} or a constraint, whatever
     * today's values.
     */
    public static boolean breaks(List<Constraint> constraints, double maxUtilization, TrafficCheck check) {
        if (check.kpis().maxLinkUtilization() > maxUtilization + EPS) {
            return true;
        }
        return constraints.stream().anyMatch(c -> c.brokenBy(check));
    }

    /** Whether any of {@code checks} {@link #breaks} a limit. */
    public static boolean breaksAny(List<Constraint> constraints, double maxUtilization, List<TrafficCheck> checks) {
        return checks.stream().anyMatch(ch -> breaks(constraints, maxUtilization, ch));
    }

    /** A figure in a reason: four significant digits. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
