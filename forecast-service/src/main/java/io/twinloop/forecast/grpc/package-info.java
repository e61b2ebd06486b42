/**
 * The forecast-service's gRPC API: {@link io.twinloop.forecast.grpc.ForecastGrpcService} binds the RPCs
 * and hands each to the bean that does its job ({@link io.twinloop.forecast.grpc.ForecastRpc},
 * {@link io.twinloop.forecast.grpc.TrainingRpc}, {@link io.twinloop.forecast.grpc.BacktestRpc},
 * {@link io.twinloop.forecast.grpc.ModelRpcs}); shared request checks, training data and training options
 * live in {@link io.twinloop.forecast.grpc.RequestChecks}, {@link io.twinloop.forecast.grpc.TrainingData} and
 * {@link io.twinloop.forecast.grpc.TrainOptionsReader}; {@link io.twinloop.forecast.grpc.ForecastProtoMapper}
 * translates results to messages. Failures are thrown and become statuses through the platform's one
 * mapping ({@code io.twinloop.platform.grpc.GrpcErrors}); the service's exceptions say their status by
 * implementing {@code io.twinloop.platform.grpc.GrpcError}.
 */
package io.twinloop.forecast.grpc;
