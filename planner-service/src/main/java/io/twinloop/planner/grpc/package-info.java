/**
 * The gRPC face of the planner: the {@code twinloop.planner.v1.PlannerService} implementation,
 * request validation, the stateless mapper between generated proto types and the model and
 * optimizer, and the one place where exceptions become gRPC status codes. Generated types stop
 * here and in {@code io.twinloop.planner.client}.
 */
package io.twinloop.planner.grpc;
