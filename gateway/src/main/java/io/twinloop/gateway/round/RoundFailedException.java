package io.twinloop.gateway.round;

import io.grpc.Status;

/**
 * A round that could not complete, with the gRPC status the caller gets and, when the round
 * got far enough to be recorded, its id.
 */
public class RoundFailedException extends RuntimeException {
    private final Status.Code code;
    private final String roundId;
    private final long retryAfterNanos;
    private final String reason;

    public RoundFailedException(Status.Code code, String roundId, String message) {
        this(code, roundId, message, 0);
    }

    /**
     * A failure with its own machine-readable reason ({@code google.rpc.ErrorInfo.reason}) instead of
     * the one the status code implies.
     */
    public RoundFailedException(Status.Code code, String roundId, String message, String reason) {
        super(message);
        this.code = code;
        this.roundId = roundId;
        this.retryAfterNanos = 0;
        this.reason = reason;
    }

    /** A refusal for load, with when to try again (sent as a {@code google.rpc.RetryInfo}). */
    public RoundFailedException(Status.Code code, String roundId, String message, long retryAfterNanos) {
        super(message);
        this.code = code;
        this.roundId = roundId;
        this.retryAfterNanos = retryAfterNanos;
        this.reason = null;
    }

    /** The reason sent in the status' {@code ErrorInfo}; null when the status code's usual reason applies. */
    public String reason() {
        return reason;
    }

    /** When the caller may try again, in ns; 0 when the failure carries no retry hint. */
    public long retryAfterNanos() {
        return retryAfterNanos;
    }

    public Status.Code code() {
        return code;
    }

    /** The recorded round's id, or empty when nothing was recorded (bad input). */
    public String roundId() {
        return roundId;
    }
}
