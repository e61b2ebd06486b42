/**
 * The gRPC face of the twin: the {@code twinloop.twin.v1.TwinService} implementation, which hands each
 * group of RPCs to a handler bean ({@code NetworkRpcs}, {@code TrafficRpcs}, {@code WhatIfRpcs},
 * {@code IngestRpcs}, {@code TelemetryRpcs}, {@code EventWatchRpc}), and the stateless mappers between
 * generated proto types and the model. Methods throw; the platform's one mapping
 * ({@code io.twinloop.platform.grpc.GrpcErrors}) turns exceptions into gRPC statuses, the twin's own
 * exceptions saying theirs as {@code io.twinloop.platform.grpc.GrpcError}. Generated types stop here.
 */
package io.twinloop.twin.grpc;
