package io.twinloop.forecast.backtest;

import io.twinloop.forecast.baseline.BaselineForecaster;
import io.twinloop.forecast.baseline.Ewma;
import io.twinloop.forecast.baseline.LastValue;
import io.twinloop.forecast.baseline.PointForecaster;
import io.twinloop.forecast.baseline.SeasonalNaive;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The baselines as {@link ForecastMethod}s for a backtest with a training part {@code [0, split)}:
 * last value, seasonal naive (one day, or one week when the training rows cover more than a week:
 * {@link BaselineForecaster#seasonRows(int, int)}), and EWMA with its factor fitted on the training
 * rows.
 *
 * <p>Their p90 is the point forecast plus, per OD pair and per horizon {@code h}, the empirical
 * 0.9-quantile (linear interpolation) of the method's own {@code h}-step errors
 * {@code actual - forecast} on the training rows: targets in the last {@value #CALIBRATION_DAYS} days
 * before the split (all training rows when they are fewer), floored at 0. With fewer than
 * {@value #MIN_RESIDUALS} errors for a horizon the p90 is NaN (not reported).
 */
public final class BaselineMethods {
    /** Days of training targets the p90 offsets are calibrated on. */
    public static final int CALIBRATION_DAYS = 2;
    /** Fewest errors per horizon for a p90. */
    public static final int MIN_RESIDUALS = 10;

    private BaselineMethods() {
    }

    /** Last value, seasonal naive (when the training part covers a whole season) and EWMA, in that order. */
    public static List<ForecastMethod> all(TrafficSeries series, int split, int stepSeconds, int horizon) {
        List<ForecastMethod> out = new ArrayList<>();
        out.add(calibrated(new LastValue(series), split, stepSeconds, horizon, LastValue.METHOD));
        int season = BaselineForecaster.seasonRows(stepSeconds, split);
        if (season > 0 && split >= season) {
            String name = season * stepSeconds >= BaselineForecaster.WEEK_SECONDS ? "seasonal-naive(week)"
                    : "seasonal-naive(day)";
            out.add(calibrated(new SeasonalNaive(series, season), split, stepSeconds, horizon, name));
        }
        Ewma ewma = Ewma.fit(series, split);
        out.add(calibrated(ewma, split, stepSeconds, horizon, String.format(java.util.Locale.ROOT, "ewma(a=%.2f)",
                ewma.alpha())));
        return out;
    }

    /** {@code f} with p90 offsets calibrated on the training rows before {@code split}. */
    public static ForecastMethod calibrated(PointForecaster f, int split, int stepSeconds, int horizon, String name) {
        TrafficSeries s = f.series();
        int pairs = s.pairs().size();
        int day = BaselineForecaster.seasonRows(stepSeconds);
        int window = day > 0 ? CALIBRATION_DAYS * day : split;
        int firstTarget = Math.max(1, split - window);
        double[][] offsets = new double[horizon][];
        for (int h = 1; h <= horizon; h++) {
            List<double[]> residuals = new ArrayList<>();
            for (int target = Math.max(firstTarget, h); target < split; target++) {
                int origin = target - h;
                TrafficSample actual = s.samples().get(target);
                if (actual.missing() || f.sourceRow(origin, h) < 0) {
                    continue;
                }
                double[] point = f.forecast(origin, h);
                double[] r = new double[pairs];
                for (int p = 0; p < pairs; p++) {
                    r[p] = actual.rateBps(p) - point[p];
                }
                residuals.add(r);
            }
            if (residuals.size() >= MIN_RESIDUALS) {
                double[] off = new double[pairs];
                double[] column = new double[residuals.size()];
                for (int p = 0; p < pairs; p++) {
                    for (int i = 0; i < column.length; i++) {
                        column[i] = residuals.get(i)[p];
                    }
                    Arrays.sort(column);
                    double pos = (column.length - 1) * 0.9;
                    int lo = (int) Math.floor(pos);
                    int hi = Math.min(lo + 1, column.length - 1);
                    off[p] = column[lo] + (pos - lo) * (column[hi] - column[lo]);
                }
                offsets[h - 1] = off;
            }
        }
        return new ForecastMethod() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hasP90() {
                return true;
            }

            @Override
            public double[][][] forecast(int origin, int steps) {
                if (steps > horizon) {
                    throw new IllegalArgumentException("calibrated for " + horizon + " steps, asked for " + steps);
                }
                double[][][] out = new double[steps][2][];
                for (int h = 1; h <= steps; h++) {
                    double[] point = f.sourceRow(origin, h) < 0 ? nan(pairs) : f.forecast(origin, h);
                    double[] p90 = new double[pairs];
                    for (int p = 0; p < pairs; p++) {
                        p90[p] = offsets[h - 1] == null ? Double.NaN : Math.max(0, point[p] + offsets[h - 1][p]);
                    }
                    out[h - 1][0] = point;
                    out[h - 1][1] = p90;
                }
                return out;
            }
        };
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
