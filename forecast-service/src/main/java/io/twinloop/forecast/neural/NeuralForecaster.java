package io.twinloop.forecast.neural;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSeries;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

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
 *
 * <p>The work is split by job: this class is the network ({@link #mlp}) and inference; the training loop
 * is {@link MlpTraining}, the saved files {@link ModelFiles}, the inputs {@link FeatureBuilder} and
 * {@link SeriesNormaliser}.
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

    /** The DJL engine every model runs on. */
    static final String ENGINE = "PyTorch";

    private final Model model;
    private final ModelMetadata metadata;
    private final FeatureBuilder features;
    private final SeriesNormaliser normaliser;
    private final Object forwardLock = new Object();
    private volatile boolean closed;

    /** A forecaster over a built (trained or loaded) {@code model} described by {@code metadata}. */
    NeuralForecaster(Model model, ModelMetadata metadata) {
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
            return MlpTraining.train(series, trainEndRowExclusive, stepSeconds, cfg, listener);
        }
    }

    /** Serialises trainings in this process (see {@link #train}). */
    private static final Object TRAINING = new Object();

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
        int from = firstRowRead(originRow);
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
                NDArray input = m.create(FloatBuffer.wrap(x), new Shape(pairs, f));
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

    /**
     * The first row {@link #predict} reads for a forecast from {@code originRow}: its features look back
     * over rows {@code firstRowRead(originRow) .. originRow} (and, when the first of them is missing, over
     * the latest measured row before it, which fills it).
     */
    public int firstRowRead(int originRow) {
        return Math.max(0, originRow - features.lookback());
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
        synchronized (forwardLock) {
            ModelFiles.save(model.getBlock(), metadata, dir);
        }
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @throws InvalidModelException when a file is missing, the metadata is not valid or not of this
     *                               format, or the parameters are corrupt or do not fit the architecture
     * @throws IOException           when a file cannot be read
     */
    public static NeuralForecaster load(Path dir) throws IOException {
        return ModelFiles.load(dir);
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

    /** The network: dense layers of {@code hidden} units with ReLU, then p50 and p90 outputs per horizon. */
    static SequentialBlock mlp(List<Integer> hidden, int horizon) {
        SequentialBlock block = new SequentialBlock();
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build());
            block.add(Activation::relu);
        }
        block.add(Linear.builder().setUnits(2L * horizon).build());
        return block;
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
}
