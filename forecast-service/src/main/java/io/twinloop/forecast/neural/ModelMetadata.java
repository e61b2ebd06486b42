package io.twinloop.forecast.neural;

import io.twinloop.model.OdPair;

import java.util.List;

/**
 * Everything about a trained {@link NeuralForecaster} except its weights: what it was trained on,
 * how, and the per-pair scales it needs to predict. Saved as {@value NeuralForecaster#METADATA_FILE}
 * next to the parameters.
 *
 * @param format             always {@value NeuralForecaster#FORMAT}
 * @param formatVersion      version of this layout, {@value NeuralForecaster#FORMAT_VERSION}
 * @param architecture       e.g. {@code mlp(62-128-128-24)}
 * @param hiddenUnits        hidden layer widths
 * @param context            past values per pair in the input ({@code C})
 * @param horizon            steps forecast ({@code H})
 * @param quantiles          output quantiles, in output order (0.5, 0.9)
 * @param stepSeconds        step of the series the model was trained on
 * @param pairs              the OD pairs, in the order of the series' columns
 * @param trainRows          rows {@code [0, trainRows)} of the series were the training part
 * @param validationFromRow  first validation target row (training targets are before it); equals
 *                           {@code trainRows} without validation
 * @param trainFirstTime     time label of the first training row
 * @param trainLastTime      time label of the last training row
 * @param features           input feature names, in order
 * @param cycleRows          rows per sub-daily period of the aligned-change features (0 = none)
 * @param cycles             periods averaged
 * @param dayRows            rows per day (0 = no daily features)
 * @param days               days averaged
 * @param dayOfWeek          whether day-of-week features are used (only when the training rows cover a week)
 * @param scalesBps          per-pair normalisation scale, bit/s (training mean)
 * @param meanTotalBps       mean network total over the training rows, bit/s
 * @param trainLoss          training loss of the kept epoch
 * @param validationLoss     validation loss of the kept epoch (NaN without validation)
 * @param bestEpoch          the kept epoch, 1-based
 * @param epochsRun          epochs run before stopping
 * @param parameterCount     number of trainable weights
 * @param trainingSeconds    wall time of training
 * @param createdAt          ISO-8601 instant the model was trained
 * @param seed               seed of initialisation and shuffling
 * @param paramsSha256       SHA-256 (hex) of the saved parameter file; empty until saved
 */
public record ModelMetadata(String format, int formatVersion, String architecture, List<Integer> hiddenUnits,
                            int context, int horizon, List<Double> quantiles, int stepSeconds, List<OdPair> pairs,
                            int trainRows, int validationFromRow, String trainFirstTime, String trainLastTime,
                            List<String> features, int cycleRows, int cycles, int dayRows, int days,
                            boolean dayOfWeek, double[] scalesBps, double meanTotalBps, double trainLoss,
                            double validationLoss, int bestEpoch, int epochsRun, long parameterCount,
                            double trainingSeconds, String createdAt, long seed, String paramsSha256) {

    /** Copies the lists and the scales. */
    public ModelMetadata {
        hiddenUnits = hiddenUnits == null ? null : List.copyOf(hiddenUnits);
        quantiles = quantiles == null ? null : List.copyOf(quantiles);
        pairs = pairs == null ? null : List.copyOf(pairs);
        features = features == null ? null : List.copyOf(features);
        scalesBps = scalesBps == null ? null : scalesBps.clone();
    }

    /** A copy of the scales. */
    @Override
    public double[] scalesBps() {
        return scalesBps == null ? null : scalesBps.clone();
    }

    /** The same metadata with the parameter file's checksum. */
    ModelMetadata withParamsSha256(String sha) {
        return new ModelMetadata(format, formatVersion, architecture, hiddenUnits, context, horizon, quantiles,
                stepSeconds, pairs, trainRows, validationFromRow, trainFirstTime, trainLastTime, features, cycleRows,
                cycles, dayRows, days, dayOfWeek, scalesBps, meanTotalBps, trainLoss, validationLoss, bestEpoch,
                epochsRun, parameterCount, trainingSeconds, createdAt, seed, sha);
    }
}
