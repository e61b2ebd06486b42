package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSeries;

/**
 * Last-value (naive, random-walk) forecast: every future row is forecast by the latest measured
 * row at or before the origin. The fallback when the history is shorter than a season or has no
 * regular step.
 */
public final class LastValue implements PointForecaster {
    /** Method name in responses. */
    public static final String METHOD = "last-value";

    private final TrafficSeries series;
    private final PresentRows present;

    /** @param series the history */
    public LastValue(TrafficSeries series) {
        this.series = series;
        this.present = new PresentRows(series);
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
        return present.atOrBefore(origin);
    }
}
