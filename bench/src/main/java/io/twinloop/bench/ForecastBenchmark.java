package io.twinloop.bench;

import io.twinloop.model.TimeLabels;
import io.twinloop.forecast.backtest.BacktestReport;
import io.twinloop.forecast.backtest.Backtester;
import io.twinloop.forecast.backtest.BaselineMethods;
import io.twinloop.forecast.backtest.ForecastMethod;
import io.twinloop.forecast.backtest.NeuralMethod;
import io.twinloop.forecast.neural.ModelMetadata;
import io.twinloop.forecast.neural.NeuralForecaster;
import io.twinloop.forecast.neural.TrainConfig;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Forecast accuracy on the real backbone series of the shared data set: trains the
 * {@link NeuralForecaster} on the training part of each series and backtests it against the
 * baselines (last value, seasonal naive, EWMA) on the test part, per horizon.
 *
 * <p>Splits (chronological; nothing of the test part is used for training or for choosing
 * hyper-parameters): Abilene, 2,016 five-minute rows, trains on the first 5 days (1,440 rows) and tests
 * on the last 2; GEANT (SNDlib), 228 fifteen-minute rows, trains on the first two thirds (152 rows) and
 * tests on the rest.
 *
 * <p>Prints, per series, a table method x horizon with MAE and RMSE (Mbit/s), NMAE
 * ({@code sum|err| / sum|truth|}), MAE normalised by the training maximum and p90 coverage, plus the
 * model's training time, epochs, parameter count and the time of one batched forecast (all OD pairs,
 * 12 steps), and the 1-step NMAE improvement of the model over seasonal naive and last value.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.twinloop.bench.ForecastBenchmark [abilene|geant ...]
 * [--epochs N] [--context C] [--hidden 128,128] [--lr X] [--batch B] [--cycles N] [--days N]
 * [--seed S] [--weight-decay X] [--validation-fraction X] [--no-cycles] [--volume-weights]
 * [--validation-only] [--csv-dir DIR]}. {@code --validation-only}
 * scores on the validation part of the training rows instead of the test part (for choosing
 * hyper-parameters without looking at the test rows); {@code --csv-dir} writes the 1-step predictions
 * of every method as traffic CSVs. Needs {@code -Dai.djl.offline=true} and env
 * {@code OPT_OUT_TRACKING=true} (the script sets them).
 */
public final class ForecastBenchmark {
    private static final int HORIZON = 12;
    private static final int[] SHOWN = {1, 3, 6, 12};

    /** A benchmark series and its split. */
    enum Workload {
        ABILENE("abilene", "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv", 300,
                "train on the first 5 days, test on the last 2") {
            @Override
            int split(int rows) {
                return 5 * 288;
            }
        },
        GEANT("geant", "traffic/geant/geant_sndlib_15min_20050504-20050506.csv", 900,
                "train on the first 2/3 of the rows, test on the last 1/3") {
            @Override
            int split(int rows) {
                return rows * 2 / 3;
            }
        };

        final String id;
        final String file;
        final int stepSeconds;
        final String splitRule;

        Workload(String id, String file, int stepSeconds, String splitRule) {
            this.id = id;
            this.file = file;
            this.stepSeconds = stepSeconds;
            this.splitRule = splitRule;
        }

        abstract int split(int rows);

        static Workload of(String id) {
            return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown series '" + id + "'; use abilene or geant"));
        }
    }

