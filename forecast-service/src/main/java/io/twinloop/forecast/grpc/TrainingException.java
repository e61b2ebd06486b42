package io.twinloop.forecast.grpc;

/** The history cannot train a model (too short, no regular step). Mapped to {@code FAILED_PRECONDITION}. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }
}
