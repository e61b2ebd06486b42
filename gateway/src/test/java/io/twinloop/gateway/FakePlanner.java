package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;

/** A scripted planner: returns {@link Script#candidates}, whatever they are. */
@GrpcService
public class FakePlanner extends PlannerServiceGrpc.PlannerServiceImplBase {
    static volatile ProposeRequest lastRequest;

    @Override
    public void propose(ProposeRequest req, StreamObserver<ProposeResponse> out) {
        lastRequest = req;
        if (Script.plannerDown) {
            out.onError(Status.UNAVAILABLE.withDescription("planner is down (scripted)").asRuntimeException());
            return;
        }
        out.onNext(Script.llm.toBuilder().addAllCandidates(Script.candidates).build());
        out.onCompleted();
    }
}