    private ForecastBenchmark() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        TrainConfig cfg = TrainConfig.defaults();
        List<Workload> workloads = new ArrayList<>();
        boolean validationOnly = false;
        Path csvDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> cfg = cfg.withEpochs(Integer.parseInt(args[++i]));
                case "--context" -> cfg = cfg.withContext(Integer.parseInt(args[++i]));
                case "--hidden" -> cfg = cfg.withHiddenUnits(Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::valueOf).toList());
                case "--lr" -> cfg = cfg.withLearningRate(Double.parseDouble(args[++i]));
                case "--batch" -> cfg = cfg.withBatchSize(Integer.parseInt(args[++i]));
                case "--cycles" -> cfg = cfg.withCycles(cfg.cyclePeriodSeconds(), Integer.parseInt(args[++i]));
                case "--no-cycles" -> cfg = cfg.withCycles(0, 1);
                case "--days" -> cfg = cfg.withDays(Integer.parseInt(args[++i]));
                case "--seed" -> cfg = cfg.withSeed(Long.parseLong(args[++i]));
                case "--weight-decay" -> cfg = cfg.withWeightDecay(Double.parseDouble(args[++i]));
                case "--validation-fraction" -> cfg = cfg.withValidationFraction(Double.parseDouble(args[++i]));
                case "--equal-weights" -> cfg = cfg.withVolumeWeighted(false);
                case "--volume-weights" -> cfg = cfg.withVolumeWeighted(true);
                case "--validation-only" -> validationOnly = true;
                case "--csv-dir" -> csvDir = Path.of(args[++i]);
                default -> workloads.add(Workload.of(args[i]));
            }
        }
        if (workloads.isEmpty()) {
            workloads.addAll(List.of(Workload.values()));
        }
        Path data = SharedDataDir.resolve();
        System.out.println("shared data: " + data);
        System.out.println("config:      " + cfg);
        System.out.println("scored on:   " + (validationOnly
                ? "the VALIDATION part of the training rows (no test row is read)"
                : "the TEST part (after the split)"));
        System.out.println();
        for (Workload w : workloads) {
            run(w, data, cfg, validationOnly, csvDir);
        }
    }


    private static void run(Workload w, Path data, TrainConfig cfg, boolean validationOnly, Path csvDir)
            throws Exception {
        TrafficSeries series = TrafficCsvImporter.read(data.resolve(w.file));
        int split = w.split(series.size());
        long step = TimeLabels.parse(series.samples().get(1).time()).orElseThrow().getEpochSecond()
                - TimeLabels.parse(series.samples().get(0).time()).orElseThrow().getEpochSecond();
        if (step != w.stepSeconds) {
            throw new IllegalStateException(w.id + ": expected a step of " + w.stepSeconds + " s, the labels say " + step);
        }
        long missing = series.samples().stream().filter(s -> s.missing()).count();
        System.out.printf(Locale.ROOT, "== %s: %d rows x %d OD pairs, step %d s, %d missing rows; %s%n", w.id,
                series.size(), series.pairs().size(), w.stepSeconds, missing, w.splitRule);
        System.out.printf(Locale.ROOT, "   train rows 0..%d (%s .. %s), test rows %d..%d (%s .. %s)%n", split - 1,
                series.samples().get(0).time(), series.samples().get(split - 1).time(), split, series.size() - 1,
                series.samples().get(split).time(), series.samples().get(series.size() - 1).time());

        NeuralForecaster model = NeuralForecaster.train(series, split, w.stepSeconds, cfg,
                (epoch, epochs, trainLoss, valLoss, secs) -> System.out.printf(Locale.ROOT,
                        "   epoch %2d/%d  train loss %.5f  validation loss %.5f  %.1f s%n", epoch, epochs, trainLoss,
                        valLoss, secs));
        try (model) {
            ModelMetadata md = model.metadata();
            TrafficSeries scored = series;
            int scoreFrom = split;
            if (validationOnly) {
                scored = new TrafficSeries(series.pairs(), series.samples().subList(0, split));
                scoreFrom = md.validationFromRow();
            }
            List<ForecastMethod> methods = new ArrayList<>();
            methods.add(new NeuralMethod("mlp", model, scored));
            methods.addAll(BaselineMethods.all(scored, validationOnly ? scoreFrom : split, w.stepSeconds, HORIZON));

            long t0 = System.nanoTime();
            Backtester bt = new Backtester(scored, scoreFrom, HORIZON);
            BacktestReport report = bt.run(methods);
            double backtestSeconds = (System.nanoTime() - t0) / 1e9;

            double[] inference = inferenceMillis(model, scored, scored.size() - 1);
            System.out.printf(Locale.ROOT, "   model: %s, %d parameters, %d features%n", md.architecture(),
                    md.parameterCount(), md.features().size());
            System.out.printf(Locale.ROOT, "   training: %.1f s, %d epochs run, epoch %d kept (validation loss %.5f, "
                            + "validation targets from row %d)%n", md.trainingSeconds(), md.epochsRun(), md.bestEpoch(),
                    md.validationLoss(), md.validationFromRow());
            System.out.printf(Locale.ROOT, "   inference: one batched forecast (%d pairs x %d steps) median %.3f ms, "
                    + "mean %.3f ms over 200 calls; backtest of %d origins x %d methods %.1f s%n",
                    scored.pairs().size(), HORIZON, inference[0], inference[1], report.origins(), methods.size(),
                    backtestSeconds);
            System.out.printf(Locale.ROOT, "   scored rows %d..%d (%s), training max %.1f Mbit/s%n", scoreFrom,
                    scored.size() - 1, validationOnly ? "validation" : "test", report.trainMaxBps() / 1e6);
            System.out.println();
            System.out.printf(Locale.ROOT, "   %-22s %3s %8s %12s %12s %8s %9s %7s%n", "method", "h", "n", "MAE Mbit/s",
                    "RMSE Mbit/s", "NMAE", "normMAE", "p90cov");
            for (BacktestReport.MethodResult m : report.methods()) {
                for (int h : SHOWN) {
                    BacktestReport.HorizonMetrics hm = m.at(h);
                    System.out.printf(Locale.ROOT, "   %-22s %3d %8d %12.3f %12.3f %8.4f %9.6f %7s%n", m.name(), h,
                            hm.count(), hm.maeBps() / 1e6, hm.rmseBps() / 1e6, hm.nmae(), hm.normalisedMae(),
                            Double.isNaN(hm.p90Coverage()) ? "-" : String.format(Locale.ROOT, "%.3f", hm.p90Coverage()));
                }
            }
            double mlp = report.method("mlp").at(1).nmae();
            double last = report.methods().stream().filter(m -> m.name().equals("last-value")).findFirst()
                    .orElseThrow().at(1).nmae();
            BacktestReport.MethodResult seasonalResult = report.methods().stream()
                    .filter(m -> m.name().startsWith("seasonal-naive")).findFirst().orElse(null);
            System.out.println();
            System.out.printf(Locale.ROOT, "   1-step NMAE: mlp %.4f; vs last-value %.4f: %+.1f %%", mlp, last,
                    100 * (mlp / last - 1));
            boolean metLast = mlp <= 0.8 * last;
            boolean metSeasonal = false;
            if (seasonalResult != null) {
                double seasonal = seasonalResult.at(1).nmae();
                metSeasonal = mlp <= 0.8 * seasonal;
                System.out.printf(Locale.ROOT, "; vs %s %.4f: %+.1f %%", seasonalResult.name(), seasonal,
                        100 * (mlp / seasonal - 1));
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "   target (>= 20 %% lower 1-step NMAE): vs seasonal naive %s, vs last value %s%n%n",
                    metSeasonal ? "MET" : "NOT MET", metLast ? "MET" : "NOT MET");
            if (csvDir != null) {
                Files.createDirectories(csvDir);
                for (ForecastMethod m : methods) {
                    Path file = csvDir.resolve(w.id + "-" + m.name().replaceAll("[^A-Za-z0-9.=-]", "_") + "-h1.csv");
                    bt.writePredictionsCsv(m, 1, file);
                    System.out.println("   wrote " + file);
                }
                System.out.println();
            }
        }
    }

    /** Median and mean wall time, ms, of one batched forecast after a warm-up. */
    private static double[] inferenceMillis(NeuralForecaster model, TrafficSeries series, int origin) {
        for (int i = 0; i < 30; i++) {
            model.predict(series, origin, HORIZON);
        }
        double[] ms = new double[200];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            model.predict(series, origin, HORIZON);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        Arrays.sort(ms);
        return new double[] {ms[ms.length / 2], mean};
    }
}
