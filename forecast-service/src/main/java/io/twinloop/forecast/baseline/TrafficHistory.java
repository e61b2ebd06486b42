package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSeries;

import java.util.Objects;

/**
 * A contiguous window of a network's stored traffic series, as the twin returned it.
 *
 * @param network      network name
 * @param firstRow     0-based row, in the stored series, of the window's first sample
 * @param totalSamples number of samples the twin stores for the network
 * @param stepSeconds  regular interval of the series in seconds (0 when irregular or unknown)
 * @param series       the window; OD pairs sorted by (src, dst), rows with no demands marked missing
 */
public record TrafficHistory(String network, int firstRow, int totalSamples, int stepSeconds, TrafficSeries series) {

    /** Validates the row bookkeeping. */
    public TrafficHistory {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(series, "series");
        if (firstRow < 0 || stepSeconds < 0 || firstRow + series.size() > totalSamples) {
            throw new IllegalArgumentException("inconsistent history window: first row " + firstRow + ", "
                    + series.size() + " rows, " + totalSamples + " samples in total, step " + stepSeconds + " s");
        }
    }

    /** 0-based row, in the stored series, of the window's last sample. */
    public int endRow() {
        return firstRow + series.size() - 1;
    }
}
