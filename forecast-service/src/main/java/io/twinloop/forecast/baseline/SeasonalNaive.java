package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSeries;

/**
 * Seasonal naive forecast: row {@code origin + h} is forecast by the row one or more whole
 * seasons earlier, {@code origin + h - season * k} with the smallest {@code k >= 1} that is at or
 * before the origin (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles and Practice</i>,
 * 3rd ed., section 5.2). With a season of one day this says "same time yesterday", the usual
 * baseline for diurnal backbone traffic.
 *
 * <p>When that row is a missing measurement, the latest measured row before it stands in (and,
 * only if there is none, the earliest measured row after it up to the origin).
 */
public final class SeasonalNaive implements PointForecaster {
    /** Method name in responses. */
    public static final String METHOD = "seasonal-naive";

    private final TrafficSeries series;
    private final int season;
    private final PresentRows present;

    /**
     * @param series the history
     * @param season season length in rows, {@code >= 1} (one day: 86400 / step seconds)
     */
    public SeasonalNaive(TrafficSeries series, int season) {
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1 row, got " + season);
        }
        this.series = series;
        this.season = season;
        this.present = new PresentRows(series);
    }

    /** The season length in rows. */
    public int season() {
        return season;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public TrafficSeries series() {
        return series;
    }

    @Override
    public int sourceRow(int origin, int h) {
        PointForecaster.checkArguments(series, origin, h);
        int k = (h + season - 1) / season;
        int t = origin + h - season * k;
        if (t < 0) {
            return -1;
        }
        int row = present.atOrBefore(t);
        return row >= 0 ? row : present.firstAfter(t, origin);
    }
}
