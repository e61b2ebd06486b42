package io.twinloop.forecast.neural;

/** Progress of {@link NeuralForecaster#train}, called once after every epoch on the training thread. */
@FunctionalInterface
public interface TrainListener {
    /** A listener that does nothing. */
    TrainListener NONE = (epoch, epochs, trainLoss, validationLoss, elapsedSeconds) -> { };

    /**
     * @param epoch          the epoch just finished, 1-based
     * @param epochs         the most epochs that will run (training may stop earlier)
     * @param trainLoss      mean pinball loss over the epoch's training batches (normalised units)
     * @param validationLoss pinball loss on the validation origins after the epoch; NaN without validation
     * @param elapsedSeconds wall time since training started
     */
    void onEpoch(int epoch, int epochs, double trainLoss, double validationLoss, double elapsedSeconds);
}
