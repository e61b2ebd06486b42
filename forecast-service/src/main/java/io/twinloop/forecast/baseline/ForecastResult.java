package io.twinloop.forecast.baseline;

import io.twinloop.model.OdPair;

import java.util.List;
import java.util.Objects;

/**
 * A forecast of every OD pair over the next steps, per quantile.
 *
 * @param method         the method that served, e.g. {@code seasonal-naive}
 * @param fallbackReason why a fallback (last value, or point forecasts instead of quantiles) was
 *                       used; empty when none was
 * @param stepSeconds    interval between steps in seconds (0 when unknown)
 * @param historyEndRow  0-based row of the last history sample used, in the stored series
 * @param historyEndTime label of that sample
 * @param pairs          the OD pairs, the order of every {@link QuantileValues#ratesBps()}
 * @param steps          the steps, in order
 */
public record ForecastResult(String method, String fallbackReason, int stepSeconds, int historyEndRow,
                             String historyEndTime, List<OdPair> pairs, List<Step> steps) {

    /** Copies the lists. */
    public ForecastResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fallbackReason, "fallbackReason");
        Objects.requireNonNull(historyEndTime, "historyEndTime");
        pairs = List.copyOf(pairs);
        steps = List.copyOf(steps);
    }

    /**
     * One future interval.
     *
     * @param step      1 = the interval right after the history
     * @param time      its time label (empty when the step or the history's labels are unknown)
     * @param quantiles one entry per requested quantile, in request order
     */
    public record Step(int step, String time, List<QuantileValues> quantiles) {
        /** Copies the list. */
        public Step {
            quantiles = List.copyOf(quantiles);
        }
    }

    /**
     * The forecast of one quantile for every OD pair.
     *
     * @param quantile the quantile, in (0, 1)
     * @param ratesBps rate per OD pair in bit/s (the array is owned by this record; do not modify it)
     */
    public record QuantileValues(double quantile, double[] ratesBps) {
    }
}
