package io.twinloop.forecast.grpc;

import io.twinloop.model.TimeLabels;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.backtest.Backtester;
import io.twinloop.forecast.backtest.BaselineMethods;
import io.twinloop.forecast.backtest.ForecastMethod;
import io.twinloop.forecast.backtest.NeuralMethod;
import io.twinloop.forecast.baseline.BaselineForecaster;
import io.twinloop.forecast.baseline.BaselineMethod;
import io.twinloop.forecast.baseline.ForecastResult;
import io.twinloop.forecast.baseline.NoTrafficHistoryException;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.baseline.UnknownModelException;
import io.twinloop.forecast.client.TwinClient;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.neural.TrainConfig;
import io.twinloop.forecast.registry.ModelRegistry;
import io.twinloop.forecast.registry.RegisteredModel;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.NetworkName;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.platform.grpc.RequestException;
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
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.TrainProgress;
import io.twinloop.proto.forecast.v1.TrainRequest;
import io.twinloop.proto.forecast.v1.TrainResponse;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The forecast-service's gRPC API: forecasts from the network's newest trained model (the global
 * MLP of {@link NeuralForecaster}) or, when none can serve, from the best baseline; training with
 * streamed progress into the {@link ModelRegistry}; chronological backtests of the model against
 * every baseline; the registry's listing. Methods run on worker threads.
 */
