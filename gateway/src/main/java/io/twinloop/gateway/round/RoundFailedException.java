package io.twinloop.gateway.round;

import io.grpc.Status;

/**
 * A round that could not complete, with the gRPC status the caller gets and, when the round
 * got far enough to be recorded, its id.
 */
public class RoundFailedException extends RuntimeException {
    private final Status.Code code;
    private final String roundId;

    public RoundFailedException(Status.Code code, String roundId, String message) {
        super(message);
        this.code = code;
        this.roundId = roundId;
    }

    public Status.Code code() {
        return code;
    }

    /** The recorded round's id, or empty when nothing was recorded (bad input). */
    public String roundId() {
        return roundId;
    }
}
