package io.twinloop.platform.grpc;

import io.grpc.Status;

/**
 * A request field is missing, malformed or out of range: INVALID_ARGUMENT with a {@code BadRequest} field
 * violation on {@link #field()} and an {@code ErrorInfo} carrying {@link #reason()} ({@code INVALID_ARGUMENT}
 * unless the service gives a more precise one).
 */
public class RequestException extends IllegalArgumentException implements GrpcError {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    /** A bad field with the generic reason {@code INVALID_ARGUMENT}. */
    public RequestException(String field, String message) {
        this(field, "INVALID_ARGUMENT", message);
    }

    /**
     * @param field   the offending request field as the proto names it, e.g. {@code traffic.demands[3].dst}
     * @param reason  the {@code ErrorInfo} reason clients can branch on (UPPER_SNAKE_CASE)
     * @param message what was wrong and what to do, in plain words
     */
    public RequestException(String field, String reason, String message) {
        super(message);
        this.field = field;
        this.reason = reason;
    }

    /** The offending request field. */
    public String field() {
        return field;
    }

    /** The {@code ErrorInfo} reason. */
    public String reason() {
        return reason;
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.INVALID_ARGUMENT;
    }

    @Override
    public String errorReason() {
        return reason;
    }

    @Override
    public String badField() {
        return field;
    }
}