@GrpcService
public class ForecastGrpcService extends ForecastServiceGrpc.ForecastServiceImplBase {
    /** Longest horizon served, in steps (one day of 5-minute intervals). */
    static final int MAX_HORIZON_STEPS = 288;
    /** Most quantiles in one request. */
    static final int MAX_QUANTILES = 99;
    /** Quantiles served when the request names none. */
    static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9);
    /** Most history rows a training run or a backtest reads from the twin. */
    static final int MAX_TRAIN_ROWS = 10_000;
    /** Largest traffic CSV accepted in a request. */
    static final int MAX_CSV_BYTES = 64 << 20;
    /** Most epochs a request may ask for. */
    static final int MAX_EPOCHS = 1000;

    @Inject
    TwinClient twin;

    @Inject
    ForecastModels models;

    @Override
    @Blocking
    public void forecast(ForecastRequest req, StreamObserver<ForecastResponse> out) {
        String network = network(req.getNetwork());
        int horizon = horizon(req.getHorizonSteps());
        List<Double> quantiles = quantiles(req.getQuantilesList());
        if (req.hasHistoryEndRow() && req.getHistoryEndRow() < 0) {
            throw new RequestException("history_end_row", "history_end_row must be >= 0 (a 0-based row), got "
                    + req.getHistoryEndRow());
        }
        BaselineMethod baseline = null;
        RegisteredModel model = null;
        String requested = req.getModel().trim();
        if (!requested.isEmpty()) {
            baseline = BaselineMethod.byName(requested).orElse(null);
            if (baseline == null) {
                model = models.registry().get(requested, 0).orElseThrow(() -> new UnknownModelException(requested));
                if (!model.network().equals(network)) {
                    throw new RequestException("model", "model " + requested + " forecasts network "
                            + model.network() + ", not " + network);
                }
            }
        } else {
            model = models.registry().latest(network).orElse(null);
        }

        TrafficHistory last = twin.latest(network);
        int total = last.totalSamples();
        if (total == 0) {
            throw new NoTrafficHistoryException(network,
                    "network " + network + " has no traffic history; import a traffic CSV first");
        }
        int end = req.hasHistoryEndRow() ? req.getHistoryEndRow() : total - 1;
        if (end >= total) {
            throw new RequestException("history_end_row", "history_end_row " + end
                    + " is beyond the traffic series of network " + network + " (" + total
                    + " samples; rows are 0-based, so the last is " + (total - 1) + ")");
        }
        int rows = BaselineForecaster.historyRowsNeeded(last.stepSeconds());
        TrafficHistory history = twin.rows(network, Math.max(0, end + 1 - rows), end + 1);
        String fallback = "";
        if (model != null && requested.isEmpty()) {
            String beaten = model.beatenBy();
            if (beaten != null) {
                // the newest model lost to a baseline on its own validation rows: serve that baseline
                fallback = "model " + model.name() + " v" + model.version() + " forecast worse than " + beaten
                        + " on its validation rows; ";
                baseline = beaten.startsWith("last-value") ? BaselineMethod.LAST_VALUE
                        : beaten.startsWith("ewma") ? BaselineMethod.EWMA : null;
                model = null;
            }
        }
        if (model != null) {
            String why = cannotServe(model, history, horizon, quantiles);
            if (why == null) {
                out.onNext(neuralForecast(network, model, history, horizon, quantiles));
                out.onCompleted();
                return;
            }
            fallback = "model " + model.name() + " v" + model.version() + " cannot serve: " + why + "; ";
        }
        ForecastResult result = BaselineForecaster.forecast(history, baseline, horizon, quantiles);
        ForecastResponse r = ForecastProtoMapper.response(network, result);
        out.onNext(fallback.isEmpty() ? r : r.toBuilder()
                .setFallbackReason(fallback + r.getFallbackReason()).build());
        out.onCompleted();
    }

    /** Why {@code model} cannot forecast this request, or null when it can. */
    private static String cannotServe(RegisteredModel model, TrafficHistory history, int horizon, List<Double> quantiles) {
        var md = model.metadata();
        if (horizon > md.horizon()) {
            return "it forecasts " + md.horizon() + " steps, " + horizon + " were asked for";
        }
        for (double q : quantiles) {
            if (md.quantiles().stream().noneMatch(m -> Math.abs(m - q) < 1e-9)) {
                return "it predicts the quantiles " + md.quantiles() + ", not " + q;
            }
        }
        if (history.stepSeconds() != md.stepSeconds()) {
            return "it was trained on a " + md.stepSeconds() + " s step, the series has " + history.stepSeconds() + " s";
        }
        if (!new java.util.HashSet<>(history.series().pairs()).equals(new java.util.HashSet<>(md.pairs()))) {
            return "the network's OD pairs (" + history.series().pairs().size() + ") are not the model's ("
                    + md.pairs().size() + ")";
        }
        return null;
    }

    private static ForecastResponse neuralForecast(String network, RegisteredModel model, TrafficHistory history,
                                                   int horizon, List<Double> quantiles) {
        var md = model.metadata();
        TrafficSeries series = reorder(history.series(), md.pairs());
        int origin = series.size() - 1;
        double[][][] f = model.forecaster().predict(series, origin, horizon);
        String endTime = series.samples().get(origin).time();
        List<ForecastResult.Step> steps = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            List<ForecastResult.QuantileValues> qs = new ArrayList<>();
            for (double q : quantiles) {
                int qi = 0;
                while (Math.abs(md.quantiles().get(qi) - q) >= 1e-9) {
                    qi++;
                }
                qs.add(new ForecastResult.QuantileValues(q, f[h - 1][qi]));
            }
            String time = history.stepSeconds() > 0 ? TimeLabels.plus(endTime, (long) h * history.stepSeconds()) : "";
            steps.add(new ForecastResult.Step(h, time, qs));
        }
        ForecastResult r = new ForecastResult(md.architecture(), "", history.stepSeconds(), history.endRow(), endTime,
                md.pairs(), steps);
        return ForecastProtoMapper.response(network, r).toBuilder().setModel(model.name())
                .setModelVersion(model.version()).build();
    }

    /** {@code series} with its columns in the order of {@code pairs} (the same set). */
    static TrafficSeries reorder(TrafficSeries series, List<OdPair> pairs) {
        if (series.pairs().equals(pairs)) {
            return series;
        }
        Map<OdPair, Integer> at = new HashMap<>();
        for (int i = 0; i < series.pairs().size(); i++) {
            at.put(series.pairs().get(i), i);
        }
        int[] from = new int[pairs.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = at.get(pairs.get(i));
        }
        List<TrafficSample> samples = new ArrayList<>(series.size());
        for (TrafficSample s : series.samples()) {
            double[] v = new double[from.length];
            for (int i = 0; i < from.length; i++) {
                v[i] = s.rateBps(from[i]);
            }
            samples.add(new TrafficSample(s.time(), s.missing(), v));
        }
        return new TrafficSeries(pairs, samples);
    }

    @Override
    @Blocking
    public void train(TrainRequest req, StreamObserver<TrainResponse> out) {
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
            Data data = data(network, req.getTrafficCsv().toByteArray(), "traffic_csv");
            int end = data.series().size();
            if (o.hasTrainEndRow()) {
                if (o.getTrainEndRow() < 2 || o.getTrainEndRow() > data.series().size()) {
                    throw new RequestException("options.train_end_row", "train_end_row must be in 2.."
                            + data.series().size() + " (the series has " + data.series().size() + " rows), got "
                            + o.getTrainEndRow());
                }
                end = o.getTrainEndRow();
            }
            TrainConfig cfg = config(o, "options");
            Map<String, Object> options = optionsMap(cfg, end);
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
                        .setElapsedSeconds(md.trainingSeconds()).setDone(true).setModel(info(m)).build());
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
            out.put(baseName(m.name()), m.horizons().stream().map(BacktestReport.HorizonMetrics::nmae).toList());
        }
        return out;
    }

    /** A method's name without its parameters: {@code ewma(a=0.85)} is {@code ewma}. */
    static String baseName(String method) {
        int paren = method.indexOf('(');
        return paren < 0 ? method : method.substring(0, paren);
    }

    private static void send(StreamObserver<TrainResponse> out, TrainProgress p) {
        synchronized (out) {
            out.onNext(TrainResponse.newBuilder().setProgress(p).build());
        }
    }

    /** The training options: the defaults of {@link TrainConfig} with the request's non-zero values. */
    static TrainConfig config(TrainOptions o, String field) {
        if (!o.getArchitecture().isEmpty() && !o.getArchitecture().equals("mlp")) {
            throw new RequestException(field + ".architecture", "architecture must be \"mlp\" (or empty), got \""
                    + o.getArchitecture() + "\"");
        }
        if (o.getQuantilesCount() > 0 && !new java.util.HashSet<>(o.getQuantilesList()).equals(java.util.Set.of(0.5, 0.9))) {
            throw new RequestException(field + ".quantiles", "the model is trained for the quantiles [0.5, 0.9]; got "
                    + o.getQuantilesList());
        }
        if (o.getEpochs() < 0 || o.getEpochs() > MAX_EPOCHS) {
            throw new RequestException(field + ".epochs", "epochs must be in 1.." + MAX_EPOCHS + " (0 = default), got "
                    + o.getEpochs());
        }
        TrainConfig c = TrainConfig.defaults();
        try {
            if (o.getEpochs() > 0) {
                c = c.withEpochs(o.getEpochs());
            }
            if (o.getContextSteps() != 0) {
                c = c.withContext(o.getContextSteps());
            }
            if (o.getHorizonSteps() != 0) {
                c = c.withHorizon(o.getHorizonSteps());
            }
            if (o.getLearningRate() != 0) {
                c = c.withLearningRate(o.getLearningRate());
            }
            if (o.getBatchSize() != 0) {
                c = c.withBatchSize(o.getBatchSize());
            }
            if (o.getSeed() != 0) {
                c = c.withSeed(o.getSeed());
            }
        } catch (IllegalArgumentException e) {
            throw new RequestException(field, e.getMessage());
        }
        return c;
    }

    private static Map<String, Object> optionsMap(TrainConfig c, int trainEndRow) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", "mlp");
        m.put("epochs", c.epochs());
        m.put("contextSteps", c.context());
        m.put("horizonSteps", c.horizon());
        m.put("learningRate", c.learningRate());
        m.put("batchSize", c.batchSize());
        m.put("seed", c.seed());
        m.put("trainEndRow", trainEndRow);
        m.put("hiddenUnits", c.hiddenUnits());
        return m;
    }

    /** A series to train or backtest on, with its step and where it came from. */
    record Data(TrafficSeries series, int stepSeconds, String source) {
    }

    private Data data(String network, byte[] csv, String csvField) {
        if (csv.length > 0) {
            if (csv.length > MAX_CSV_BYTES) {
                throw new RequestException(csvField, "the CSV is " + csv.length + " bytes; the limit is " + MAX_CSV_BYTES);
            }
            TrafficSeries s;
            try {
                s = TrafficCsvImporter.read(csv);
            } catch (ImportException | InvalidNetworkException e) {
                throw new RequestException(csvField, "cannot read the traffic CSV: " + e.getMessage());
            }
            int step = stepSeconds(s);
            if (step <= 0) {
                throw new RequestException(csvField, "the CSV's time labels have no regular step; "
                        + "use yyyyMMdd-HHmm or ISO-8601 times at a fixed interval");
            }
            return new Data(s, step, "csv");
        }
        TrafficHistory last = twin.latest(network);
        int total = last.totalSamples();
        if (total == 0) {
            throw new NoTrafficHistoryException(network,
                    "network " + network + " has no traffic history; import a traffic CSV first");
        }
        if (last.stepSeconds() <= 0) {
            throw new TrainingException("the traffic series of network " + network + " has no regular step");
        }
        TrafficHistory h = twin.rows(network, Math.max(0, total - MAX_TRAIN_ROWS), total);
        return new Data(h.series(), last.stepSeconds(), "twin");
    }

    /** The median interval between consecutive readable time labels, 0 when there is none. */
    static int stepSeconds(TrafficSeries s) {
        List<Long> diffs = new ArrayList<>();
        Instant prev = null;
        for (TrafficSample t : s.samples()) {
            Instant now = TimeLabels.parse(t.time()).orElse(null);
            if (now == null) {
                return 0;
            }
            if (prev != null) {
                diffs.add(now.getEpochSecond() - prev.getEpochSecond());
            }
            prev = now;
        }
        if (diffs.isEmpty()) {
            return 0;
        }
        diffs.sort(null);
        long median = diffs.get(diffs.size() / 2);
        return median > 0 && median <= Integer.MAX_VALUE ? (int) median : 0;
    }

    @Override
    @Blocking
    public void backtest(BacktestRequest req, StreamObserver<BacktestResponse> out) {
        String network = network(req.getNetwork());
        int horizon = horizon(req.getHorizonSteps());
        Data data = data(network, req.getTrafficCsv().toByteArray(), "traffic_csv");
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
        List<String> wanted = req.getMethodsList().isEmpty()
                ? List.of("model", "last-value", "seasonal-naive", "ewma") : req.getMethodsList();
        for (String w : wanted) {
            if (!List.of("model", "last-value", "seasonal-naive", "ewma").contains(w)) {
                throw new RequestException("methods", "unknown method '" + w
                        + "'; use model, last-value, seasonal-naive or ewma");
            }
        }
        List<ForecastMethod> methods = new ArrayList<>();
        NeuralForecaster trained = null;
        BacktestResponse response;
        try {
            if (wanted.contains("model")) {
                TrainConfig cfg = config(req.getTrainOptions(), "train_options");
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
                b.setPredictionsCsv(com.google.protobuf.ByteString.copyFrom(bt.predictionsCsv(pm, step)));
            }
            response = b.build();
        } finally {
            if (trained != null) {
                trained.close();
            }
        }
        out.onNext(response);
        out.onCompleted();
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

    @Override
    @Blocking
    public void listModels(ListModelsRequest req, StreamObserver<ListModelsResponse> out) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
        for (RegisteredModel m : models.registry().list(req.getNetwork(), req.getAllVersions())) {
            b.addModels(info(m));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getModel(GetModelRequest req, StreamObserver<GetModelResponse> out) {
        if (req.getName().isBlank()) {
            throw new RequestException("name", "model name is required");
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = newest), got " + req.getVersion());
        }
        RegisteredModel m = models.registry().get(req.getName(), req.getVersion())
                .orElseThrow(() -> new UnknownModelException(req.getName()
                        + (req.getVersion() > 0 ? " v" + req.getVersion() : "")));
        out.onNext(GetModelResponse.newBuilder().setModel(info(m)).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteNetworkModels(DeleteNetworkModelsRequest req, StreamObserver<DeleteNetworkModelsResponse> out) {
        String problem = NetworkName.storedProblem(req.getNetwork()); // names stored before the rule can go too
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        ModelRegistry.Deleted d = models.registry().deleteNetwork(req.getNetwork());
        out.onNext(DeleteNetworkModelsResponse.newBuilder().addAllModels(d.names()).setVersionsDeleted(d.versions()).build());
        out.onCompleted();
    }

    private static ModelInfo info(RegisteredModel m) {
        ModelInfo.Builder b = ForecastProtoMapper.modelInfo(m.metadata(), m.name(), m.version(), m.network(),
                m.dataSource(), m.createdUnixMs(), null).toBuilder();
        for (String method : List.of("model", "last-value", "seasonal-naive", "ewma")) {
            List<Double> nmae = m.validation().get(method);
            if (nmae == null) {
                continue;
            }
            io.twinloop.proto.forecast.v1.MethodMetrics.Builder mm =
                    io.twinloop.proto.forecast.v1.MethodMetrics.newBuilder().setMethod(method);
            for (int h = 0; h < nmae.size(); h++) {
                mm.addHorizons(io.twinloop.proto.forecast.v1.HorizonMetrics.newBuilder().setStep(h + 1).setNmae(nmae.get(h)));
            }
            b.addValidation(mm);
        }
        String beaten = m.beatenBy();
        return b.setBeatenBy(beaten == null ? "" : beaten).build();
    }

    /** The request's network name, under the one name rule ({@link NetworkName}). */
    private static String network(String name) {
        String problem = NetworkName.problem(name);
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        return name;
    }

    private static int horizon(int steps) {
        if (steps < 0 || steps > MAX_HORIZON_STEPS) {
            throw new RequestException("horizon_steps", "horizon_steps must be between 1 and " + MAX_HORIZON_STEPS
                    + " (0 means 1), got " + steps);
        }
        return steps == 0 ? 1 : steps;
    }

    private static List<Double> quantiles(List<Double> requested) {
        if (requested.isEmpty()) {
            return DEFAULT_QUANTILES;
        }
        if (requested.size() > MAX_QUANTILES) {
            throw new RequestException("quantiles", "at most " + MAX_QUANTILES + " quantiles per request, got "
                    + requested.size());
        }
        for (int i = 0; i < requested.size(); i++) {
            double q = requested.get(i);
            if (!(q > 0 && q < 1)) {
                throw new RequestException("quantiles", "quantiles[" + i + "] = " + q
                        + " is outside (0, 1); use e.g. 0.5 for the median and 0.9 for the 90th percentile");
            }
        }
        return List.copyOf(requested);
    }
}
