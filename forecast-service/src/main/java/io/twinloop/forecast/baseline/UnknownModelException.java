package io.twinloop.forecast.baseline;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/** No model or baseline has the requested name. Mapped to {@code NOT_FOUND} (reason {@code MODEL_NOT_FOUND}). */
public class UnknownModelException extends ServiceException {
    private final String model;

    public UnknownModelException(String model) {
        super(Status.Code.NOT_FOUND, "MODEL_NOT_FOUND", "model '" + model + "' not found; this forecast-service has "
                + "no trained models yet, use '" + SeasonalNaive.METHOD + "', '" + LastValue.METHOD + "', '"
                + Ewma.METHOD + "' or leave model empty");
        this.model = model;
    }

    /** The requested name. */
    public String model() {
        return model;
    }
}
