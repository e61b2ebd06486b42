/**
 * The forecast-service's gRPC API: {@link io.twinloop.forecast.grpc.ForecastGrpcService} validates
 * requests, reads history through the twin client and runs the baselines;
 * {@link io.twinloop.forecast.grpc.ForecastProtoMapper} translates results to messages. Failures are thrown
 * and become statuses through the platform's one mapping ({@code io.twinloop.platform.grpc.GrpcErrors}); the
 * service's exceptions say their status by implementing {@code io.twinloop.platform.grpc.GrpcError}.
 */
package io.twinloop.forecast.grpc;
