package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/** An unknown network, version or traffic row. Mapped to {@code NOT_FOUND}. */
public class NotFoundException extends ServiceException {
    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id, String message) {
        super(Status.Code.NOT_FOUND, reason(kind), message);
        this.kind = kind;
        this.id = id;
    }

    public NotFoundException(String kind, String id) {
        this(kind, id, kind + " '" + id + "' does not exist");
    }

    /** What kind of thing was missing: {@code network}, {@code version}, {@code traffic-row}. */
    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    /** NETWORK_NOT_FOUND, VERSION_NOT_FOUND, TRAFFIC_ROW_NOT_FOUND. */
    private static String reason(String kind) {
        return kind.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_NOT_FOUND";
    }
}
