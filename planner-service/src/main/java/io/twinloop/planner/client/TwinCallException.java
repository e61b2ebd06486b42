package io.twinloop.planner.client;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/**
 * A call to twin-service failed. {@link #retryable()} is true when the twin was unreachable or
 * too slow (UNAVAILABLE, DEADLINE_EXCEEDED): the planner then answers UNAVAILABLE. For the twin's
 * NOT_FOUND, INVALID_ARGUMENT and FAILED_PRECONDITION, {@link #twinStatus()} holds the twin's own
 * {@code google.rpc.Status} so that it can be relayed unchanged
 * ({@link io.twinloop.platform.grpc.PeerCallException.Kind#REJECTED}).
 */
public class TwinCallException extends RuntimeException implements GrpcError {
    private static final long serialVersionUID = 1L;

    private final transient Status.Code twinCode;
    private final transient com.google.rpc.Status twinStatus;

    public TwinCallException(Status.Code twinCode, String message, com.google.rpc.Status twinStatus) {
        super(message);
        this.twinCode = twinCode;
        this.twinStatus = twinStatus;
    }

    /** The status code the twin (or the channel to it) returned. */
    public Status.Code twinCode() {
        return twinCode;
    }

    /** The twin's rich status, or {@code null} when it sent none. */
    public com.google.rpc.Status twinStatus() {
        return twinStatus;
    }

    /** Whether the failure is the twin being unreachable or slow, so that a retry may succeed. */
    public boolean retryable() {
        return twinCode == Status.Code.UNAVAILABLE || twinCode == Status.Code.DEADLINE_EXCEEDED;
    }

    /**
     * Whether the twin rejected the request itself (unknown network or version, bad argument, a state the
     * request cannot work with).
     */
    public boolean passThrough() {
        return twinCode == Status.Code.NOT_FOUND || twinCode == Status.Code.INVALID_ARGUMENT
                || twinCode == Status.Code.FAILED_PRECONDITION;
    }

    /**
     * The planner's own status: the twin's NOT_FOUND, INVALID_ARGUMENT and FAILED_PRECONDITION as the twin sent
     * them, UNAVAILABLE
     * (TWIN_UNAVAILABLE) when a retry may succeed, else INTERNAL (TWIN_ERROR).
     */
    @Override
    public Status.Code statusCode() {
        return passThrough() ? twinCode : retryable() ? Status.Code.UNAVAILABLE : Status.Code.INTERNAL;
    }

    @Override
    public String errorReason() {
        return passThrough() ? twinCode.name() : retryable() ? "TWIN_UNAVAILABLE" : "TWIN_ERROR";
    }

    @Override
    public com.google.rpc.Status relayedStatus() {
        return passThrough() ? twinStatus : null;
    }

    @Override
    public boolean logAsError() {
        return !passThrough() && !retryable();
    }
}
