package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.forecast.v1.BacktestRequest;
import io.twinloop.proto.forecast.v1.BacktestResponse;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.HorizonMetrics;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ListModelsResponse;
import io.twinloop.proto.forecast.v1.MethodMetrics;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import io.twinloop.proto.forecast.v1.TrainOptions;
import io.twinloop.proto.forecast.v1.TrainProgress;
import io.twinloop.proto.forecast.v1.TrainRequest;
import io.twinloop.proto.forecast.v1.TrainResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Traffic forecasting: train a model, forecast, backtest against the baselines, list the registry.
 *
 * <p>Size: over 300 lines because it holds the {@code forecast} command's subcommands (train,
 * predict, backtest, models) and their shared output formatting, as picocli nests them.
 */
@Command(name = "forecast", description = "Train traffic forecasters, forecast the next traffic matrices, backtest.",
        subcommands = {ForecastCommand.Train.class, ForecastCommand.Predict.class, ForecastCommand.Backtest.class,
                ForecastCommand.Models.class})
public final class ForecastCommand implements Callable<Integer> {

    /** Training and backtests wait at least this long, whatever --timeout says. */
    static final long LONG_CALL_SECONDS = 3600;

    @Override
    public Integer call() {
        throw new CliException("use one of: forecast train, forecast predict, forecast backtest, forecast models");
    }

