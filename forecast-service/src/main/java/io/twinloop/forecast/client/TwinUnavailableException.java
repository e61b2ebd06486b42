package io.twinloop.forecast.client;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/**
 * The twin could not answer (down, overloaded, or the deadline passed). Mapped to
 * {@code UNAVAILABLE} with reason {@code TWIN_UNAVAILABLE}; clients may retry.
 */
public class TwinUnavailableException extends RuntimeException implements GrpcError {
    public TwinUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.UNAVAILABLE;
    }

    @Override
    public String errorReason() {
        return "TWIN_UNAVAILABLE";
    }
}
