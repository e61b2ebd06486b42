package io.twinloop.forecast.grpc;

import com.google.protobuf.ByteString;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.service.ForecastModels;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.proto.forecast.v1.BacktestRequest;
import io.twinloop.proto.forecast.v1.BacktestResponse;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.GetModelRequest;
import io.twinloop.proto.forecast.v1.HorizonMetrics;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.MethodMetrics;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.TrainProgress;
import io.twinloop.proto.forecast.v1.TrainRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training, the model registry (versions, hot reload), model-served forecasts, backtests and
 * per-network health, through real gRPC stubs over {@link FakeTwin}'s {@code trainable} series
 * (72 hourly rows of 3 OD pairs, row 50 missing).
 */
@QuarkusTest
class ForecastTrainingGrpcTest {
    static final String NET = "trainable";

    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;

    @GrpcClient("health")
    Channel healthChannel;

    @ConfigProperty(name = "twinloop.data-dir")
    String dataDir;

    private ForecastServiceGrpc.ForecastServiceBlockingStub stub() {
        return forecast.withDeadlineAfter(300, TimeUnit.SECONDS);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path registry() {
        return Path.of(dataDir, "forecast", "models");
    }

    /** Trains and checks the progress stream: epoch 0 first, then 1, 2, ... with losses, then one done message. */
    private ModelInfo train(TrainRequest req) {
        List<TrainProgress> ps = new ArrayList<>();
        stub().train(req).forEachRemaining(r -> ps.add(r.getProgress()));
        assertTrue(ps.size() >= 3, "start, at least one epoch, done: " + ps);
        assertEquals(0, ps.get(0).getEpoch());
        double elapsed = 0;
        for (int i = 1; i < ps.size() - 1; i++) {
            TrainProgress p = ps.get(i);
            assertEquals(i, p.getEpoch());
            assertEquals(req.getOptions().getEpochs(), p.getEpochs());
            assertTrue(p.getLoss() > 0 && Double.isFinite(p.getLoss()), "loss " + p.getLoss());
            assertTrue(p.getElapsedSeconds() >= elapsed);
            elapsed = p.getElapsedSeconds();
            assertFalse(p.getDone());
        }
        TrainProgress last = ps.get(ps.size() - 1);
        assertTrue(last.getDone());
        return last.getModel();
    }

    private static TrainRequest request(String network, String name, int epochs) {
        return TrainRequest.newBuilder().setNetwork(network).setModelName(name)
                .setOptions(TrainOptions.newBuilder().setEpochs(epochs).setSeed(7)).build();
    }

    /** The trainable series as the twin serves it: pairs sorted by (src, dst), row 50 missing. */
    static TrafficSeries series() {
        List<OdPair> pairs = List.of(new OdPair("R1", "R2"), new OdPair("R1", "R3"), new OdPair("R2", "R1"));
        List<TrafficSample> rows = new ArrayList<>();
        for (int r = 0; r < FakeTwin.METRO_ROWS; r++) {
            if (r == FakeTwin.MISSING_ROW) {
                rows.add(new TrafficSample(FakeTwin.time(r), true, new double[3]));
            } else {
                double[] v = new double[3];
                for (int c = 0; c < 3; c++) {
                    v[c] = ForecastGrpcServiceTest.actual(r, c);
                }
                rows.add(new TrafficSample(FakeTwin.time(r), false, v));
            }
        }
        return new TrafficSeries(pairs, rows);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private ServingStatus health(String network) {
        try {
            return HealthGrpc.newBlockingStub(healthChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(ForecastModels.HEALTH_PREFIX + network).build())
                    .getStatus();
        } catch (StatusRuntimeException e) {
            return ServingStatus.UNKNOWN;
        }
    }

    @Test
    void trainingAddsVersionsAndTheNewestModelServesWhatTheSavedModelPredicts() throws Exception {
        String name = unique("tr");
        ModelInfo m1 = train(request(NET, name, 3));
        assertEquals(name, m1.getName());
        assertEquals(1, m1.getVersion());
        assertEquals(NET, m1.getNetwork());
        assertTrue(m1.getArchitecture().startsWith("mlp"), m1.getArchitecture());
        assertEquals(3, m1.getOdPairs());
        assertEquals(3600, m1.getStepSeconds());
        assertEquals(72, m1.getTrainRows());
        assertEquals("twin", m1.getDataSource());
        assertEquals(FakeTwin.time(0), m1.getDataFrom());
        assertEquals(FakeTwin.time(71), m1.getDataTo());
        assertEquals(List.of(0.5, 0.9), m1.getQuantilesList());
        assertTrue(m1.getParameters() > 0 && m1.getFeaturesCount() > 0);
        Path v1 = registry().resolve(name).resolve("v1");
        for (String f : List.of("model.json", "model.params", "registry.json")) {
            assertTrue(Files.isRegularFile(v1.resolve(f)), v1.resolve(f) + " is written");
        }

        // validation NMAE of the model and the baselines on the held-out end of the training rows
        List<String> validated = m1.getValidationList().stream().map(MethodMetrics::getMethod).toList();
        assertEquals("model", validated.get(0));
        assertTrue(validated.contains("last-value") && validated.contains("ewma"), validated.toString());
        for (MethodMetrics v : m1.getValidationList()) {
            assertEquals(12, v.getHorizonsCount(), v.getMethod());
            assertTrue(v.getHorizons(0).getNmae() > 0 && v.getHorizons(0).getNmae() < 2, v.toString());
        }
        double own = m1.getValidation(0).getHorizons(0).getNmae();
        double bestBaseline = m1.getValidationList().stream().skip(1).mapToDouble(v -> v.getHorizons(0).getNmae()).min()
                .orElseThrow();
        assertEquals(own > bestBaseline, !m1.getBeatenBy().isEmpty(), m1.getBeatenBy());
        ForecastResponse byDefault = stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).build());
        assertEquals(m1.getBeatenBy().isEmpty() ? name : "", byDefault.getModel(),
                "the newest model serves by default unless a baseline beat it: " + byDefault.getFallbackReason());

        // asked for by name, the model serves; its numbers are the saved model's on the same history
        ForecastResponse r = stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel(name)
                .setHorizonSteps(3).build());
        assertEquals(name, r.getModel());
        assertEquals(1, r.getModelVersion());
        assertEquals(m1.getArchitecture(), r.getMethod());
        assertEquals("", r.getFallbackReason());
        // the model's features read at least its context, which holds the two estimated rows at the end
        assertEquals(FakeTwin.TRAINABLE_ESTIMATED_FITS.size(), r.getHistoryEstimatedSamples());
        assertEquals(0.05, r.getHistoryMaxFitError());
        assertTrue(r.getHistorySamples() >= m1.getContextSteps() && r.getHistorySamples() <= 72, r.toString());
        try (NeuralForecaster saved = NeuralForecaster.load(v1)) {
            assertEquals(72 - saved.firstRowRead(71), r.getHistorySamples());
        }
        assertEquals(List.of("R1->R2", "R1->R3", "R2->R1"),
                r.getOdPairsList().stream().map(p -> p.getSrc() + "->" + p.getDst()).toList());
        double[][][] expected;
        try (NeuralForecaster saved = NeuralForecaster.load(v1)) {
            expected = saved.predict(series(), 71, 3);
        }
        for (int h = 0; h < 3; h++) {
            assertEquals(FakeTwin.time(72 + h), r.getSteps(h).getTime());
            List<QuantileSeries> qs = r.getSteps(h).getQuantilesList();
            assertEquals(List.of(0.5, 0.9), qs.stream().map(QuantileSeries::getQuantile).toList());
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[h][0][c], qs.get(0).getRateBps(c), 1e-6 * Math.abs(expected[h][0][c]));
                assertEquals(expected[h][1][c], qs.get(1).getRateBps(c), 1e-6 * Math.abs(expected[h][1][c]));
                assertTrue(qs.get(1).getRateBps(c) >= qs.get(0).getRateBps(c) && qs.get(0).getRateBps(c) >= 0);
            }
        }

        // a second training adds version 2, which now serves; version 1 stays listed and readable
        ModelInfo m2 = train(request(NET, name, 2));
        assertEquals(2, m2.getVersion());
        assertEquals(2, stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel(name).build())
                .getModelVersion());
        List<ModelInfo> newest = stub().listModels(ListModelsRequest.newBuilder().setNetwork(NET).build()).getModelsList()
                .stream().filter(m -> m.getName().equals(name)).toList();
        assertEquals(List.of(2), newest.stream().map(ModelInfo::getVersion).toList());
        List<Integer> all = stub().listModels(ListModelsRequest.newBuilder().setNetwork(NET).setAllVersions(true).build())
                .getModelsList().stream().filter(m -> m.getName().equals(name)).map(ModelInfo::getVersion).sorted().toList();
        assertEquals(List.of(1, 2), all);
        assertEquals(1, stub().getModel(GetModelRequest.newBuilder().setName(name).setVersion(1).build()).getModel().getVersion());
        assertEquals(2, stub().getModel(GetModelRequest.newBuilder().setName(name).build()).getModel().getVersion());

        // requests the model cannot serve fall back to a baseline and say why; a baseline can be asked for
        ForecastResponse q95 = stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel(name)
                .addQuantiles(0.95).build());
        assertEquals("", q95.getModel());
        assertTrue(q95.getFallbackReason().contains("cannot serve") && q95.getFallbackReason().contains("0.95"),
                q95.getFallbackReason());
        ForecastResponse far = stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel(name)
                .setHorizonSteps(13).build());
        assertTrue(far.getFallbackReason().contains("12 steps"), far.getFallbackReason());
        assertEquals("last-value", stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel("last-value")
                .build()).getMethod());
        assertEquals(2, stub().forecast(ForecastRequest.newBuilder().setNetwork(NET).setModel(name).build())
                .getModelVersion(), "by name: the newest version");

        // the name belongs to the network
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> train(request("metro", name, 1)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(NET), e.getStatus().getDescription());
    }

    @Test
    void modelsCopiedIntoTheRegistryAreLoadedWithoutARestartAndBrokenOnesAreSkipped() throws Exception {
        String name = unique("src");
        train(request(NET, name, 1));
        String copy = unique("copied");
        Path from = registry().resolve(name).resolve("v1");
        Path to = registry().resolve(copy).resolve("v1");
        Files.createDirectories(to);
        for (String f : List.of("model.json", "model.params")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        Files.writeString(to.resolve("registry.json"), Files.readString(from.resolve("registry.json"))
                .replace("\"" + name + "\"", "\"" + copy + "\""));
        // a version whose parameters are garbage: never served
        String broken = unique("broken");
        Path bad = registry().resolve(broken).resolve("v1");
        Files.createDirectories(bad);
        Files.copy(from.resolve("model.json"), bad.resolve("model.json"));
        Files.write(bad.resolve("model.params"), new byte[] {1, 2, 3});
        Files.writeString(bad.resolve("registry.json"), Files.readString(from.resolve("registry.json"))
                .replace("\"" + name + "\"", "\"" + broken + "\""));

        await(() -> exists(copy), copy + " to be loaded");
        assertEquals(NET, stub().getModel(GetModelRequest.newBuilder().setName(copy).build()).getModel().getNetwork());
        Thread.sleep(2500); // two more rescans
        assertFalse(exists(broken), "a model with corrupt parameters must not load");

        try (var walk = Files.walk(registry().resolve(copy))) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        await(() -> !exists(copy), copy + " to be forgotten");
    }

    private boolean exists(String model) {
        try {
            stub().getModel(GetModelRequest.newBuilder().setName(model).build());
            return true;
        } catch (StatusRuntimeException e) {
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
            return false;
        }
    }

    @Test
    void trainingFromACsvNeedsNoTwinHistory() {
        String network = unique("csvnet");
        byte[] csv = TrafficCsvImporter.write(series());
        ModelInfo m = train(TrainRequest.newBuilder().setNetwork(network).setTrafficCsv(ByteString.copyFrom(csv))
                .setOptions(TrainOptions.newBuilder().setEpochs(2).setSeed(3)).build());
        assertEquals(network, m.getName(), "the default name is the network's");
        assertEquals("csv", m.getDataSource());
        assertEquals(72, m.getTrainRows());
        assertEquals(3600, m.getStepSeconds());
    }

    @Test
    void badTrainingRequestsAreRejectedBeforeTraining() {
        assertCode(Status.Code.INVALID_ARGUMENT, request("", "x", 1), "network");
        assertCode(Status.Code.INVALID_ARGUMENT, request(NET, "../evil", 1), "invalid");
        assertCode(Status.Code.INVALID_ARGUMENT, request(NET, "x", 100_000), "epochs");
        assertCode(Status.Code.INVALID_ARGUMENT, TrainRequest.newBuilder().setNetwork(NET)
                .setOptions(TrainOptions.newBuilder().setArchitecture("lstm")).build(), "mlp");
        assertCode(Status.Code.INVALID_ARGUMENT, TrainRequest.newBuilder().setNetwork(NET)
                .setOptions(TrainOptions.newBuilder().setTrainEndRow(500)).build(), "train_end_row");
        assertCode(Status.Code.INVALID_ARGUMENT, TrainRequest.newBuilder().setNetwork(NET)
                .setTrafficCsv(ByteString.copyFromUtf8("time,n_demands_in_file,A->B\nnot,a,number\n")).build(), "CSV");
        assertCode(Status.Code.FAILED_PRECONDITION, request("empty", "e", 1), "no traffic");
        assertCode(Status.Code.FAILED_PRECONDITION, request("short", "s", 1), "short");
        assertCode(Status.Code.NOT_FOUND, request("nowhere", "n", 1), "nowhere");
    }

    private void assertCode(Status.Code code, TrainRequest req, String inMessage) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub().train(req).forEachRemaining(r -> { }));
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().toLowerCase().contains(inMessage.toLowerCase()),
                "'" + inMessage + "' in: " + e.getStatus().getDescription());
    }

    @Test
    void backtestTrainsOnTheRowsBeforeTheSplitAndScoresEveryBaselineLikeAnIndependentComputation() {
        int split = 48;
        BacktestResponse r = stub().backtest(BacktestRequest.newBuilder().setNetwork(NET).setSplitRow(split)
                .setHorizonSteps(2).setPredictionsMethod("last-value").setPredictionsStep(1)
                .setTrainOptions(TrainOptions.newBuilder().setEpochs(2).setSeed(5)).build());
        assertEquals(split, r.getSplitRow());
        assertEquals(split, r.getModel().getTrainRows(), "the model saw the rows before the split only");
        assertEquals(List.of("model", "last-value", "seasonal-naive", "ewma"), r.getMethodsList().stream()
                .map(m -> m.getMethod().replaceAll("\\(.*", "")).toList());
        TrafficSeries s = series();
        double trainMax = 0;
        for (int t = 0; t < split; t++) {
            if (!s.samples().get(t).missing()) {
                for (double v : s.samples().get(t).ratesBps()) {
                    trainMax = Math.max(trainMax, v);
                }
            }
        }
        assertEquals(trainMax, r.getTrainMaxBps(), 1e-6);
        // last value, one step ahead: the last measured row before each measured test row
        double err = 0;
        double truth = 0;
        double sq = 0;
        long n = 0;
        for (int t = split; t < s.size(); t++) {
            if (s.samples().get(t).missing()) {
                continue;
            }
            int prev = t - 1;
            while (s.samples().get(prev).missing()) {
                prev--;
            }
            for (int c = 0; c < 3; c++) {
                double e = s.samples().get(prev).rateBps(c) - s.samples().get(t).rateBps(c);
                err += Math.abs(e);
                sq += e * e;
                truth += Math.abs(s.samples().get(t).rateBps(c));
                n++;
            }
        }
        MethodMetrics lv = r.getMethodsList().stream().filter(m -> m.getMethod().equals("last-value")).findFirst().orElseThrow();
        HorizonMetrics h1 = lv.getHorizons(0);
        assertEquals(1, h1.getStep());
        assertEquals(err / truth, h1.getNmae(), 1e-12);
        assertEquals(err / n, h1.getMaeBps(), 1e-6);
        assertEquals(Math.sqrt(sq / n), h1.getRmseBps(), 1e-6);
        assertEquals(err / n / trainMax, h1.getNormalizedMae(), 1e-12);
        for (MethodMetrics m : r.getMethodsList()) {
            assertEquals(2, m.getHorizonsCount(), m.getMethod());
            assertTrue(m.getHorizons(0).getNmae() > 0 && m.getHorizons(0).getNmae() < 1, m.toString());
        }
        // the predictions file: the import layout, one row per test origin, Mbit/s
        TrafficSeries pred = TrafficCsvImporter.read(r.getPredictionsCsv().toByteArray());
        assertEquals(r.getTestOrigins(), pred.size());
        assertEquals(s.pairs(), pred.pairs());
        assertEquals(FakeTwin.time(split), pred.samples().get(0).time());
        for (int c = 0; c < 3; c++) {
            assertEquals(s.samples().get(split - 1).rateBps(c), pred.samples().get(0).rateBps(c), 1e-3);
        }

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().backtest(BacktestRequest
                .newBuilder().setNetwork(NET).addMethods("prophet").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("last-value"), e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> stub().backtest(BacktestRequest.newBuilder()
                .setNetwork(NET).setSplitRow(71 + 1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> stub().backtest(BacktestRequest.newBuilder()
                .setNetwork(NET).setSplitTime("2030-01-01T00:00:00Z").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(split, stub().backtest(BacktestRequest.newBuilder().setNetwork(NET).setSplitTime("20240303-0000")
                .addMethods("last-value").build()).getSplitRow(), "a time splits at its row");
    }

    @Test
    void healthIsPerNetworkServingWhenAModelOrABaselineCan() throws Exception {
        await(() -> health("metro") == ServingStatus.SERVING, "metro (traffic stored) SERVING");
        await(() -> health("empty") == ServingStatus.NOT_SERVING, "empty (no traffic, no model) NOT_SERVING");
        String network = unique("csvonly");
        train(TrainRequest.newBuilder().setNetwork(network).setTrafficCsv(ByteString.copyFrom(TrafficCsvImporter.write(series())))
                .setOptions(TrainOptions.newBuilder().setEpochs(1)).build());
        assertEquals(ServingStatus.SERVING, health(network), "a network with a model serves even if the twin lacks it");
    }

    @Test
    void aModelThatLostToABaselineOnItsValidationRowsDoesNotServeByDefault() throws Exception {
        String network = "gated";
        String trained = unique("g");
        train(request(network, trained, 1));
        // the same model, registered as if its validation had gone badly for it, and newer
        String loser = unique("loser");
        Path from = registry().resolve(trained).resolve("v1");
        Path to = registry().resolve(loser).resolve("v1");
        Files.createDirectories(to);
        for (String f : List.of("model.json", "model.params")) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        Files.writeString(to.resolve("registry.json"), """
                {"name": "%s", "version": 1, "network": "%s", "dataSource": "twin", "createdUnixMs": %d,
                 "options": {}, "validationNmae": {"model": [0.30, 0.40], "last-value": [0.10, 0.20], "ewma": [0.12, 0.25]}}
                """.formatted(loser, network, System.currentTimeMillis() + 3_600_000L));
        await(() -> exists(loser), loser + " to be loaded");
        ModelInfo info = stub().getModel(GetModelRequest.newBuilder().setName(loser).build()).getModel();
        assertTrue(info.getBeatenBy().startsWith("last-value"), info.getBeatenBy());

        ForecastResponse r = stub().forecast(ForecastRequest.newBuilder().setNetwork(network).build());
        assertEquals("", r.getModel());
        assertEquals("last-value", r.getMethod());
        assertTrue(r.getFallbackReason().contains(loser) && r.getFallbackReason().contains("worse than last-value"),
                r.getFallbackReason());
        assertEquals(loser, stub().forecast(ForecastRequest.newBuilder().setNetwork(network).setModel(loser).build())
                .getModel(), "asked for by name, it serves");
    }
}
