package io.twinloop.forecast.baseline;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/**
 * The network has no measured traffic to forecast from. Mapped to {@code FAILED_PRECONDITION}
 * with reason {@code NO_TRAFFIC_HISTORY}.
 */
public class NoTrafficHistoryException extends RuntimeException implements GrpcError {
    private final String network;

    public NoTrafficHistoryException(String network, String message) {
        super(message);
        this.network = network;
    }

    /** The network without traffic. */
    public String network() {
        return network;
    }

    @Override
    public Status.Code statusCode() {
        return Status.Code.FAILED_PRECONDITION;
    }

    @Override
    public String errorReason() {
        return "NO_TRAFFIC_HISTORY";
    }
}
