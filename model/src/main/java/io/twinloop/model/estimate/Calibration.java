package io.twinloop.model.estimate;

import java.util.List;
import java.util.Objects;

/**
 * Earlier measured traffic matrices (for example a week of NetFlow), from which the estimator
 * learns each source's fan-out per time of day.
 *
 * @param times   the time label of each matrix
 * @param pairBps each matrix in bit/s, indexed like {@link io.twinloop.model.routing.RoutingMatrix} pairs
 */
public record Calibration(List<String> times, List<double[]> pairBps) {

    /** Requires one time per matrix. */
    public Calibration {
        times = List.copyOf(times);
        pairBps = List.copyOf(pairBps);
        if (times.size() != pairBps.size()) {
            throw new IllegalArgumentException("calibration: " + times.size() + " times for " + pairBps.size() + " matrices");
        }
        pairBps.forEach(p -> Objects.requireNonNull(p, "calibration matrix"));
    }

    /** Whether there is no matrix. */
    public boolean isEmpty() {
        return pairBps.isEmpty();
    }
}
