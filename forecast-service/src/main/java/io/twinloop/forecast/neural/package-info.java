/**
 * The global neural traffic forecaster: {@link io.twinloop.forecast.neural.NeuralForecaster}, one
 * DJL MLP (PyTorch engine, CPU, offline) shared by all OD pairs of a network, with per-pair
 * normalisation fitted on the training rows, multi-horizon p50/p90 outputs trained with the
 * {@link io.twinloop.forecast.neural.PinballLoss pinball loss}, save/load with a checked metadata
 * file ({@link io.twinloop.forecast.neural.ModelMetadata}). Training (the package-private
 * {@code MlpTraining}) is separate from inference; the saved files are read and written by
 * {@code ModelFiles}; inference batches every OD pair into one forward pass and frees its arrays per call.
 */
package io.twinloop.forecast.neural;
