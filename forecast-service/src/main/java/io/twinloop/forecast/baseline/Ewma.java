package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

/**
 * Exponentially weighted moving average (simple exponential smoothing, Brown 1956; Hyndman &amp;
 * Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed., section 8.1): per OD pair
 * the level {@code l_t = alpha * x_t + (1 - alpha) * l_{t-1}}, started at the first measured row
 * ({@code l = x}); every horizon is forecast by the level at the origin.
 *
 * <p>Missing rows are skipped: they neither update the level nor count as zero traffic, so the
 * level at a missing row is the level at the latest measured row before it. The level at row
 * {@code t} reads only rows {@code <= t}.
 *
 * <p>The smoothing factor {@code alpha} is either given or {@linkplain #fit(TrafficSeries, int) fitted}
 * on training rows only: the value of {@link #ALPHA_GRID} with the smallest sum of absolute one-step
 * errors over every OD pair (the volume-weighted error that NMAE measures). {@code alpha = 1} is
 * {@link LastValue}.
 *
 * <p>Immutable; the levels of every row are computed once in the constructor ({@code O(rows x pairs)}).
 */
public final class Ewma implements PointForecaster {
    /** Method name in responses. */
    public static final String METHOD = "ewma";
    /** The smoothing factors {@link #fit} chooses from: 0.05, 0.10, ..., 1.00. */
    public static final double[] ALPHA_GRID = grid();

    private final TrafficSeries series;
    private final double alpha;
    private final PresentRows present;
    /** Level after each row, [row][pair]; null rows before the first measurement. */
    private final double[][] levels;

    /**
     * @param series the history
     * @param alpha  smoothing factor in (0, 1]
     */
    public Ewma(TrafficSeries series, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.series = series;
        this.alpha = alpha;
        this.present = new PresentRows(series);
        this.levels = new double[series.size()][];
        double[] level = null;
        for (int r = 0; r < series.size(); r++) {
            TrafficSample s = series.samples().get(r);
            if (!s.missing()) {
                if (level == null) {
                    level = s.ratesBps();
                } else {
                    double[] next = new double[level.length];
                    for (int p = 0; p < next.length; p++) {
                        next[p] = alpha * s.rateBps(p) + (1 - alpha) * level[p];
                    }
                    level = next;
                }
            }
            levels[r] = level;
        }
    }

    /**
     * An EWMA whose {@code alpha} is fitted on rows {@code [0, endRowExclusive)} only (see the class
     * comment); with fewer than two measured rows there, {@code alpha = 1}.
     */
    public static Ewma fit(TrafficSeries series, int endRowExclusive) {
        return new Ewma(series, fitAlpha(series, endRowExclusive));
    }

    /** The fitted smoothing factor; reads rows {@code [0, endRowExclusive)} only. */
    public static double fitAlpha(TrafficSeries series, int endRowExclusive) {
        if (endRowExclusive < 0 || endRowExclusive > series.size()) {
            throw new IllegalArgumentException("endRowExclusive " + endRowExclusive + " is outside 0.." + series.size());
        }
        double best = 1;
        double bestErr = Double.POSITIVE_INFINITY;
        for (double a : ALPHA_GRID) {
            double err = 0;
            int n = 0;
            double[] level = null;
            for (int r = 0; r < endRowExclusive; r++) {
                TrafficSample s = series.samples().get(r);
                if (s.missing()) {
                    continue;
                }
                if (level == null) {
                    level = s.ratesBps();
                    continue;
                }
                for (int p = 0; p < level.length; p++) {
                    double x = s.rateBps(p);
                    err += Math.abs(x - level[p]);
                    level[p] = a * x + (1 - a) * level[p];
                }
                n++;
            }
            if (n > 0 && err < bestErr) {
                bestErr = err;
                best = a;
            }
        }
        return best;
    }

    /** The smoothing factor. */
    public double alpha() {
        return alpha;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public TrafficSeries series() {
        return series;
    }

    /** The latest measured row at or before the origin (the last row the level has read); -1 when none. */
    @Override
    public int sourceRow(int origin, int h) {
        PointForecaster.checkArguments(series, origin, h);
        return present.atOrBefore(origin);
    }

    /** The level at the origin, for every pair. */
    @Override
    public double[] forecast(int origin, int h) {
        if (sourceRow(origin, h) < 0) {
            throw new IllegalStateException(METHOD + " cannot forecast " + h + " steps after row " + origin
                    + ": no measurement at or before it");
        }
        return levels[origin].clone();
    }

    private static double[] grid() {
        double[] g = new double[20];
        for (int i = 0; i < g.length; i++) {
            g[i] = (i + 1) / 20.0;
        }
        return g;
    }
}
