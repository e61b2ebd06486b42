package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.GrpcError;

/** An unknown network, version or traffic row. Mapped to {@code NOT_FOUND}. */
public class NotFoundException extends RuntimeException implements GrpcError {
    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id, String message) {
        super(message);
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

    @Override
    public Status.Code statusCode() {
        return Status.Code.NOT_FOUND;
    }

    @Override
    public String errorReason() {
        return kind.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_NOT_FOUND";
    }
}
