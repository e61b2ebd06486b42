/**
 * The gRPC face of the twin: the {@code twinloop.twin.v1.TwinService} implementation, the
 * stateless mapper between generated proto types and the model. Methods throw; the platform's one
 * mapping ({@code io.twinloop.platform.grpc.GrpcErrors}) turns exceptions into gRPC statuses, the twin's
 * own exceptions saying theirs as {@code io.twinloop.platform.grpc.GrpcError}. Generated types stop here.
 */
package io.twinloop.twin.grpc;
