package io.twinloop.forecast.neural;

import java.util.List;

/**
 * Hyper-parameters of {@link NeuralForecaster#train}. Start from {@link #defaults()} and change
 * fields with the {@code with...} methods. The defaults were chosen on the validation part of the
 * Abilene training rows only (never on the test days); see {@code bench/README.md}, section 7.
 *
 * @param context            past values of the series fed to the network ({@code C}), {@code >= 1}
 * @param horizon            steps forecast ({@code H}), {@code >= 1}
 * @param hiddenUnits        width of each hidden layer of the MLP (ReLU), at least one
 * @param epochs             most passes over the training samples
 * @param batchSize          samples per optimiser step
 * @param learningRate       Adam's base learning rate (cosine-decayed to 5 % of it over all steps)
 * @param weightDecay        Adam's weight decay (L2), {@code >= 0}
 * @param validationFraction share of the training origins, the latest ones, held out to pick the
 *                           epoch (early stopping), in {@code [0, 0.5]}; 0 = keep the last epoch
 * @param patience           epochs without a better validation loss before training stops
 * @param seed               seed of the weight initialisation and of the sample shuffling
 * @param cyclePeriodSeconds a sub-daily period whose aligned changes are features (one hour: the
 *                           Abilene training rows' first differences correlate at lags of 12, 24,
 *                           36... five-minute steps); 0 = none
 * @param cycles             how many past periods of {@code cyclePeriodSeconds} the aligned change
 *                           is averaged over
 * @param days               how many past days the day-aligned change is averaged over
 * @param volumeWeighted     weight each OD pair's loss by its training mean (so the loss follows
 *                           the volume-weighted error that NMAE measures), else all pairs equally
 */
public record TrainConfig(int context, int horizon, List<Integer> hiddenUnits, int epochs, int batchSize,
                          double learningRate, double weightDecay, double validationFraction, int patience,
                          long seed, int cyclePeriodSeconds, int cycles, int days, boolean volumeWeighted) {

    /** Validates every field. */
    public TrainConfig {
        hiddenUnits = List.copyOf(hiddenUnits);
        require(context >= 1 && context <= 1024, "context must be in 1..1024, got " + context);
        require(horizon >= 1 && horizon <= 288, "horizon must be in 1..288, got " + horizon);
        require(!hiddenUnits.isEmpty() && hiddenUnits.stream().allMatch(u -> u >= 1 && u <= 4096),
                "hiddenUnits must be 1 to n layers of 1..4096 units, got " + hiddenUnits);
        require(epochs >= 1, "epochs must be >= 1, got " + epochs);
        require(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        require(learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1), got " + learningRate);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(validationFraction >= 0 && validationFraction <= 0.5,
                "validationFraction must be in [0, 0.5], got " + validationFraction);
        require(patience >= 1, "patience must be >= 1, got " + patience);
        require(cyclePeriodSeconds >= 0, "cyclePeriodSeconds must be >= 0, got " + cyclePeriodSeconds);
        require(cycles >= 1 && cycles <= 168, "cycles must be in 1..168, got " + cycles);
        require(days >= 1 && days <= 28, "days must be in 1..28, got " + days);
    }

    /**
     * The defaults: C = 24, H = 12, MLP 128-128, at most 40 epochs (patience 6), batch 256, Adam 1e-3,
     * 15 % validation, hourly cycles x 12, 7 days, every OD pair weighted equally (on the validation rows,
     * equal weights tied volume weights on Abilene and beat them on GEANT, where a few huge pairs
     * otherwise dominate 150 training rows).
     */
    public static TrainConfig defaults() {
        return new TrainConfig(24, 12, List.of(128, 128), 40, 256, 1e-3, 0, 0.15, 6, 42L, 3600, 12, 7, false);
    }

    /** A copy with {@code context} changed. */
    public TrainConfig withContext(int v) {
        return new TrainConfig(v, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code horizon} changed. */
    public TrainConfig withHorizon(int v) {
        return new TrainConfig(context, v, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code hiddenUnits} changed. */
    public TrainConfig withHiddenUnits(List<Integer> v) {
        return new TrainConfig(context, horizon, v, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code epochs} changed. */
    public TrainConfig withEpochs(int v) {
        return new TrainConfig(context, horizon, hiddenUnits, v, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code batchSize} changed. */
    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, v, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code learningRate} changed. */
    public TrainConfig withLearningRate(double v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, v, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code weightDecay} changed. */
    public TrainConfig withWeightDecay(double v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, v,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code validationFraction} changed. */
    public TrainConfig withValidationFraction(double v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                v, patience, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code patience} changed. */
    public TrainConfig withPatience(int v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, v, seed, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code seed} changed. */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, v, cyclePeriodSeconds, cycles, days, volumeWeighted);
    }

    /** A copy with {@code cyclePeriodSeconds} and {@code cycles} changed (period 0 = no cycle features). */
    public TrainConfig withCycles(int periodSeconds, int count) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, periodSeconds, count, days, volumeWeighted);
    }

    /** A copy with {@code days} changed. */
    public TrainConfig withDays(int v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, v, volumeWeighted);
    }

    /** A copy with {@code volumeWeighted} changed. */
    public TrainConfig withVolumeWeighted(boolean v) {
        return new TrainConfig(context, horizon, hiddenUnits, epochs, batchSize, learningRate, weightDecay,
                validationFraction, patience, seed, cyclePeriodSeconds, cycles, days, v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
