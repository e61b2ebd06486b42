package io.twinloop.forecast.baseline;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/**
 * The network has no measured traffic to forecast from. Mapped to {@code FAILED_PRECONDITION}
 * with reason {@code NO_TRAFFIC_HISTORY}.
 */
public class NoTrafficHistoryException extends ServiceException {
    private final String network;

    public NoTrafficHistoryException(String network, String message) {
        super(Status.Code.FAILED_PRECONDITION, "NO_TRAFFIC_HISTORY", message);
        this.network = network;
    }

    /** The network without traffic. */
    public String network() {
        return network;
    }
}
