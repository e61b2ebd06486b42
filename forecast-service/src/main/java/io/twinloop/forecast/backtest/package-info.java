/**
 * Backtesting of forecasters on a chronological split: {@link io.twinloop.forecast.backtest.Backtester}
 * replays every test origin and scores each {@link io.twinloop.forecast.backtest.ForecastMethod} per
 * horizon (MAE, RMSE, NMAE, MAE normalised by the training maximum, p90 coverage);
 * {@link io.twinloop.forecast.backtest.BaselineMethods} wraps the baselines with p90 offsets
 * calibrated on the training rows, {@link io.twinloop.forecast.backtest.NeuralMethod} a trained
 * neural model. Nothing here trains; nothing reads a row after the forecast origin.
 */
package io.twinloop.forecast.backtest;
