package io.twinloop.forecast.neural;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSeries;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A global multi-horizon quantile forecaster of traffic matrices: one small MLP (DJL, PyTorch engine
 * on CPU) whose weights are shared by every OD pair of a network. For each pair and forecast origin it
 * reads the {@link FeatureBuilder features} of the pair's normalised recent history and outputs, for
 * every horizon {@code h = 1..H}, the p50 and p90 of the change from the last value, trained with the
 * {@link PinballLoss pinball loss} (the p90 is the p50 plus a softplus gap, so they never cross).
 *
 * <p>Design, in the spirit of global models such as DeepAR and N-BEATS but deliberately small:
 * per-pair scaling by the training mean ({@link SeriesNormaliser}); the target is the change from the
 * last value (last value is a strong baseline at 5 minutes, so the network learns corrections to it);
 * aligned changes one hour and one day earlier carry the sub-daily and daily cycles (the Abilene
 * training rows' first differences correlate at multiples of one hour); every OD pair's loss counts
 * the same by default ({@link TrainConfig#volumeWeighted()} weights it by the pair's volume instead).
 *
 * <p>Training is chronological: the latest {@link TrainConfig#validationFraction()} of the training
 * origins is held out and picks the epoch (early stopping); nothing at or after
 * {@code trainEndRowExclusive} is read, and the normalisation is fitted on the training rows only.
 * Missing rows are never trained on or scored against (their targets get weight 0) and are never fed
 * as zeros (forward fill). Reproducible for a given seed on the same machine and thread count; the
 * engine's random seed is process-wide, so trainings in one process run one at a time.
 *
 * <p>{@link #predict} is thread-safe: features are built per call, and the forward pass (all OD pairs
 * in one batch) runs under a lock on a per-call {@link NDManager} that is closed before returning.
 * Close the forecaster to free the native weights.
 */
public final class NeuralForecaster implements AutoCloseable {
    /** Value of {@link ModelMetadata#format()}. */
    public static final String FORMAT = "twinloop-neural-forecaster";
    /** Current {@link ModelMetadata#formatVersion()}. */
    public static final int FORMAT_VERSION = 1;
    /** The metadata file in a saved model directory. */
    public static final String METADATA_FILE = "model.json";
    /** The parameter file in a saved model directory. */
    public static final String PARAMS_FILE = "model.params";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ENGINE = "PyTorch";
    private static final int EVAL_BATCH = 8192;

    private final Model model;
    private final ModelMetadata metadata;
    private final FeatureBuilder features;
    private final SeriesNormaliser normaliser;
    private final Object forwardLock = new Object();
    private volatile boolean closed;

    private NeuralForecaster(Model model, ModelMetadata metadata) {
        this.model = model;
        this.metadata = metadata;
        this.features = new FeatureBuilder(metadata.context(), metadata.horizon(), metadata.stepSeconds(),
                metadata.cycleRows(), metadata.cycles(), metadata.dayRows(), metadata.days(), metadata.dayOfWeek());
        this.normaliser = new SeriesNormaliser(metadata.scalesBps(), metadata.meanTotalBps());
    }

    /**
     * Trains a model on rows {@code [0, trainEndRowExclusive)} of {@code series}.
     *
     * @param series               the traffic series (all OD pairs of a network)
     * @param trainEndRowExclusive first row not used; nothing at or after it is read
     * @param stepSeconds          the series' regular step, {@code > 0}
     * @param cfg                  hyper-parameters
     * @param listener             progress after every epoch (may be {@link TrainListener#NONE})
     * @throws IllegalArgumentException when the training part is too short or an argument is invalid
     */
    public static NeuralForecaster train(TrafficSeries series, int trainEndRowExclusive, int stepSeconds,
                                         TrainConfig cfg, TrainListener listener) {
        // the engine's random seed is process-wide: two trainings that interleave would draw from
        // each other's stream, and neither would be reproducible; so they run one at a time
        synchronized (TRAINING) {
            return trainAlone(series, trainEndRowExclusive, stepSeconds, cfg, listener);
        }
    }

    /** Serialises trainings in this process (see {@link #train}). */
    private static final Object TRAINING = new Object();

    private static NeuralForecaster trainAlone(TrafficSeries series, int trainEndRowExclusive, int stepSeconds,
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

        Engine.getEngine(ENGINE).setRandomSeed((int) cfg.seed());
        Model model = Model.newInstance("twinloop-mlp", Device.cpu(), ENGINE);
        try {
            model.setBlock(mlp(cfg.hiddenUnits(), h));
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
                            NDArray x = bm.create(java.nio.FloatBuffer.wrap(bx, 0, b * f), new Shape(b, f));
                            NDList labels = new NDList(bm.create(java.nio.FloatBuffer.wrap(by, 0, b * h), new Shape(b, h)),
                                    bm.create(java.nio.FloatBuffer.wrap(bw, 0, b * h), new Shape(b, h)));
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
            ModelMetadata md = new ModelMetadata(FORMAT, FORMAT_VERSION, architecture(f, cfg.hiddenUnits(), h),
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

    /**
     * The p50 and p90 forecasts of every OD pair for rows {@code originRow + 1 .. originRow + horizon},
     * in bit/s: {@code [h - 1][q][pair]} with {@code q = 0} the p50 and {@code q = 1} the p90 (never below
     * the p50, never negative). Reads only rows {@code <= originRow}.
     *
     * @throws IllegalArgumentException when the series' OD pairs differ from the model's (same pairs in
     *                                  the same order are required), or the origin or horizon is out of range,
     *                                  or no row at or before the origin is measured
     * @throws IllegalStateException    when the forecaster is closed
     */
    public double[][][] predict(TrafficSeries series, int originRow, int horizon) {
        if (series == null) {
            throw new IllegalArgumentException("series is required");
        }
        checkPairs(series.pairs());
        if (originRow < 0 || originRow >= series.size()) {
            throw new IllegalArgumentException("originRow " + originRow + " is outside the series of " + series.size()
                    + " rows");
        }
        if (horizon < 1 || horizon > metadata.horizon()) {
            throw new IllegalArgumentException("horizon must be in 1.." + metadata.horizon() + " (the model's horizon), got "
                    + horizon);
        }
        int from = Math.max(0, originRow - features.lookback());
        FeatureBuilder.Window w = new FeatureBuilder.Window(series, normaliser, from, originRow);
        if (w.firstData > originRow) {
            throw new IllegalArgumentException("no measured row at or before row " + originRow + " to forecast from");
        }
        int pairs = series.pairs().size();
        int f = features.featureCount();
        int h = metadata.horizon();
        float[] x = new float[pairs * f];
        float[] last = new float[pairs];
        for (int p = 0; p < pairs; p++) {
            features.fill(w, originRow, p, x, p * f);
            last[p] = w.value(originRow, p);
        }
        float[] p50;
        float[] p90;
        synchronized (forwardLock) {
            if (closed) {
                throw new IllegalStateException("the forecaster is closed");
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray input = m.create(java.nio.FloatBuffer.wrap(x), new Shape(pairs, f));
                NDArray raw = model.getBlock().forward(new ParameterStore(m, false), new NDList(input), false)
                        .singletonOrThrow();
                NDList q = PinballLoss.quantiles(raw, h);
                p50 = q.get(0).toFloatArray();
                p90 = q.get(1).toFloatArray();
            }
        }
        double[] scales = normaliser.scalesBps();
        double[][][] out = new double[horizon][2][pairs];
        for (int k = 0; k < horizon; k++) {
            for (int p = 0; p < pairs; p++) {
                double median = Math.max(0, (last[p] + p50[p * h + k]) * scales[p]);
                double high = Math.max(median, (last[p] + p90[p * h + k]) * scales[p]);
                out[k][0][p] = median;
                out[k][1][p] = high;
            }
        }
        return out;
    }

    /** What the model is and how it was trained. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * Saves the parameters ({@value #PARAMS_FILE}) and the metadata with the parameters' SHA-256
     * ({@value #METADATA_FILE}) into {@code dir}, creating it if needed.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path params = dir.resolve(PARAMS_FILE);
        synchronized (forwardLock) {
            try (OutputStream os = Files.newOutputStream(params);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
                model.getBlock().saveParameters(out);
            }
        }
        ModelMetadata md = metadata.withParamsSha256(sha256(params));
        JSON.writeValue(dir.resolve(METADATA_FILE).toFile(), md);
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @throws InvalidModelException when a file is missing, the metadata is not valid or not of this
     *                               format, or the parameters are corrupt or do not fit the architecture
     * @throws IOException           when a file cannot be read
     */
    public static NeuralForecaster load(Path dir) throws IOException {
        Path mdFile = dir.resolve(METADATA_FILE);
        Path params = dir.resolve(PARAMS_FILE);
        if (!Files.isRegularFile(mdFile) || !Files.isRegularFile(params)) {
            throw new InvalidModelException(dir, "expected the files " + METADATA_FILE + " and " + PARAMS_FILE
                    + " written by NeuralForecaster.save");
        }
        ModelMetadata md;
        try {
            md = JSON.readValue(mdFile.toFile(), ModelMetadata.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidModelException(dir, METADATA_FILE + " is not valid model metadata: " + e.getOriginalMessage(), e);
        }
        validate(dir, md);
        String sha = sha256(params);
        if (!sha.equals(md.paramsSha256())) {
            throw new InvalidModelException(dir, PARAMS_FILE + " does not match the checksum in " + METADATA_FILE
                    + " (the file is corrupt or belongs to another model)");
        }
        FeatureBuilder fb = new FeatureBuilder(md.context(), md.horizon(), md.stepSeconds(), md.cycleRows(), md.cycles(),
                md.dayRows(), md.days(), md.dayOfWeek());
        if (!fb.names().equals(md.features())) {
            throw new InvalidModelException(dir, "the feature list in " + METADATA_FILE
                    + " does not match this version's features; retrain the model");
        }
        Model model = Model.newInstance("twinloop-mlp", Device.cpu(), ENGINE);
        try {
            Block block = mlp(md.hiddenUnits(), md.horizon());
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, fb.featureCount()));
            try (InputStream is = Files.newInputStream(params);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
                block.loadParameters(model.getNDManager(), in);
            }
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray probe = m.zeros(new Shape(1, fb.featureCount()));
                Shape out = block.forward(new ParameterStore(m, false), new NDList(probe), false).singletonOrThrow()
                        .getShape();
                if (!out.equals(new Shape(1, 2L * md.horizon()))) {
                    throw new InvalidModelException(dir, "the parameters give outputs of shape " + out + ", expected (1, "
                            + 2 * md.horizon() + ")");
                }
            }
            return new NeuralForecaster(model, md);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidModelException(dir, PARAMS_FILE + " does not fit the architecture " + md.architecture()
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        }
    }

    /** Frees the native weights; later {@link #predict} calls fail. */
    @Override
    public void close() {
        synchronized (forwardLock) {
            if (!closed) {
                closed = true;
                model.close();
            }
        }
    }

    // ---- internals ----

    /** Training or validation samples: features x (n, F), targets y (n, H) and weights w (n, H). */
    private record Samples(int n, float[] x, float[] y, float[] w) {
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
                NDArray x = m.create(java.nio.FloatBuffer.wrap(val.x, start * f, b * f).slice(), new Shape(b, f));
                NDArray y = m.create(java.nio.FloatBuffer.wrap(val.y, start * h, b * h).slice(), new Shape(b, h));
                NDArray w = m.create(java.nio.FloatBuffer.wrap(val.w, start * h, b * h).slice(), new Shape(b, h));
                NDArray raw = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow();
                sum += loss.weightedSum(new NDList(y, w), new NDList(raw)).getFloat();
                weights += w.sum().getFloat();
            }
        }
        return weights > 0 ? sum / weights : Double.NaN;
    }

    static SequentialBlock mlp(List<Integer> hidden, int horizon) {
        SequentialBlock block = new SequentialBlock();
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build());
            block.add(Activation::relu);
        }
        block.add(Linear.builder().setUnits(2L * horizon).build());
        return block;
    }

    private static String architecture(int inputs, List<Integer> hidden, int horizon) {
        StringBuilder sb = new StringBuilder("mlp(").append(inputs);
        for (int u : hidden) {
            sb.append('-').append(u);
        }
        return sb.append('-').append(2 * horizon).append(", relu, outputs p50 and p90 per horizon)").toString();
    }

    static List<float[]> snapshot(Block block) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

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

    private void checkPairs(List<OdPair> pairs) {
        List<OdPair> mine = metadata.pairs();
        if (pairs.equals(mine)) {
            return;
        }
        String detail;
        if (pairs.size() != mine.size()) {
            detail = "the series has " + pairs.size() + " OD pairs, the model " + mine.size();
        } else {
            int i = 0;
            while (pairs.get(i).equals(mine.get(i))) {
                i++;
            }
            detail = "column " + i + " is " + pairs.get(i).label() + " in the series but " + mine.get(i).label()
                    + " in the model";
        }
        throw new IllegalArgumentException("the series' OD pairs do not match the model's (" + detail
                + "); the model forecasts exactly the pairs, in the order, it was trained on");
    }

    private static void validate(Path dir, ModelMetadata md) throws InvalidModelException {
        if (!FORMAT.equals(md.format())) {
            throw new InvalidModelException(dir, "format is '" + md.format() + "', expected '" + FORMAT + "'");
        }
        if (md.formatVersion() != FORMAT_VERSION) {
            throw new InvalidModelException(dir, "format version " + md.formatVersion() + " is not supported (this code reads "
                    + FORMAT_VERSION + "); retrain the model");
        }
        List<String> problems = new ArrayList<>();
        if (md.hiddenUnits() == null || md.hiddenUnits().isEmpty()) {
            problems.add("hiddenUnits is missing");
        }
        if (md.context() < 1 || md.horizon() < 1 || md.stepSeconds() < 1) {
            problems.add("context, horizon and stepSeconds must be >= 1");
        }
        if (md.pairs() == null || md.pairs().isEmpty()) {
            problems.add("pairs is missing");
        }
        if (md.features() == null) {
            problems.add("features is missing");
        }
        if (md.scalesBps() == null || md.pairs() == null || md.scalesBps().length != md.pairs().size()) {
            problems.add("scalesBps must have one entry per OD pair");
        } else {
            for (double s : md.scalesBps()) {
                if (!(s > 0) || Double.isInfinite(s)) {
                    problems.add("scalesBps must be positive and finite");
                    break;
                }
            }
        }
        if (!(md.meanTotalBps() > 0)) {
            problems.add("meanTotalBps must be positive");
        }
        if (md.paramsSha256() == null || md.paramsSha256().isBlank()) {
            problems.add("paramsSha256 is missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelException(dir, METADATA_FILE + " is inconsistent: " + String.join("; ", problems));
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
