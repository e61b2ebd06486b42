package io.twinloop.forecast.baseline;

/** No model or baseline has the requested name. Mapped to {@code NOT_FOUND} (reason {@code MODEL_NOT_FOUND}). */
public class UnknownModelException extends RuntimeException {
    private final String model;

    public UnknownModelException(String model) {
        super("model '" + model + "' not found; this forecast-service has no trained models yet, "
                + "use '" + SeasonalNaive.METHOD + "', '" + LastValue.METHOD + "', '" + Ewma.METHOD + "' or leave model empty");
        this.model = model;
    }

    /** The requested name. */
    public String model() {
        return model;
    }
}
