package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;

import java.util.Arrays;
import java.util.List;

/**
 * The outcome of routing a demand matrix: the load on every link and what could not be routed.
 *
 * <p>The load array is copied on construction and on access, so a result is immutable; use
 * {@link #load(int)} and {@link #linkCount()} for allocation-free element access in loops.
 *
 * @param loadBps         load in bit/s per link, indexed like {@code network.links()}
 * @param unroutedBps     total rate of the demands that could not be routed, bit/s
 * @param unroutedDemands the demands that could not be routed (no path from source to destination)
 */
public record RoutingResult(double[] loadBps, double unroutedBps, List<Demand> unroutedDemands) {

    /** Validates and copies the components. */
    public RoutingResult {
        if (loadBps == null) {
            throw new InvalidNetworkException("loadBps", "must not be null");
        }
        loadBps = loadBps.clone();
        for (int i = 0; i < loadBps.length; i++) {
            if (!(loadBps[i] >= 0) || Double.isInfinite(loadBps[i])) {
                throw new InvalidNetworkException("loadBps[" + i + "]", "must be finite and >= 0, got " + loadBps[i]);
            }
        }
        if (!(unroutedBps >= 0) || Double.isInfinite(unroutedBps)) {
            throw new InvalidNetworkException("unroutedBps", "must be finite and >= 0, got " + unroutedBps);
        }
        if (unroutedDemands == null) {
            throw new InvalidNetworkException("unroutedDemands", "must not be null");
        }
        try {
            unroutedDemands = List.copyOf(unroutedDemands);
        } catch (NullPointerException e) {
            throw new InvalidNetworkException("unroutedDemands", "must not contain null");
        }
    }

    /** A copy of the per-link loads in bit/s. */
    @Override
    public double[] loadBps() {
        return loadBps.clone();
    }

    /** The load of link {@code linkIndex} in bit/s, without copying. */
    public double load(int linkIndex) {
        return loadBps[linkIndex];
    }

    /** Number of links (length of the load vector). */
    public int linkCount() {
        return loadBps.length;
    }

    /** Sum of all link loads in bit/s. */
    public double totalLoadBps() {
        double sum = 0;
        for (double l : loadBps) {
            sum += l;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutingResult r && Arrays.equals(r.loadBps, loadBps)
                && Double.compare(r.unroutedBps, unroutedBps) == 0 && r.unroutedDemands.equals(unroutedDemands);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(loadBps) * 31 + Double.hashCode(unroutedBps)) * 31 + unroutedDemands.hashCode();
    }

    @Override
    public String toString() {
        return "RoutingResult[links=" + loadBps.length + ", totalLoadBps=" + totalLoadBps() + ", unroutedBps="
                + unroutedBps + ", unroutedDemands=" + unroutedDemands.size() + "]";
    }
}
