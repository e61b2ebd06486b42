package io.twinloop.forecast.backtest;

import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.model.TrafficSeries;

/** A trained {@link NeuralForecaster} as a {@link ForecastMethod} over one series. */
public final class NeuralMethod implements ForecastMethod {
    private final String name;
    private final NeuralForecaster model;
    private final TrafficSeries series;

    /**
     * @param name   name in reports
     * @param model  the trained model (not closed by this class)
     * @param series the series forecast (its OD pairs must be the model's)
     */
    public NeuralMethod(String name, NeuralForecaster model, TrafficSeries series) {
        this.name = name;
        this.model = model;
        this.series = series;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasP90() {
        return true;
    }

    @Override
    public double[][][] forecast(int origin, int horizon) {
        return model.predict(series, origin, horizon);
    }
}
