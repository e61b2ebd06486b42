package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSeries;

/**
 * For every row of a series, the most recent row at or before it that has a measurement.
 * Missing rows are whole-matrix gaps in the twin's series, so this index serves every OD pair.
 */
final class PresentRows {
    private final int[] atOrBefore;

    PresentRows(TrafficSeries series) {
        atOrBefore = new int[series.size()];
        int last = -1;
        for (int r = 0; r < series.size(); r++) {
            if (!series.samples().get(r).missing()) {
                last = r;
            }
            atOrBefore[r] = last;
        }
    }

    /** The latest present row {@code <= row}, or -1 when there is none. */
    int atOrBefore(int row) {
        return atOrBefore[row];
    }

    /** The earliest present row in {@code (row, limit]}, or -1 when there is none. */
    int firstAfter(int row, int limit) {
        for (int r = row + 1; r <= limit; r++) {
            if (atOrBefore[r] == r) {
                return r;
            }
        }
        return -1;
    }
}
