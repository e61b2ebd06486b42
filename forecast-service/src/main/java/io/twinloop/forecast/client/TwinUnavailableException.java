package io.twinloop.forecast.client;

/**
 * The twin could not answer (down, overloaded, or the deadline passed). Mapped to
 * {@code UNAVAILABLE} with reason {@code TWIN_UNAVAILABLE}; clients may retry.
 */
public class TwinUnavailableException extends RuntimeException {
    public TwinUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
