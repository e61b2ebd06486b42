package io.twinloop.forecast.neural;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.twinloop.model.TrafficSeries;

import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop of {@link NeuralForecaster}: builds the samples of the training and validation
 * origins from the normalised series, fits the MLP with Adam (cosine learning-rate decay) on the
 * {@link PinballLoss pinball loss}, and keeps the weights of the epoch with the lowest validation loss
 * (early stopping after {@link TrainConfig#patience()} epochs without improvement). Training is kept
 * apart from inference: nothing here is used by {@link NeuralForecaster#predict}. Callers go through
 * {@link NeuralForecaster#train}, which runs one training at a time.
 */
final class MlpTraining {
    private static final int EVAL_BATCH = 8192;

    private MlpTraining() {
    }

    /** Training or validation samples: features x (n, F), targets y (n, H) and weights w (n, H). */
    private record Samples(int n, float[] x, float[] y, float[] w) {
    }

    /** Trains a model on rows {@code [0, trainEndRowExclusive)}; see {@link NeuralForecaster#train}. */
    static NeuralForecaster train(TrafficSeries series, int trainEndRowExclusive, int stepSeconds,
                                  TrainConfig cfg, TrainListener listener) {
        if (series == null || cfg == null) {
            throw new IllegalArgumentException("series and cfg are required");
        }
        if (trainEndRowExclusive < 2 || trainEndRowExclusive > series.size()) {
            throw new IllegalArgumentException("trainEndRowExclusive must be in 2.." + series.size() + ", got "
                    + trainEndRowExclusive);
        }
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("stepSeconds must be > 0, got " + stepSeconds);
        }
        if (series.pairs().isEmpty()) {
            throw new IllegalArgumentException("the series has no OD pairs");
        }
        TrainListener progress = listener == null ? TrainListener.NONE : listener;
        long started = System.nanoTime();
        int end = trainEndRowExclusive;
        int pairs = series.pairs().size();
        SeriesNormaliser norm = SeriesNormaliser.fit(series, end);
        int dayRows = FeatureBuilder.periodRows(86_400, stepSeconds);
        boolean dayOfWeek = (long) end * stepSeconds >= 7 * 86_400L;
        FeatureBuilder fb = new FeatureBuilder(cfg.context(), cfg.horizon(), stepSeconds,
                FeatureBuilder.periodRows(cfg.cyclePeriodSeconds(), stepSeconds), cfg.cycles(), dayRows, cfg.days(),
                dayOfWeek);
        FeatureBuilder.Window w = new FeatureBuilder.Window(series, norm, 0, end - 1);
        int h = cfg.horizon();
        int f = fb.featureCount();

        // Origins: measured, with a full context of data behind them, and a target inside the training part.
        int minOrigin = w.firstData + cfg.context() - 1;
        List<Integer> origins = new ArrayList<>();
        for (int t = minOrigin; t <= end - 2; t++) {
            if (!series.samples().get(t).missing()) {
                origins.add(t);
            }
        }
        if (origins.size() < 4) {
            throw new IllegalArgumentException("only " + origins.size() + " usable training origins before row " + end
                    + " (need a context of " + cfg.context() + " measured rows and a target); use more training rows");
        }
        int nVal = (int) Math.round(cfg.validationFraction() * origins.size());
        if (cfg.validationFraction() > 0) {
            nVal = Math.max(1, Math.min(nVal, origins.size() - 2));
        }
        int nTrain = origins.size() - nVal;
        // Training targets stay before the first validation target, validation targets before the split.
        int valFrom = nVal > 0 ? origins.get(nTrain) + 1 : end;

        double[] pairWeight = new double[pairs];
        double meanScale = 0;
        for (double s : norm.scalesBps()) {
            meanScale += s / pairs;
        }
        for (int p = 0; p < pairs; p++) {
            pairWeight[p] = cfg.volumeWeighted() ? norm.scalesBps()[p] / meanScale : 1.0;
        }
        Samples train = samples(series, w, fb, origins.subList(0, nTrain), valFrom, pairWeight);
        Samples val = nVal > 0 ? samples(series, w, fb, origins.subList(nTrain, origins.size()), end, pairWeight) : null;

        Engine.getEngine(NeuralForecaster.ENGINE).setRandomSeed((int) cfg.seed());
        Model model = Model.newInstance("twinloop-mlp", Device.cpu(), NeuralForecaster.ENGINE);
        try {
            model.setBlock(NeuralForecaster.mlp(cfg.hiddenUnits(), h));
            int steps = cfg.epochs() * ((train.n + cfg.batchSize() - 1) / cfg.batchSize());
            Tracker lr = Tracker.cosine().setBaseValue((float) cfg.learningRate())
                    .optFinalValue((float) (cfg.learningRate() * 0.05)).setMaxUpdates(Math.max(1, steps)).build();
            PinballLoss loss = new PinballLoss(h);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                    .optOptimizer(Adam.builder().optLearningRateTracker(lr)
                            .optWeightDecays((float) cfg.weightDecay()).build())
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optDevices(new Device[] {Device.cpu()});
            double bestVal = Double.POSITIVE_INFINITY;
            double bestTrain = Double.NaN;
            int bestEpoch = 0;
            int epochsRun = 0;
            List<float[]> bestParams = null;
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(1, f));
                Random shuffle = new Random(cfg.seed());
                int[] order = new int[train.n];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                float[] bx = new float[cfg.batchSize() * f];
                float[] by = new float[cfg.batchSize() * h];
                float[] bw = new float[cfg.batchSize() * h];
                int sinceBest = 0;
                for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                    shuffle(order, shuffle);
                    double lossSum = 0;
                    double weightSum = 0;
                    for (int start = 0; start < train.n; start += cfg.batchSize()) {
                        int b = Math.min(cfg.batchSize(), train.n - start);
                        double batchWeight = 0;
                        for (int j = 0; j < b; j++) {
                            int s = order[start + j];
                            System.arraycopy(train.x, s * f, bx, j * f, f);
                            System.arraycopy(train.y, s * h, by, j * h, h);
                            System.arraycopy(train.w, s * h, bw, j * h, h);
                            for (int k = 0; k < h; k++) {
                                batchWeight += train.w[s * h + k];
                            }
                        }
                        if (batchWeight == 0) {
                            continue;
                        }
                        try (NDManager bm = trainer.getManager().newSubManager()) {
                            NDArray x = bm.create(FloatBuffer.wrap(bx, 0, b * f), new Shape(b, f));
                            NDList labels = new NDList(bm.create(FloatBuffer.wrap(by, 0, b * h), new Shape(b, h)),
                                    bm.create(FloatBuffer.wrap(bw, 0, b * h), new Shape(b, h)));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList out = trainer.forward(new NDList(x));
                                NDArray l = loss.evaluate(labels, out);
                                gc.backward(l);
                                lossSum += l.getFloat() * batchWeight;
                                weightSum += batchWeight;
                            }
                            trainer.step();
                        }
                    }
                    double trainLoss = weightSum > 0 ? lossSum / weightSum : Double.NaN;
                    double valLoss = val != null ? evaluate(model, loss, val, f, h) : Double.NaN;
                    epochsRun = epoch;
                    progress.onEpoch(epoch, cfg.epochs(), trainLoss, valLoss, seconds(started));
                    if (val == null || valLoss < bestVal) {
                        bestVal = valLoss;
                        bestTrain = trainLoss;
                        bestEpoch = epoch;
                        bestParams = val == null ? null : snapshot(model.getBlock());
                        sinceBest = 0;
                    } else if (++sinceBest >= cfg.patience()) {
                        break;
                    }
                }
            }
            if (bestParams != null) {
                restore(model.getBlock(), bestParams);
                // the loss of the weights actually kept (equals the best epoch's when the restore worked)
                bestVal = evaluate(model, new PinballLoss(h), val, f, h);
            }
            long params = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                params += p.getValue().getArray().size();
            }
            List<Double> quantiles = List.of(0.5, 0.9);
            ModelMetadata md = new ModelMetadata(NeuralForecaster.FORMAT, NeuralForecaster.FORMAT_VERSION,
                    architecture(f, cfg.hiddenUnits(), h),
                    cfg.hiddenUnits(), cfg.context(), h, quantiles, stepSeconds, series.pairs(), end, valFrom,
                    series.samples().get(0).time(), series.samples().get(end - 1).time(), fb.names(), fb.cycleRows,
                    fb.cycles, fb.dayRows, fb.days, dayOfWeek, norm.scalesBps(), norm.meanTotalBps(), bestTrain,
                    val == null ? Double.NaN : bestVal, bestEpoch, epochsRun, params, seconds(started),
                    Instant.now().toString(), cfg.seed(), "");
            return new NeuralForecaster(model, md);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    private static Samples samples(TrafficSeries series, FeatureBuilder.Window win, FeatureBuilder fb,
                                   List<Integer> origins, int targetEndExclusive, double[] pairWeight) {
        int pairs = series.pairs().size();
        int f = fb.featureCount();
        int h = fb.horizon;
        int n = origins.size() * pairs;
        float[] x = new float[n * f];
        float[] y = new float[n * h];
        float[] w = new float[n * h];
        int s = 0;
        for (int t : origins) {
            for (int p = 0; p < pairs; p++, s++) {
                fb.fill(win, t, p, x, s * f);
                float last = win.value(t, p);
                for (int k = 1; k <= h; k++) {
                    int target = t + k;
                    if (target < targetEndExclusive && !series.samples().get(target).missing()) {
                        y[s * h + k - 1] = win.value(target, p) - last;
                        w[s * h + k - 1] = (float) pairWeight[p];
                    }
                }
            }
        }
        return new Samples(n, x, y, w);
    }

    private static double evaluate(Model model, PinballLoss loss, Samples val, int f, int h) {
        double sum = 0;
        double weights = 0;
        for (int start = 0; start < val.n; start += EVAL_BATCH) {
            int b = Math.min(EVAL_BATCH, val.n - start);
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray x = m.create(FloatBuffer.wrap(val.x, start * f, b * f).slice(), new Shape(b, f));
                NDArray y = m.create(FloatBuffer.wrap(val.y, start * h, b * h).slice(), new Shape(b, h));
                NDArray w = m.create(FloatBuffer.wrap(val.w, start * h, b * h).slice(), new Shape(b, h));
                NDArray raw = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                sum += loss.weightedSum(new NDList(y, w), new NDList(raw)).getFloat();
                weights += w.sum().getFloat();
            }
        }
        return weights > 0 ? sum / weights : Double.NaN;
    }

    private static String architecture(int inputs, List<Integer> hidden, int horizon) {
        StringBuilder sb = new StringBuilder("mlp(").append(inputs);
        for (int u : hidden) {
            sb.append('-').append(u);
        }
        return sb.append('-').append(2 * horizon).append(", relu, outputs p50 and p90 per horizon)").toString();
    }

    /** A copy of the block's parameter values (the best epoch's weights, for early stopping). */
    static List<float[]> snapshot(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /** Puts back values taken by {@link #snapshot}. */
    static void restore(Block block, List<float[]> values) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            p.getValue().getArray().set(values.get(i++));
        }
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
