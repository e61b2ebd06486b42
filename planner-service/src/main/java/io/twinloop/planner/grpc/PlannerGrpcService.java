package io.twinloop.planner.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.ParetoFrontRequest;
import io.twinloop.proto.planner.v1.ParetoFrontResponse;
import io.twinloop.proto.planner.v1.ParseIntentRequest;
import io.twinloop.proto.planner.v1.ParseIntentResponse;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import jakarta.inject.Inject;

/**
 * The planner's gRPC API. Each RPC's work lives in its own bean: {@link ProposeRpc} (plan candidates),
 * {@link ParetoFrontRpc} (trade-offs between two objectives), {@link DiagnoseRpc} (fault hypotheses) and
 * {@link ParseIntentRpc} (operator intents); {@link PlanningProblems} reads and checks a planning problem
 * and {@link PlannerLlm} holds the configured LLM. Every method runs on a worker thread (planning and
 * diagnosis are blocking CPU work, the LLM and the twin blocking calls) and throws on a bad request or a
 * failed call: the platform's registered handler ({@code io.twinloop.platform.grpc.GrpcExceptionHandling})
 * turns the exception into the gRPC status.
 */
@GrpcService
public class PlannerGrpcService extends PlannerServiceGrpc.PlannerServiceImplBase {

    @Inject
    ProposeRpc proposeRpc;

    @Inject
    ParetoFrontRpc paretoFrontRpc;

    @Inject
    DiagnoseRpc diagnoseRpc;

    @Inject
    ParseIntentRpc parseIntentRpc;

    @Override
    @Blocking
    public void propose(ProposeRequest req, StreamObserver<ProposeResponse> out) {
        out.onNext(proposeRpc.propose(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void paretoFront(ParetoFrontRequest req, StreamObserver<ParetoFrontResponse> out) {
        out.onNext(paretoFrontRpc.paretoFront(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void diagnose(DiagnoseRequest req, StreamObserver<DiagnoseResponse> out) {
        out.onNext(diagnoseRpc.diagnose(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void parseIntent(ParseIntentRequest req, StreamObserver<ParseIntentResponse> out) {
        out.onNext(parseIntentRpc.parseIntent(req));
        out.onCompleted();
    }
}
