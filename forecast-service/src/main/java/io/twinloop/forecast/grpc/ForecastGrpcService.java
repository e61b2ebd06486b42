package io.twinloop.forecast.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.registry.ModelRegistry;
import io.twinloop.proto.forecast.v1.BacktestRequest;
import io.twinloop.proto.forecast.v1.BacktestResponse;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest;
import io.twinloop.proto.forecast.v1.DeleteNetworkModelsResponse;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.GetModelRequest;
import io.twinloop.proto.forecast.v1.GetModelResponse;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ListModelsResponse;
import io.twinloop.proto.forecast.v1.TrainRequest;
import io.twinloop.proto.forecast.v1.TrainResponse;
import jakarta.inject.Inject;

/**
 * The forecast-service's gRPC API: forecasts from the network's newest trained model (the global
 * MLP of {@link NeuralForecaster}) or, when none can serve, from the best baseline ({@link ForecastRpc});
 * training with streamed progress into the {@link ModelRegistry} ({@link TrainingRpc}); chronological
 * backtests of the model against every baseline ({@link BacktestRpc}); the registry's listing and
 * deletion ({@link ModelRpcs}). Methods run on worker threads; what they throw becomes a status through
 * the platform's registered exception handler ({@code io.twinloop.platform.grpc.GrpcExceptionHandling}).
 */
@GrpcService
public class ForecastGrpcService extends ForecastServiceGrpc.ForecastServiceImplBase {

    @Inject
    ForecastRpc forecastRpc;

    @Inject
    TrainingRpc trainingRpc;

    @Inject
    BacktestRpc backtestRpc;

    @Inject
    ModelRpcs modelRpcs;

    @Override
    @Blocking
    public void forecast(ForecastRequest req, StreamObserver<ForecastResponse> out) {
        out.onNext(forecastRpc.forecast(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void train(TrainRequest req, StreamObserver<TrainResponse> out) {
        trainingRpc.train(req, out);
    }

    @Override
    @Blocking
    public void backtest(BacktestRequest req, StreamObserver<BacktestResponse> out) {
        out.onNext(backtestRpc.backtest(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listModels(ListModelsRequest req, StreamObserver<ListModelsResponse> out) {
        out.onNext(modelRpcs.listModels(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getModel(GetModelRequest req, StreamObserver<GetModelResponse> out) {
        out.onNext(modelRpcs.getModel(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteNetworkModels(DeleteNetworkModelsRequest req, StreamObserver<DeleteNetworkModelsResponse> out) {
        out.onNext(modelRpcs.deleteNetworkModels(req));
        out.onCompleted();
    }
}
