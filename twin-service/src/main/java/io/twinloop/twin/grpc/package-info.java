/**
 * The gRPC face of the twin: the {@code twinloop.twin.v1.TwinService} implementation, the
 * stateless mapper between generated proto types and the model, and the one place where
 * domain exceptions become gRPC status codes. Generated types stop here.
 */
package io.twinloop.twin.grpc;
