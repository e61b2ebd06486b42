package io.twinloop.forecast.client;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/**
 * The twin failed a call in a way the forecast-service cannot explain to its caller (e.g. an
 * internal error in the twin). Mapped to {@code INTERNAL} with reason {@code TWIN_ERROR}.
 */
public class TwinCallException extends ServiceException {
    public TwinCallException(String message, Throwable cause) {
        super(Status.Code.INTERNAL, "TWIN_ERROR", message, cause);
    }

    @Override
    public boolean logAsError() {
        return true;
    }
}
