package io.twinloop.platform.grpc;

import io.grpc.Status;

import java.util.List;

/**
 * A service's exception that knows the gRPC status it stands for, so that {@link GrpcErrors} can send it
 * without knowing the service's classes. Only {@link #statusCode()} and {@link #errorReason()} are required;
 * the rest have the defaults most failures want.
 */
public interface GrpcError {

    /** The status code sent. */
    Status.Code statusCode();

    /** The {@code google.rpc.ErrorInfo} reason clients branch on (UPPER_SNAKE_CASE). */
    String errorReason();

    /**
     * The request field at fault, sent as a {@code google.rpc.BadRequest} field violation when the code is
     * INVALID_ARGUMENT; null for none.
     */
    default String badField() {
        return null;
    }

    /** Several violations of {@link #badField()}, each its own field violation; empty for one (the message). */
    default List<String> fieldViolations() {
        return List.of();
    }

    /** When the caller may try again, in ns, sent as a {@code google.rpc.RetryInfo}; 0 for no hint. */
    default long retryAfterNanos() {
        return 0;
    }

    /** The status message; by default the exception's message. */
    default String statusMessage() {
        return this instanceof Throwable t ? t.getMessage() : null;
    }

    /** Whether the failure is logged with its stack trace (a fault underneath the request, not bad input). */
    default boolean logAsError() {
        return false;
    }

    /** A status another service sent that is relayed unchanged instead; null to build one from the above. */
    default com.google.rpc.Status relayedStatus() {
        return null;
    }
}
