package io.twinloop.forecast.client;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/**
 * The twin failed a call in a way the forecast-service cannot explain to its caller (e.g. an
 * internal error in the twin). Mapped to {@code INTERNAL} with reason {@code TWIN_ERROR}.
 */
public class TwinCallException extends RuntimeException implements GrpcError {
    public TwinCallException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.INTERNAL;
    }

    @Override
    public String errorReason() {
        return "TWIN_ERROR";
    }

    @Override
    public boolean logAsError() {
        return true;
    }
}
