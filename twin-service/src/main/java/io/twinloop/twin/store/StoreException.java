package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/** The database failed underneath a request. Mapped to {@code UNAVAILABLE}; details stay in the log. */
public class StoreException extends RuntimeException implements GrpcError {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.UNAVAILABLE;
    }

    @Override
    public String errorReason() {
        return "STORE_UNAVAILABLE";
    }

    /** The details stay in the log. */
    @Override
    public String statusMessage() {
        return "the twin's database is not available; retry later";
    }

    @Override
    public boolean logAsError() {
        return true;
    }
}
