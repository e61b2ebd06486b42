package io.twinloop.twin.store;

/** The database failed underneath a request. Mapped to {@code UNAVAILABLE}; details stay in the log. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
