package io.twinloop.model.estimate;

import java.util.Objects;

/**
 * What was counted in one interval. Arrays are indexed like the network's links, nodes and
 * {@link io.twinloop.model.routing.RoutingMatrix} pairs; {@code NaN} marks a missing value.
 *
 * @param time         the interval's time label (as in traffic series: {@code yyyyMMdd-HHmm}, ISO, ...)
 * @param linkBps      average rate per link in bit/s ({@code NaN}: not counted)
 * @param ingressBps   per node, the traffic entering the network there (its access/peering ports), or null
 * @param egressBps    per node, the traffic leaving the network there, or null
 * @param knownPairBps per pair, a measured demand kept fixed (NaN: unknown), or null
 */
public record IntervalCounters(String time, double[] linkBps, double[] ingressBps, double[] egressBps,
                               double[] knownPairBps) {

    /** Requires the time and the link rates. */
    public IntervalCounters {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(linkBps, "linkBps");
    }

    /** Link rates only. */
    public static IntervalCounters links(String time, double[] linkBps) {
        return new IntervalCounters(time, linkBps, null, null, null);
    }
}
