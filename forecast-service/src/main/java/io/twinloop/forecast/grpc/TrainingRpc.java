package io.twinloop.forecast.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.backtest.Backtester;
import io.twinloop.forecast.backtest.BaselineMethods;
import io.twinloop.forecast.backtest.ForecastMethod;
import io.twinloop.forecast.backtest.NeuralMethod;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.neural.TrainConfig;
import io.twinloop.forecast.registry.RegisteredModel;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.TrainProgress;
import io.twinloop.proto.forecast.v1.TrainRequest;
import io.twinloop.proto.forecast.v1.TrainResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static io.twinloop.forecast.grpc.RequestChecks.network;

/**
 * The Train RPC: trains the network's MLP ({@link NeuralForecaster}) under the service's training
 * lock, streams progress after every epoch, scores the model against every baseline on the
 * validation rows it held out, and registers it as the next version of its name. A client that
 * cancels stops the training at the next epoch. {@link ForecastGrpcService} delegates to it.
 */
@ApplicationScoped
public class TrainingRpc {

    @Inject
    ForecastModels models;

    @Inject
    TrainingData trainingData;

    /** Runs one Train call, sending its progress and its last message (the model) to {@code out}. */
    void train(TrainRequest req, StreamObserver<TrainResponse> out) {
        ServerCallStreamObserver<TrainResponse> call = out instanceof ServerCallStreamObserver<TrainResponse> c ? c : null;
        try {
            String network = network(req.getNetwork());
            String name = req.getModelName().isBlank() ? network : req.getModelName().trim();
            try {
                models.registry().checkOwner(name, network);
            } catch (IllegalArgumentException e) {
                throw new RequestException("model_name", e.getMessage());
            }
            TrainOptions o = req.getOptions();
            TrainingData.Data data = trainingData.data(network, req.getTrafficCsv().toByteArray(), "traffic_csv");
            int end = data.series().size();
            if (o.hasTrainEndRow()) {
                if (o.getTrainEndRow() < 2 || o.getTrainEndRow() > data.series().size()) {
                    throw new RequestException("options.train_end_row", "train_end_row must be in 2.."
                            + data.series().size() + " (the series has " + data.series().size() + " rows), got "
                            + o.getTrainEndRow());
                }
                end = o.getTrainEndRow();
            }
            TrainConfig cfg = TrainOptionsReader.config(o, "options");
            Map<String, Object> options = TrainOptionsReader.optionsMap(cfg, end);
            int trainEnd = end;
            models.trainingLock().lock();
            try {
                send(out, TrainProgress.newBuilder().setEpochs(cfg.epochs()).build());
                NeuralForecaster f;
                try {
                    f = NeuralForecaster.train(data.series(), trainEnd, data.stepSeconds(), cfg,
                            (epoch, epochs, loss, val, secs) -> {
                                if (call != null && call.isCancelled()) {
                                    throw new CancellationException("the client cancelled the training");
                                }
                                send(out, TrainProgress.newBuilder().setEpoch(epoch).setEpochs(epochs).setLoss(loss)
                                        .setValidationLoss(Double.isNaN(val) ? 0 : val).setElapsedSeconds(secs).build());
                            });
                } catch (IllegalArgumentException e) {
                    throw new TrainingException("cannot train on network " + network + ": " + e.getMessage());
                }
                Map<String, List<Double>> validation = validate(f, data.series(), trainEnd, data.stepSeconds());
                RegisteredModel m;
                try {
                    m = models.registry().register(name, network, data.source(), options, validation, f);
                } catch (IllegalArgumentException e) {
                    f.close();
                    throw new RequestException("model_name", e.getMessage());
                }
                models.setServing(network, true);
                var md = m.metadata();
                send(out, TrainProgress.newBuilder().setEpoch(md.epochsRun()).setEpochs(cfg.epochs())
                        .setLoss(md.trainLoss()).setValidationLoss(Double.isNaN(md.validationLoss()) ? 0 : md.validationLoss())
                        .setElapsedSeconds(md.trainingSeconds()).setDone(true)
                        .setModel(ForecastProtoMapper.modelInfo(m)).build());
            } finally {
                models.trainingLock().unlock();
            }
            out.onCompleted();
        } catch (CancellationException e) {
            // the client is gone; nothing to send
        }
    }

    /**
     * The NMAE per horizon of the model and of every baseline on the validation rows the training
     * held out at the end of its rows (targets from {@code validationFromRow} to the training end):
     * what decides whether the model may serve by default.
     */
    static Map<String, List<Double>> validate(NeuralForecaster f, TrafficSeries series, int trainEnd, int stepSeconds) {
        var md = f.metadata();
        int from = md.validationFromRow();
        if (from < 2 || from >= trainEnd) {
            return Map.of();
        }
        TrafficSeries part = new TrafficSeries(series.pairs(), series.samples().subList(0, trainEnd));
        List<ForecastMethod> methods = new ArrayList<>();
        methods.add(new NeuralMethod("model", f, part));
        methods.addAll(BaselineMethods.all(part, from, stepSeconds, md.horizon()));
        BacktestReport report = new Backtester(part, from, md.horizon()).run(methods);
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (BacktestReport.MethodResult m : report.methods()) {
            out.put(ForecastMethod.baseName(m.name()), m.horizons().stream().map(BacktestReport.HorizonMetrics::nmae).toList());
        }
        return out;
    }

    private static void send(StreamObserver<TrainResponse> out, TrainProgress p) {
        synchronized (out) {
            out.onNext(TrainResponse.newBuilder().setProgress(p).build());
        }
    }
}
