/**
 * The forecast-service's gRPC API: {@link io.twinloop.forecast.grpc.ForecastGrpcService} validates
 * requests, reads history through the twin client and runs the baselines;
 * {@link io.twinloop.forecast.grpc.ForecastProtoMapper} translates results to messages and
 * {@link io.twinloop.forecast.grpc.GrpcErrors} maps every failure to a status with a
 * {@code google.rpc.Status} (ErrorInfo, and BadRequest for bad input).
 */
package io.twinloop.forecast.grpc;