    static ForecastServiceGrpc.ForecastServiceBlockingStub stub(Endpoints e, long seconds) {
        return ForecastServiceGrpc.newBlockingStub(e.channel(e.services().get("forecast-service")))
                .withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    static ByteString readCsv(Path file) {
        if (file == null) {
            return ByteString.EMPTY;
        }
        try {
            return ByteString.copyFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static TrainOptions options(Integer epochs, Integer context, Integer horizon, Long seed) {
        TrainOptions.Builder o = TrainOptions.newBuilder();
        if (epochs != null) {
            o.setEpochs(epochs);
        }
        if (context != null) {
            o.setContextSteps(context);
        }
        if (horizon != null) {
            o.setHorizonSteps(horizon);
        }
        if (seed != null) {
            o.setSeed(seed);
        }
        return o.build();
    }

    /** {@code forecast train NETWORK}: trains on the twin's history (or a CSV) with a progress bar. */
    @Command(name = "train", description = "Train the network's neural forecaster on the twin's traffic history "
            + "(or on --csv FILE) and store it in the model registry as a new version.")
    public static final class Train implements Callable<Integer> {
        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", description = "network name")
        String network;

        @Option(names = "--csv", description = "train on this traffic CSV instead of the twin's history")
        Path csv;

        @Option(names = "--name", description = "model name (default: the network name)")
        String name;

        @Option(names = "--epochs", description = "maximum epochs (default: the service's)")
        Integer epochs;

        @Option(names = "--context", description = "history steps the model sees (default: the service's)")
        Integer context;

        @Option(names = "--horizon", description = "steps the model forecasts (default: the service's, 12)")
        Integer horizon;

        @Option(names = "--train-end-row", description = "train only on rows before this 0-based row")
        Integer trainEndRow;

        @Option(names = "--seed", description = "random seed")
        Long seed;

        @Option(names = "--json", description = "print the trained model as JSON")
        boolean json;

        @Override
        public Integer call() {
            TrainOptions.Builder o = options(epochs, context, horizon, seed).toBuilder();
            if (trainEndRow != null) {
                o.setTrainEndRow(trainEndRow);
            }
            TrainRequest req = TrainRequest.newBuilder().setNetwork(network).setOptions(o)
                    .setModelName(name == null ? "" : name).setTrafficCsv(readCsv(csv)).build();
            try (Endpoints ignored = endpoints) {
                Iterator<TrainResponse> it = stub(endpoints, Math.max(LONG_CALL_SECONDS, endpoints.timeoutSeconds()))
                        .train(req);
                boolean tty = System.console() != null && !json;
                ModelInfo model = null;
                while (it.hasNext()) {
                    TrainProgress p = it.next().getProgress();
                    if (!json) {
                        String line = progressLine(p);
                        if (tty) {
                            System.err.print("\r" + line);
                        } else if (p.getEpoch() > 0) {
                            System.err.println(line);
                        }
                    }
                    if (p.getDone()) {
                        model = p.getModel();
                    }
                }
                if (tty) {
                    System.err.println();
                }
                if (model == null) {
                    throw new CliException("the training stream ended without a model");
                }
                if (json) {
                    System.out.println(Output.json(model));
                } else {
                    printModel(model);
                }
                return 0;
            }
        }
    }

    /** A progress bar: epoch, losses, elapsed time. */
    static String progressLine(TrainProgress p) {
        int width = 30;
        int filled = p.getEpochs() <= 0 ? 0 : (int) Math.min(width, (long) width * p.getEpoch() / p.getEpochs());
        return String.format(Locale.ROOT, "[%s%s] epoch %d/%d  loss %.5f  validation %.5f  %.1f s",
                "#".repeat(filled), " ".repeat(width - filled), p.getEpoch(), p.getEpochs(), p.getLoss(),
                p.getValidationLoss(), p.getElapsedSeconds());
    }

    static void printModel(ModelInfo m) {
        System.out.printf(Locale.ROOT, "model %s v%d for %s: %s, %d parameters, %d OD pairs, context %d, horizon %d, quantiles %s%n",
                m.getName(), m.getVersion(), m.getNetwork(), m.getArchitecture(), m.getParameters(), m.getOdPairs(),
                m.getContextSteps(), m.getHorizonSteps(), m.getQuantilesList());
        System.out.printf(Locale.ROOT, "trained on %d rows (%s .. %s, from %s), step %d s; train loss %.5f, validation loss %.5f%n",
                m.getTrainRows(), m.getDataFrom(), m.getDataTo(), m.getDataSource(), m.getStepSeconds(),
                m.getTrainLoss(), m.getValidationLoss());
        if (m.getFeaturesCount() > 0) {
            System.out.println("features: " + String.join(", ", m.getFeaturesList()));
        }
        if (m.getValidationCount() > 0) {
            StringBuilder sb = new StringBuilder("validation 1-step NMAE:");
            for (MethodMetrics v : m.getValidationList()) {
                sb.append(String.format(Locale.ROOT, "  %s %.4f", v.getMethod(), v.getHorizons(0).getNmae()));
            }
            System.out.println(sb);
        }
        System.out.println(m.getBeatenBy().isEmpty() ? "serves this network's forecasts by default"
                : "does NOT serve by default: " + m.getBeatenBy() + " did better on the validation rows "
                + "(ask for it with --model " + m.getName() + ")");
    }

    /** {@code forecast predict NETWORK --horizon H}: the next H traffic matrices. */
    @Command(name = "predict", description = "Forecast the next traffic matrices (p50 and p90 per OD pair).")
    public static final class Predict implements Callable<Integer> {
        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", description = "network name")
        String network;

        @Option(names = "--horizon", description = "steps to forecast (default ${DEFAULT-VALUE})", defaultValue = "1")
        int horizon;

        @Option(names = "--model", description = "model name, or last-value, seasonal-naive, ewma (default: the newest model, else a baseline)")
        String model;

        @Option(names = "--at", description = "forecast from the history ending at this 0-based row (default: the latest)")
        Integer at;

        @Option(names = "--top", description = "OD pairs to show, largest p50 first (default ${DEFAULT-VALUE}; 0 = all)",
                defaultValue = "10")
        int top;

        @Option(names = "--json", description = "print the forecast as JSON")
        boolean json;

        @Override
        public Integer call() {
            if (horizon < 1) {
                throw new CliException("--horizon must be >= 1");
            }
            ForecastRequest.Builder req = ForecastRequest.newBuilder().setNetwork(network).setHorizonSteps(horizon)
                    .addQuantiles(0.5).addQuantiles(0.9).setModel(model == null ? "" : model);
            if (at != null) {
                req.setHistoryEndRow(at);
            }
            try (Endpoints ignored = endpoints) {
                ForecastResponse r = stub(endpoints, endpoints.timeoutSeconds()).forecast(req.build());
                if (json) {
                    System.out.println(Output.json(r));
                    return 0;
                }
                System.out.printf("network %s: %s%s, history up to row %d (%s), step %d s%n", r.getNetwork(), r.getMethod(),
                        r.getModel().isEmpty() ? "" : " (model " + r.getModel() + " v" + r.getModelVersion() + ")",
                        r.getHistoryEndRow(), r.getHistoryEndTime(), r.getStepSeconds());
                if (!r.getFallbackReason().isEmpty()) {
                    System.out.println("fallback: " + r.getFallbackReason());
                }
                String estimated = estimatedNote(r);
                if (!estimated.isEmpty()) {
                    System.out.println(estimated);
                }
                for (ForecastStep s : r.getStepsList()) {
                    double[] p50 = values(s, 0.5);
                    double[] p90 = values(s, 0.9);
                    double total50 = 0;
                    double total90 = 0;
                    for (int i = 0; i < p50.length; i++) {
                        total50 += p50[i];
                        total90 += p90[i];
                    }
                    System.out.printf("%nstep %d (%s): total p50 %s, p90 %s%n", s.getStep(), s.getTime(),
                            Output.rate(total50), Output.rate(total90));
                    Integer[] order = new Integer[p50.length];
                    for (int i = 0; i < order.length; i++) {
                        order[i] = i;
                    }
                    java.util.Arrays.sort(order, (a, b) -> Double.compare(p50[b], p50[a]));
                    int n = top == 0 ? order.length : Math.min(top, order.length);
                    for (int k = 0; k < n; k++) {
                        int i = order[k];
                        System.out.printf("  %-32s p50 %12s   p90 %12s%n", r.getOdPairs(i).getSrc() + "->" + r.getOdPairs(i).getDst(),
                                Output.rate(p50[i]), Output.rate(p90[i]));
                    }
                }
                return 0;
            }
        }

        /**
         * "note: 3 of 192 history samples were estimated from link counters (worst fit 3.1%)" when the forecast
         * read estimated samples, else empty.
         */
        static String estimatedNote(ForecastResponse r) {
            int n = r.getHistoryEstimatedSamples();
            if (n == 0) {
                return "";
            }
            String fit = Double.isFinite(r.getHistoryMaxFitError())
                    ? "worst fit " + RoundTable.percent(r.getHistoryMaxFitError())
                    : "worst: no fit, every counter read 0";
            return "note: " + n + " of " + r.getHistorySamples() + " history sample" + (r.getHistorySamples() == 1 ? "" : "s")
                    + (n == 1 ? " was" : " were") + " estimated from link counters (" + fit + ")";
        }

        private static double[] values(ForecastStep s, double q) {
            for (QuantileSeries qs : s.getQuantilesList()) {
                if (Math.abs(qs.getQuantile() - q) < 1e-12) {
                    double[] out = new double[qs.getRateBpsCount()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = qs.getRateBps(i);
                    }
                    return out;
                }
            }
            throw new CliException("the forecast has no quantile " + q);
        }
    }

    /** {@code forecast backtest NETWORK --split TIME --horizon H}: chronological split, model vs baselines. */
    @Command(name = "backtest", description = "Backtest: train a model on the rows before the split, forecast every "
            + "test interval, and compare it with the baselines (MAE, RMSE, NMAE per horizon step).")
    public static final class Backtest implements Callable<Integer> {
        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", description = "network name")
        String network;

        @Option(names = "--split", description = "first test time (ISO-8601 or yyyyMMdd-HHmm; default: the last 20%% of rows)")
        String split;

        @Option(names = "--split-row", description = "first test row, 0-based (instead of --split)")
        Integer splitRow;

        @Option(names = "--horizon", description = "horizon steps evaluated (default ${DEFAULT-VALUE})", defaultValue = "1")
        int horizon;

        @Option(names = "--methods", split = ",", description = "model, last-value, seasonal-naive, ewma (default: all)")
        List<String> methods = List.of();

        @Option(names = "--predictions-out", description = "write the model's test predictions at step H to this CSV "
                + "(time of the predicted interval, then SRC->DST in Mbit/s)")
        Path predictionsOut;

        @Option(names = "--predictions-method", description = "whose predictions --predictions-out writes (default ${DEFAULT-VALUE})",
                defaultValue = "model")
        String predictionsMethod;

        @Option(names = "--csv", description = "backtest this traffic CSV instead of the twin's history")
        Path csv;

        @Option(names = "--epochs", description = "maximum epochs of the model (default: the service's)")
        Integer epochs;

        @Option(names = "--seed", description = "random seed of the model")
        Long seed;

        @Option(names = "--json", description = "print the metrics as JSON")
        boolean json;

        @Override
        public Integer call() {
            if (horizon < 1) {
                throw new CliException("--horizon must be >= 1");
            }
            if (split != null && splitRow != null) {
                throw new CliException("give --split or --split-row, not both");
            }
            BacktestRequest.Builder req = BacktestRequest.newBuilder().setNetwork(network).setHorizonSteps(horizon)
                    .addAllMethods(methods).setTrafficCsv(readCsv(csv)).setTrainOptions(options(epochs, null, null, seed));
            if (split != null) {
                req.setSplitTime(split);
            } else if (splitRow != null) {
                req.setSplitRow(splitRow);
            }
            if (predictionsOut != null) {
                req.setPredictionsMethod(predictionsMethod).setPredictionsStep(horizon);
            }
            try (Endpoints ignored = endpoints) {
                BacktestResponse r = stub(endpoints, Math.max(LONG_CALL_SECONDS, endpoints.timeoutSeconds()))
                        .backtest(req.build());
                if (predictionsOut != null) {
                    try {
                        Files.write(predictionsOut, r.getPredictionsCsv().toByteArray());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (json) {
                    System.out.println(Output.json(r.toBuilder().clearPredictionsCsv().build()));
                    return 0;
                }
                System.out.printf(Locale.ROOT, "network %s: test from row %d, %d origins, training maximum %s%n",
                        r.getNetwork(), r.getSplitRow(), r.getTestOrigins(), Output.rate(r.getTrainMaxBps()));
                if (r.hasModel()) {
                    System.out.printf(Locale.ROOT, "model: %s, %d parameters, trained on %d rows (%s .. %s)%n",
                            r.getModel().getArchitecture(), r.getModel().getParameters(), r.getModel().getTrainRows(),
                            r.getModel().getDataFrom(), r.getModel().getDataTo());
                }
                System.out.printf("%n%-16s %5s %14s %14s %8s %10s %8s%n", "METHOD", "STEP", "MAE", "RMSE", "NMAE",
                        "NORM.MAE", "P90 COV");
                for (MethodMetrics m : r.getMethodsList()) {
                    for (HorizonMetrics h : m.getHorizonsList()) {
                        System.out.printf(Locale.ROOT, "%-16s %5d %14s %14s %8.4f %10.5f %8s%n", m.getMethod(), h.getStep(),
                                Output.rate(h.getMaeBps()), Output.rate(h.getRmseBps()), h.getNmae(), h.getNormalizedMae(),
                                Double.isNaN(h.getP90Coverage()) ? "-" : Output.percent(h.getP90Coverage()));
                    }
                }
                if (predictionsOut != null) {
                    System.out.printf("%npredictions of %s at step %d written to %s%n", predictionsMethod, horizon, predictionsOut);
                }
                return 0;
            }
        }
    }

    /** {@code forecast models [NETWORK]}: the model registry. */
    @Command(name = "models", description = "List the trained models (newest version of each; --all for every version).")
    public static final class Models implements Callable<Integer> {
        @Mixin
        Endpoints endpoints;

        @Parameters(index = "0", arity = "0..1", description = "network name (default: all)")
        String network;

        @Option(names = "--all", description = "every version")
        boolean all;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            try (Endpoints ignored = endpoints) {
                ListModelsResponse r = stub(endpoints, endpoints.timeoutSeconds()).listModels(ListModelsRequest.newBuilder()
                        .setNetwork(network == null ? "" : network).setAllVersions(all).build());
                if (json) {
                    System.out.println(Output.json(r));
                    return 0;
                }
                if (r.getModelsCount() == 0) {
                    System.out.println("no trained models" + (network == null ? "" : " for " + network)
                            + "; forecasts use the baselines (train one with: twinloop forecast train NETWORK)");
                    return 0;
                }
                System.out.printf("%-20s %4s %-16s %-6s %10s %7s %-34s %10s%n", "NAME", "VER", "NETWORK", "ARCH", "PARAMS",
                        "ROWS", "DATA", "VAL LOSS");
                for (ModelInfo m : r.getModelsList()) {
                    System.out.printf(Locale.ROOT, "%-20s %4d %-16s %-6s %10d %7d %-34s %10.5f%n", m.getName(), m.getVersion(),
                            m.getNetwork(), m.getArchitecture(), m.getParameters(), m.getTrainRows(),
                            m.getDataFrom() + " .. " + m.getDataTo(), m.getValidationLoss());
                }
                return 0;
            }
        }
    }
}
