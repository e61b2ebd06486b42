/**
 * The always-available forecasting baselines and their calibration, in plain Java with no gRPC
 * or Quarkus types: {@link io.twinloop.forecast.baseline.SeasonalNaive} (the value one day
 * earlier, or one week when the history covers more than a week),
 * {@link io.twinloop.forecast.baseline.LastValue} (the latest measurement),
 * {@link io.twinloop.forecast.baseline.Ewma} (exponential smoothing, its factor fitted on the history),
 * {@link io.twinloop.forecast.baseline.ResidualQuantiles} (quantiles from each method's own
 * one-step errors on the history) and {@link io.twinloop.forecast.baseline.BaselineForecaster},
 * which picks the method a history allows and assembles a {@link
 * io.twinloop.forecast.baseline.ForecastResult}. Rows missing a measurement are never read as
 * zero traffic.
 */
package io.twinloop.forecast.baseline;
