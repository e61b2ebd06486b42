package io.twinloop.forecast.grpc;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/** A request field is missing or out of range. Mapped to {@code INVALID_ARGUMENT} with a field violation. */
public class RequestException extends IllegalArgumentException implements GrpcError {
    private final String field;

    public RequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as named in the proto. */
    public String field() {
        return field;
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.INVALID_ARGUMENT;
    }

    @Override
    public String errorReason() {
        return "INVALID_ARGUMENT";
    }

    @Override
    public String badField() {
        return field;
    }
}
