package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/** A change was based on a version that is no longer the latest. Mapped to {@code ABORTED}. */
public class StaleVersionException extends RuntimeException implements GrpcError {
    private final String network;
    private final long expected;
    private final long actual;

    public StaleVersionException(String network, long expected, long actual) {
        super("network '" + network + "' is at version " + actual + ", not " + expected
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

    @Override
    public Status.Code statusCode() {
        return Status.Code.ABORTED;
    }

    @Override
    public String errorReason() {
        return "STALE_VERSION";
    }
}
