package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSeries;

/**
 * A point forecaster over a series. Most baselines copy one earlier row (the row depends on the
 * method); smoothing methods ({@link Ewma}) override {@link #forecast(int, int)} and report the
 * latest row they read as {@link #sourceRow(int, int)}. Forecasts made at an origin read only rows
 * at or before that origin, so they can be replayed on the history to measure the method's own
 * errors.
 */
public interface PointForecaster {

    /** The method name as it appears in responses, e.g. {@code seasonal-naive}. */
    String method();

    /** The series the forecaster reads. */
    TrafficSeries series();

    /**
     * The row whose rates forecast row {@code origin + h} (for smoothing methods: the latest row
     * read), using only rows {@code 0..origin}; -1 when the history before the origin does not
     * allow a forecast.
     *
     * @param origin last row known, 0-based within {@link #series()}
     * @param h      steps ahead, {@code >= 1}
     */
    int sourceRow(int origin, int h);

    /**
     * The forecast of every OD pair for row {@code origin + h}, in bit/s, aligned with
     * {@code series().pairs()}.
     *
     * @throws IllegalStateException when {@link #sourceRow(int, int)} is -1
     */
    default double[] forecast(int origin, int h) {
        int row = sourceRow(origin, h);
        if (row < 0) {
            throw new IllegalStateException(method() + " cannot forecast " + h + " steps after row " + origin
                    + ": no usable measurement before it");
        }
        return series().samples().get(row).ratesBps();
    }

    /** Checks the common arguments of {@link #sourceRow(int, int)}. */
    static void checkArguments(TrafficSeries series, int origin, int h) {
        if (origin < 0 || origin >= series.size()) {
            throw new IllegalArgumentException("origin " + origin + " is outside the history of " + series.size() + " rows");
        }
        if (h < 1) {
            throw new IllegalArgumentException("h must be >= 1, got " + h);
        }
    }
}
