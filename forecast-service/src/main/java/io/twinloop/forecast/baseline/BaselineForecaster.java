package io.twinloop.forecast.baseline;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Forecasts a traffic history with the best baseline it allows: {@link SeasonalNaive} with a
 * season of one day when the history has a regular sub-daily step and covers a whole day (one week
 * when it covers more than a week, see {@link #seasonRows(int, int)}), otherwise {@link LastValue};
 * {@link Ewma} when asked for; quantiles from {@link ResidualQuantiles} over the last two days of
 * the method's own one-step errors. Stateless.
 */
public final class BaselineForecaster {
    /** Seconds in the seasonal period (one day). */
    public static final int SEASON_SECONDS = 86_400;
    /** Seconds in the weekly seasonal period. */
    public static final int WEEK_SECONDS = 7 * SEASON_SECONDS;
    /** History rows fetched: one week plus one day, so weekly methods can share the fetch. */
    public static final int HISTORY_SECONDS = 8 * SEASON_SECONDS;
    /** Most history rows ever fetched. */
    public static final int MAX_HISTORY_ROWS = 10_000;
    /** History rows fetched when the step of the series is unknown. */
    public static final int UNKNOWN_STEP_HISTORY_ROWS = 1_000;
    /** Calibration window of the quantiles, in seasons (days). */
    public static final int CALIBRATION_SEASONS = 2;

    private BaselineForecaster() {
    }

    /** How many rows of history to fetch for a series with this step (0 = unknown). */
    public static int historyRowsNeeded(int stepSeconds) {
        if (stepSeconds <= 0) {
            return UNKNOWN_STEP_HISTORY_ROWS;
        }
        long rows = (HISTORY_SECONDS + (long) stepSeconds - 1) / stepSeconds;
        return (int) Math.max(1, Math.min(MAX_HISTORY_ROWS, rows));
    }

    /** The daily season in rows for this step, or 0 when the step gives none (unknown, not dividing a day, or >= 12 h). */
    public static int seasonRows(int stepSeconds) {
        if (stepSeconds <= 0 || SEASON_SECONDS % stepSeconds != 0) {
            return 0;
        }
        int season = SEASON_SECONDS / stepSeconds;
        return season >= 2 ? season : 0;
    }

    /**
     * The season seasonal-naive uses for a history of {@code historyRows} rows: one week when the step
     * gives a daily season and the history has more than one week of rows (so that the row one week
     * before every target of the next day is inside the history), otherwise the daily season of
     * {@link #seasonRows(int)} (0 when there is none). Weekly beats daily on backbone traffic when it
     * is available because weekend days differ from weekdays.
     */
    public static int seasonRows(int stepSeconds, int historyRows) {
        int day = seasonRows(stepSeconds);
        if (day == 0) {
            return 0;
        }
        int week = 7 * day;
        return historyRows > week ? week : day;
    }

    /**
     * Forecasts {@code horizon} steps after the last row of {@code history}.
     *
     * @param history   the history; its last row is the forecast origin
     * @param requested the baseline asked for, or null for the best one the history allows
     * @param horizon   number of steps, {@code >= 1}
     * @param quantiles quantiles wanted, each in (0, 1), in the order they are returned
     * @throws NoTrafficHistoryException when no row of the history has a measurement
     */
    public static ForecastResult forecast(TrafficHistory history, BaselineMethod requested, int horizon,
                                          List<Double> quantiles) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        for (double q : quantiles) {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("quantiles must be in (0, 1), got " + q);
            }
        }
        TrafficSeries series = history.series();
        if (series.size() == 0 || series.firstPresentRow() < 0) {
            throw new NoTrafficHistoryException(history.network(), "network " + history.network()
                    + " has no measured traffic in rows " + history.firstRow() + ".." + history.endRow()
                    + " (every sample is a missing measurement); import or ingest traffic first");
        }
        int end = series.size() - 1;
        int step = history.stepSeconds();
        int season = seasonRows(step, series.size());
        List<String> reasons = new ArrayList<>();

        PointForecaster forecaster;
        if (requested == BaselineMethod.LAST_VALUE) {
            forecaster = new LastValue(series);
        } else if (requested == BaselineMethod.EWMA) {
            forecaster = Ewma.fit(series, series.size());
        } else if (season == 0) {
            forecaster = new LastValue(series);
            reasons.add(step <= 0
                    ? "the traffic series has no regular step, so there is no daily season; used last-value"
                    : "the step of " + step + " s does not divide a day into 2 or more intervals, "
                    + "so there is no daily season; used last-value");
        } else if (series.size() < season) {
            forecaster = new LastValue(series);
            reasons.add("the history has " + series.size() + " samples, less than one day (" + season
                    + " samples of " + step + " s) that seasonal-naive needs; used last-value");
        } else {
            forecaster = new SeasonalNaive(series, season);
        }

        int day = seasonRows(step);
        int window = day > 0 ? CALIBRATION_SEASONS * day : series.size();
        ResidualQuantiles residuals = ResidualQuantiles.calibrate(forecaster, end, window);
        if (!residuals.usable() && !quantiles.isEmpty()) {
            reasons.add("only " + residuals.count() + " one-step residuals in the history (need "
                    + ResidualQuantiles.MIN_RESIDUALS + "); every quantile is the point forecast");
        }

        String endTime = series.samples().get(end).time();
        Integer[] byQuantile = IntStream.range(0, quantiles.size()).boxed()
                .sorted(Comparator.comparingDouble(quantiles::get)).toArray(Integer[]::new);
        List<ForecastResult.Step> steps = new ArrayList<>(horizon);
        for (int h = 1; h <= horizon; h++) {
            double[] point = forecaster.forecast(end, h);
            double[][] values = new double[quantiles.size()][];
            for (int i = 0; i < quantiles.size(); i++) {
                values[i] = residuals.apply(point, quantiles.get(i));
            }
            makeMonotone(values, byQuantile);
            List<ForecastResult.QuantileValues> qs = new ArrayList<>(quantiles.size());
            for (int i = 0; i < quantiles.size(); i++) {
                qs.add(new ForecastResult.QuantileValues(quantiles.get(i), values[i]));
            }
            String time = step > 0 ? TimeLabels.plus(endTime, (long) h * step) : "";
            steps.add(new ForecastResult.Step(h, time, qs));
        }
        return new ForecastResult(forecaster.method(), String.join("; ", reasons), step, history.endRow(),
                endTime, series.pairs(), steps);
    }

    /**
     * Sorts each pair's values across quantiles so they never decrease with the quantile. Residual
     * quantiles are already monotone; this guards the invariant clients rely on.
     */
    private static void makeMonotone(double[][] values, Integer[] byQuantile) {
        if (values.length < 2) {
            return;
        }
        double[] column = new double[values.length];
        for (int p = 0; p < values[0].length; p++) {
            for (int i = 0; i < byQuantile.length; i++) {
                column[i] = values[byQuantile[i]][p];
            }
            Arrays.sort(column);
            for (int i = 0; i < byQuantile.length; i++) {
                values[byQuantile[i]][p] = column[i];
            }
        }
    }
}
