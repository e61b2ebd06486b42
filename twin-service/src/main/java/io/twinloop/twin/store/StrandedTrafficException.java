package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.model.OdPair;
import io.twinloop.platform.grpc.ServiceException;

/**
 * A re-import would leave stored traffic on OD pairs whose nodes the new topology lacks.
 * Mapped to {@code FAILED_PRECONDITION} (reason {@code TRAFFIC_STRANDED}).
 */
public class StrandedTrafficException extends ServiceException {
    private final String network;
    private final OdPair first;
    private final int stranded;

    public StrandedTrafficException(String network, OdPair first, String missingNode, int stranded, int pairs) {
        super(Status.Code.FAILED_PRECONDITION, "TRAFFIC_STRANDED", "re-importing network '" + network
                + "' would strand " + stranded + " of the " + pairs
                + " OD pairs of its stored traffic (the first: " + first.label() + "; node '" + missingNode
                + "' is not in the new topology); import with replace (CLI: --replace) to drop those pairs' "
                + "traffic, or delete the network first");
        this.network = network;
        this.first = first;
        this.stranded = stranded;
    }

    public String network() {
        return network;
    }

    /** The first stranded pair, in the series' column order. */
    public OdPair first() {
        return first;
    }

    /** How many pairs would be stranded. */
    public int stranded() {
        return stranded;
    }
}
