package io.twinloop.gateway.round;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;
import io.twinloop.platform.limits.Overload;

/**
 * A round that could not complete, with the gRPC status the caller gets and, when the round
 * got far enough to be recorded, its id.
 */
public class RoundFailedException extends RuntimeException implements GrpcError {
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
    @Override
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

    /** The status sent: the code, but a refusal for load is RESOURCE_EXHAUSTED (rate) or UNAVAILABLE (shed). */
    @Override
    public Status.Code statusCode() {
        if (retryAfterNanos > 0) {
            return code == Status.Code.RESOURCE_EXHAUSTED ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.UNAVAILABLE;
        }
        return code;
    }

    /** {@link #reason()}, else the reason the status code implies. */
    @Override
    public String errorReason() {
        if (retryAfterNanos > 0) {
            return code == Status.Code.RESOURCE_EXHAUSTED ? Overload.RATE_LIMITED : Overload.OVERLOADED;
        }
        return reason != null ? reason : switch (code) {
            case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
            case NOT_FOUND -> "NOT_FOUND";
            case ABORTED -> "STALE_VERSION";
            case FAILED_PRECONDITION -> "ROUND_NOT_PENDING";
            case UNAVAILABLE -> "DEPENDENCY_UNAVAILABLE";
            default -> "ROUND_FAILED";
        };
    }
}
