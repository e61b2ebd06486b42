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
    @io.smallrye.common.annotation.Blocking // may wait at Script.plannerGate: not on the event loop
    public void propose(ProposeRequest req, StreamObserver<ProposeResponse> out) {
        lastRequest = req;
        java.util.concurrent.CountDownLatch gate = Script.plannerGate;
        if (gate != null) {
            Script.plannerWaiting.incrementAndGet();
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (Script.plannerDown) {
            out.onError(Status.UNAVAILABLE.withDescription("planner is down (scripted)").asRuntimeException());
            return;
        }
        if (Script.plannerError != null) {
            out.onError(Script.plannerError.asRuntimeException());
            return;
        }
        out.onNext(Script.llm.toBuilder().addAllCandidates(Script.candidates).build());
        out.onCompleted();
    }

    static volatile io.twinloop.proto.planner.v1.DiagnoseRequest lastDiagnose;

    /** Blames the one link that sent no telemetry. */
    @Override
    public void diagnose(io.twinloop.proto.planner.v1.DiagnoseRequest req,
                         StreamObserver<io.twinloop.proto.planner.v1.DiagnoseResponse> out) {
        lastDiagnose = req;
        if (Script.plannerDown) {
            out.onError(Status.UNAVAILABLE.withDescription("planner is down (scripted)").asRuntimeException());
            return;
        }
        java.util.Set<String> reporting = new java.util.HashSet<>();
        req.getObservedList().forEach(o -> reporting.add(o.getLinkId()));
        var b = io.twinloop.proto.planner.v1.DiagnoseResponse.newBuilder().setVersion(req.getVersion());
        for (String l : new String[]{"L1", "L2", "L3", "L4"}) {
            if (!reporting.contains(l)) {
                b.addHypotheses(io.twinloop.proto.planner.v1.Hypothesis.newBuilder()
                        .setKind(io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_LINK_DOWN).addElements(l)
                        .setScore(0.9).setExplanation(l + " sent nothing"));
            }
        }
        b.addHypotheses(io.twinloop.proto.planner.v1.Hypothesis.newBuilder()
                .setKind(io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_NO_FAULT).setScore(0.1));
        out.onNext(b.build());
        out.onCompleted();
    }
}
