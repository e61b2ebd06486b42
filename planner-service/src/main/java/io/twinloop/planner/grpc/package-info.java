/**
 * The gRPC face of the planner: the {@code twinloop.planner.v1.PlannerService} implementation (one
 * bean per RPC behind {@code PlannerGrpcService}), request validation and the stateless mapper
 * between generated proto types and the model and optimizer. Methods throw; the platform's one
 * mapping ({@code io.twinloop.platform.grpc.GrpcErrors}) turns exceptions into gRPC statuses.
 * Generated types stop here and in {@code io.twinloop.planner.client}.
 */
package io.twinloop.planner.grpc;
