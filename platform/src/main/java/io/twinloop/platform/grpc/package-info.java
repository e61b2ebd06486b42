/**
 * gRPC plumbing every service registers once from here: the one mapping of failures to statuses
 * ({@link io.twinloop.platform.grpc.GrpcErrors}, registered through Quarkus' exception handler by
 * {@link io.twinloop.platform.grpc.GrpcExceptionHandling}; services' exceptions describe their status by
 * implementing {@link io.twinloop.platform.grpc.GrpcError}) and the caller's deadline on the call's context
 * ({@link io.twinloop.platform.grpc.DeadlineInterceptor}).
 */
package io.twinloop.platform.grpc;
