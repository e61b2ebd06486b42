package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSample;
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

    /**
     * Which of the window's rows from {@code fromRow} to {@link #endRow()} (stored-series rows, clamped to
     * the window) were estimated from link counters rather than measured.
     */
    public EstimatedRows estimatedRows(int fromRow) {
        int from = Math.max(fromRow, firstRow) - firstRow;
        int count = 0;
        double maxFit = 0;
        for (int i = from; i < series.size(); i++) {
            TrafficSample s = series.samples().get(i);
            if (s.estimated()) {
                count++;
                maxFit = Math.max(maxFit, s.fitError());
            }
        }
        return new EstimatedRows(Math.max(0, series.size() - from), count, maxFit);
    }

    /**
     * How many of the rows a forecast read were estimated.
     *
     * @param rows        rows read
     * @param estimated   of those, rows estimated from link counters
     * @param maxFitError the largest relative fit to the counters among them (0 when none; may be +Infinity)
     */
    public record EstimatedRows(int rows, int estimated, double maxFitError) {
    }
}
