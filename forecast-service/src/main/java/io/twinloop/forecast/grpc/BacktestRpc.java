package io.twinloop.forecast.grpc;

import com.google.protobuf.ByteString;
import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.backtest.Backtester;
import io.twinloop.forecast.backtest.BaselineMethods;
import io.twinloop.forecast.backtest.ForecastMethod;
import io.twinloop.forecast.backtest.NeuralMethod;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.neural.TrainConfig;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.forecast.v1.BacktestRequest;
import io.twinloop.proto.forecast.v1.BacktestResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.twinloop.forecast.backtest.ForecastMethod.baseName;
import static io.twinloop.forecast.grpc.RequestChecks.horizon;
import static io.twinloop.forecast.grpc.RequestChecks.network;

/**
 * The Backtest RPC: splits the series chronologically, trains a throw-away model on the rows before
 * the split (under the service's training lock; it is never registered) and scores it and the
 * baselines on every test origin with the {@link Backtester}. {@link ForecastGrpcService} delegates to it.
 */
@ApplicationScoped
public class BacktestRpc {
    /** Every method a backtest can score, and the default when the request names none. */
    private static final List<String> METHODS = List.of("model", "last-value", "seasonal-naive", "ewma");

    @Inject
    ForecastModels models;

    @Inject
    TrainingData trainingData;

    /** The answer to one Backtest request. */
    BacktestResponse backtest(BacktestRequest req) {
        String network = network(req.getNetwork());
        int horizon = horizon(req.getHorizonSteps());
        TrainingData.Data data = trainingData.data(network, req.getTrafficCsv().toByteArray(), "traffic_csv");
        TrafficSeries series = data.series();
        int n = series.size();
        int split = switch (req.getSplitCase()) {
            case SPLIT_ROW -> req.getSplitRow();
            case SPLIT_TIME -> splitRow(series, req.getSplitTime());
            default -> (int) Math.round(n * 0.8);
        };
        if (split < 2 || split >= n) {
            throw new RequestException(req.getSplitCase() == BacktestRequest.SplitCase.SPLIT_TIME ? "split_time" : "split_row",
                    "the split must leave at least 2 training rows and 1 test row: row " + split + " of " + n);
        }
        List<String> wanted = req.getMethodsList().isEmpty() ? METHODS : req.getMethodsList();
        for (String w : wanted) {
            if (!METHODS.contains(w)) {
                throw new RequestException("methods", "unknown method '" + w
                        + "'; use model, last-value, seasonal-naive or ewma");
            }
        }
        List<ForecastMethod> methods = new ArrayList<>();
        NeuralForecaster trained = null;
        try {
            if (wanted.contains("model")) {
                TrainConfig cfg = TrainOptionsReader.config(req.getTrainOptions(), "train_options");
                if (horizon > cfg.horizon()) {
                    cfg = cfg.withHorizon(horizon);
                }
                models.trainingLock().lock();
                try {
                    trained = NeuralForecaster.train(series, split, data.stepSeconds(), cfg, null);
                } catch (IllegalArgumentException e) {
                    throw new TrainingException("cannot train a model on rows 0.." + (split - 1) + ": " + e.getMessage());
                } finally {
                    models.trainingLock().unlock();
                }
                methods.add(new NeuralMethod("model", trained, series));
            }
            for (ForecastMethod m : BaselineMethods.all(series, split, data.stepSeconds(), horizon)) {
                if (wanted.contains(baseName(m.name()))) {
                    methods.add(m);
                }
            }
            Backtester bt = new Backtester(series, split, horizon);
            BacktestReport report = bt.run(methods);
            BacktestResponse.Builder b = BacktestResponse.newBuilder().setNetwork(network)
                    .setSplitRow(report.splitRow()).setTestOrigins(report.origins())
                    .setTrainMaxBps(report.trainMaxBps());
            for (BacktestReport.MethodResult m : report.methods()) {
                b.addMethods(ForecastProtoMapper.metrics(m));
            }
            if (trained != null) {
                b.setModel(ForecastProtoMapper.modelInfo(trained.metadata(), "backtest-" + network, 0, network,
                        data.source(), 0, req.getTrainOptions()));
            }
            if (!req.getPredictionsMethod().isEmpty()) {
                int step = req.getPredictionsStep() == 0 ? horizon : req.getPredictionsStep();
                if (step < 1 || step > horizon) {
                    throw new RequestException("predictions_step", "predictions_step must be in 1.." + horizon
                            + " (the horizon), got " + step);
                }
                ForecastMethod pm = methods.stream().filter(m -> m.name().equals(req.getPredictionsMethod())
                                || baseName(m.name()).equals(req.getPredictionsMethod()))
                        .findFirst().orElseThrow(() -> new RequestException("predictions_method",
                                "no method '" + req.getPredictionsMethod() + "' in this backtest; use one of "
                                        + methods.stream().map(ForecastMethod::name).toList()));
                b.setPredictionsCsv(ByteString.copyFrom(bt.predictionsCsv(pm, step)));
            }
            return b.build();
        } finally {
            if (trained != null) {
                trained.close();
            }
        }
    }

    /** The first row at or after {@code time}. */
    static int splitRow(TrafficSeries s, String time) {
        Instant at = TimeLabels.parse(time).orElseThrow(() -> new RequestException("split_time",
                "cannot read split_time '" + time + "'; use ISO-8601 (2004-03-06T00:00:00Z) or yyyyMMdd-HHmm"));
        for (int i = 0; i < s.size(); i++) {
            Instant t = TimeLabels.parse(s.samples().get(i).time()).orElse(null);
            if (t != null && !t.isBefore(at)) {
                return i;
            }
        }
        throw new RequestException("split_time", "split_time " + time + " is after the last sample ("
                + s.samples().get(s.size() - 1).time() + ")");
    }
}
