package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/** A change was based on a version that is no longer the latest. Mapped to {@code ABORTED}. */
public class StaleVersionException extends ServiceException {
    private final String network;
    private final long expected;
    private final long actual;

    public StaleVersionException(String network, long expected, long actual) {
        super(Status.Code.ABORTED, "STALE_VERSION", "network '" + network + "' is at version " + actual
                + ", not " + expected
                + "; re-read the network and retry against the latest version");
        this.network = network;
        this.expected = expected;
        this.actual = actual;
    }

    public String network() {
        return network;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
