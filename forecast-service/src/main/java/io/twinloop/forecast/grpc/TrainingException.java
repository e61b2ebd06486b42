package io.twinloop.forecast.grpc;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/** The history cannot train a model (too short, no regular step). Mapped to {@code FAILED_PRECONDITION}. */
public class TrainingException extends RuntimeException implements GrpcError {
    public TrainingException(String message) {
        super(message);
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.FAILED_PRECONDITION;
    }

    @Override
    public String errorReason() {
        return "CANNOT_TRAIN";
    }
}
