package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.proto.common.v1.OdPair;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.QuantileSeries;

/** A scripted forecaster: A->C at 110 (p50) and 120 (p90) bit/s for step 1. */
@GrpcService
public class FakeForecast extends ForecastServiceGrpc.ForecastServiceImplBase {
    @Override
    public void forecast(ForecastRequest req, StreamObserver<ForecastResponse> out) {
        if (Script.forecastDown) {
            out.onError(Status.UNAVAILABLE.withDescription("forecast is down (scripted)").asRuntimeException());
            return;
        }
        out.onNext(ForecastResponse.newBuilder().setNetwork(req.getNetwork()).setMethod("fake")
                .addOdPairs(OdPair.newBuilder().setSrc("A").setDst("C"))
                .addSteps(ForecastStep.newBuilder().setStep(1).setTime("t6")
                        .addQuantiles(QuantileSeries.newBuilder().setQuantile(0.5).addRateBps(110))
                        .addQuantiles(QuantileSeries.newBuilder().setQuantile(0.9).addRateBps(120)))
                .build());
        out.onCompleted();
    }

    /** Networks whose models were deleted. */
    static final java.util.Set<String> MODELS_DELETED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Every "net-*" network has two versions of a model "NETWORK-mlp" until they are deleted. */
    @Override
    public void deleteNetworkModels(io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest req,
                                    StreamObserver<io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse> out) {
        if (Script.forecastDown) {
            out.onError(Status.UNAVAILABLE.withDescription("forecast is down (scripted)").asRuntimeException());
            return;
        }
        var r = io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse.newBuilder();
        if (req.getNetwork().startsWith("net-") && MODELS_DELETED.add(req.getNetwork())) {
            r.addModels(req.getNetwork() + "-mlp").setVersionsDeleted(2);
        }
        out.onNext(r.build());
        out.onCompleted();
    }
}
