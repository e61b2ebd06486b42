package io.twinloop.twin.store;

import io.grpc.Status;
import io.twinloop.platform.grpc.ServiceException;

/** The database failed underneath a request. Mapped to {@code UNAVAILABLE}; details stay in the log. */
public class StoreException extends ServiceException {
    public StoreException(String message, Throwable cause) {
        super(Status.Code.UNAVAILABLE, "STORE_UNAVAILABLE", message, cause);
    }

    /** The details stay in the log. */
    @Override
    public String statusMessage() {
        return "the twin's database is not available; retry later";
    }

    @Override
    public boolean logAsError() {
        return true;
    }
}
