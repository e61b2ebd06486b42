package io.twinloop.forecast.baseline;

/**
 * The network has no measured traffic to forecast from. Mapped to {@code FAILED_PRECONDITION}
 * with reason {@code NO_TRAFFIC_HISTORY}.
 */
public class NoTrafficHistoryException extends RuntimeException {
    private final String network;

    public NoTrafficHistoryException(String network, String message) {
        super(message);
        this.network = network;
    }

    /** The network without traffic. */
    public String network() {
        return network;
    }
}
