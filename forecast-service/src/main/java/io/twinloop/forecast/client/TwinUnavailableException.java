package io.twinloop.forecast.client;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/**
 * The twin could not answer (down, overloaded, or the deadline passed). Mapped to
 * {@code UNAVAILABLE} with reason {@code TWIN_UNAVAILABLE}; clients may retry.
 */
public class TwinUnavailableException extends ServiceException {
    public TwinUnavailableException(String message, Throwable cause) {
        super(Status.Code.UNAVAILABLE, "TWIN_UNAVAILABLE", message, cause);
    }
}
