package io.twinloop.platform.grpc;

import io.grpc.Status;

/**
 * A service's exception with a fixed status code and {@code ErrorInfo} reason: what most of the services'
 * exceptions are. Subclasses override the other {@link GrpcError} methods where they need to (a field, a
 * message that hides details, logging).
 */
public abstract class ServiceException extends RuntimeException implements GrpcError {
    private static final long serialVersionUID = 1L;

    private final transient Status.Code code;
    private final String reason;

    protected ServiceException(Status.Code code, String reason, String message) {
        this(code, reason, message, null);
    }

    protected ServiceException(Status.Code code, String reason, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reason = reason;
    }

    @Override
    public Status.Code statusCode() {
        return code;
    }

    @Override
    public String errorReason() {
        return reason;
    }
}
