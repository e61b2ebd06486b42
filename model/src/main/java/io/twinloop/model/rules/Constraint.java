package io.twinloop.model.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * A bound a plan's KPIs must satisfy, e.g. mean latency at most 20 ms (the model side of
 * {@code common.v1.Constraint}). A value within {@value #EPS} of the bound meets it, so rounding in
 * the simulation never breaks a bound a plan sits exactly on.
 *
 * @param metric the KPI bounded
 * @param op     the comparison
 * @param bound  the bound, in the unit of the metric (finite)
 */
public record Constraint(Metric metric, Op op, double bound) {
    /** Tolerance of every comparison with a bound or with today's value. */
    public static final double EPS = 1e-9;

    /** The KPI a constraint bounds. */
    public enum Metric {
        /** Maximum link utilisation (fraction). */
        MAX_LINK_UTILIZATION,
        /** Mean link utilisation (fraction). */
        MEAN_LINK_UTILIZATION,
        /** Traffic-weighted mean latency (ms). */
        MEAN_LATENCY_MS,
        /** Traffic-weighted 95th-percentile latency (ms). */
        P95_LATENCY_MS,
        /** Total power (W). */
        TOTAL_POWER_W,
        /** The plan's changed configuration items. */
        CHURN,
        /** Demand that could not be routed (bit/s). */
        UNROUTED_BPS,
        /** Links whose load exceeds their capacity. */
        LINKS_OVERLOADED,
        /** Estimated loss: overload plus unrouted (bit/s). */
        ESTIMATED_LOSS_BPS,
        /** 95th-percentile link utilisation (fraction). */
        P95_LINK_UTILIZATION;

        /** The metric's value in {@code check}. */
        public double of(TrafficCheck check) {
            var k = check.kpis();
            return switch (this) {
                case MAX_LINK_UTILIZATION -> k.maxLinkUtilization();
                case MEAN_LINK_UTILIZATION -> k.meanLinkUtilization();
                case MEAN_LATENCY_MS -> k.meanLatencyMs();
                case P95_LATENCY_MS -> k.p95LatencyMs();
                case TOTAL_POWER_W -> k.powerW();
                case CHURN -> check.churn();
                case UNROUTED_BPS -> k.unroutedBps();
                case LINKS_OVERLOADED -> k.linksOverloaded();
                case ESTIMATED_LOSS_BPS -> k.lossBps();
                case P95_LINK_UTILIZATION -> k.p95LinkUtilization();
            };
        }

        /** The metric as people read it: "mean_latency_ms". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The comparison of a constraint. */
    public enum Op {
        /** metric <= bound. */
        LE,
        /** metric >= bound. */
        GE
    }

    /** Validates. */
    public Constraint {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(op, "op");
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("the bound of a constraint on " + metric.label()
                    + " must be finite, got " + bound);
        }
    }

    /** Whether {@code check} breaks this bound. */
    public boolean brokenBy(TrafficCheck check) {
        double v = metric.of(check);
        return op == Op.LE ? v > bound + EPS : v < bound - EPS;
    }

    /** Whether {@code check} is further from meeting this bound than {@code today} is. */
    public boolean worse(TrafficCheck check, TrafficCheck today) {
        double v = metric.of(check);
        double t = metric.of(today);
        return op == Op.LE ? v > t + EPS : v < t - EPS;
    }

    /** The constraint as people read it: "mean_latency_ms <= 20.00". */
    @Override
    public String toString() {
        return metric.label() + " " + (op == Op.LE ? "<=" : ">=") + " " + VerifiedChecks.num(bound);
    }
}
