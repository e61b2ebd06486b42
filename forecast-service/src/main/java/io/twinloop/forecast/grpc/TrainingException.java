package io.twinloop.forecast.grpc;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/** The history cannot train a model (too short, no regular step). Mapped to {@code FAILED_PRECONDITION}. */
public class TrainingException extends ServiceException {
    public TrainingException(String message) {
        super(Status.Code.FAILED_PRECONDITION, "CANNOT_TRAIN", message);
    }
}
