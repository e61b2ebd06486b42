package io.twinloop.planner.client;

import io.grpc.Status;

/**
 * A call to twin-service failed. {@link #retryable()} is true when the twin was unreachable or
 * too slow (UNAVAILABLE, DEADLINE_EXCEEDED): the planner then answers UNAVAILABLE. For the twin's
 * NOT_FOUND and INVALID_ARGUMENT, {@link #twinStatus()} holds the twin's own
 * {@code google.rpc.Status} (when it sent one) so that it can be relayed unchanged.
 */
public class TwinCallException extends RuntimeException {
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

    /** Whether the twin rejected the request itself (unknown network or version, bad argument). */
    public boolean passThrough() {
        return twinCode == Status.Code.NOT_FOUND || twinCode == Status.Code.INVALID_ARGUMENT;
    }
}
