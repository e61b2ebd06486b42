package io.twinloop.twin.estimate;

import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.IntervalCounters;

import java.util.List;

/**
 * The counters of an estimate, in time order.
 *
 * @param labels      each interval's time as its source wrote it (what EST.csv and the stream show)
 * @param intervals   the counters; their {@code time} is a label {@link io.twinloop.model.TimeLabels} reads
 *                    where the source's label is Unix milliseconds (converted to ISO-8601), else the label
 * @param calibration the calibration history, or null
 */
public record EstimationInput(List<String> labels, List<IntervalCounters> intervals, Calibration calibration) {
    public EstimationInput {
        labels = List.copyOf(labels);
        intervals = List.copyOf(intervals);
        if (labels.size() != intervals.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + intervals.size() + " intervals");
        }
    }
}
