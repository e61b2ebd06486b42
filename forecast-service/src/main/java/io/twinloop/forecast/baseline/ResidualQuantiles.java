package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

import java.util.Arrays;

/**
 * Quantile forecasts from a point forecaster's own one-step errors on the history (empirical
 * residual quantiles, as in the split-conformal recipe): for each OD pair, the residuals
 * {@code r = actual - forecast} at horizon 1 over a recent window; the {@code q} forecast is
 * {@code max(0, point + Q_q(r))} where {@code Q_q} is the sample quantile with linear
 * interpolation between order statistics (Hyndman &amp; Fan 1996, definition 7, as numpy's
 * default). The same offsets are used at every horizon, so far horizons are under-dispersed; that
 * is the baseline's known limit.
 *
 * <p>Immutable; residuals are kept sorted per OD pair.
 */
public final class ResidualQuantiles {
    /** Fewer residuals than this and the quantiles are not trusted: callers use the point forecast. */
    public static final int MIN_RESIDUALS = 10;

    private final double[][] sortedResiduals;
    private final int count;

    private ResidualQuantiles(double[][] sortedResiduals, int count) {
        this.sortedResiduals = sortedResiduals;
        this.count = count;
    }

    /**
     * Collects one-step residuals of {@code forecaster} for targets {@code t} in
     * {@code (end - windowRows, end]}: the forecast is made at origin {@code t - 1}; targets that
     * are missing measurements, or that the forecaster cannot reach, are skipped.
     *
     * @param forecaster the method
     * @param end        last row of the history used, 0-based within the forecaster's series
     * @param windowRows number of most recent targets considered, {@code >= 0}
     */
    public static ResidualQuantiles calibrate(PointForecaster forecaster, int end, int windowRows) {
        TrafficSeries series = forecaster.series();
        if (end < 0 || end >= series.size()) {
            throw new IllegalArgumentException("end " + end + " is outside the history of " + series.size() + " rows");
        }
        if (windowRows < 0) {
            throw new IllegalArgumentException("windowRows must be >= 0, got " + windowRows);
        }
        int pairs = series.pairs().size();
        int from = Math.max(1, end - windowRows + 1);
        double[][] residuals = new double[pairs][Math.max(0, end - from + 1)];
        int n = 0;
        for (int t = from; t <= end; t++) {
            TrafficSample actual = series.samples().get(t);
            if (actual.missing() || forecaster.sourceRow(t - 1, 1) < 0) {
                continue;
            }
            double[] point = forecaster.forecast(t - 1, 1);
            for (int p = 0; p < pairs; p++) {
                residuals[p][n] = actual.rateBps(p) - point[p];
            }
            n++;
        }
        for (int p = 0; p < pairs; p++) {
            residuals[p] = Arrays.copyOf(residuals[p], n);
            Arrays.sort(residuals[p]);
        }
        return new ResidualQuantiles(residuals, n);
    }

    /** Number of residuals per OD pair (the same for every pair: gaps are whole rows). */
    public int count() {
        return count;
    }

    /** Whether there are at least {@link #MIN_RESIDUALS} residuals. */
    public boolean usable() {
        return count >= MIN_RESIDUALS;
    }

    /**
     * The empirical {@code q} quantile of pair {@code pair}'s residuals, interpolating linearly
     * between order statistics.
     *
     * @throws IllegalStateException when there are no residuals
     */
    public double offset(int pair, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (count == 0) {
            throw new IllegalStateException("no residuals to take a quantile of");
        }
        double[] r = sortedResiduals[pair];
        double pos = (count - 1) * q;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, count - 1);
        return r[lo] + (pos - lo) * (r[hi] - r[lo]);
    }

    /**
     * The {@code q} quantile forecast from a point forecast: {@code max(0, point + offset)} per
     * pair, or a copy of the point forecast when the residuals are not {@link #usable()}.
     */
    public double[] apply(double[] point, double q) {
        double[] out = point.clone();
        if (!usable()) {
            return out;
        }
        for (int p = 0; p < out.length; p++) {
            out[p] = Math.max(0, point[p] + offset(p, q));
        }
        return out;
    }
}
