package io.twinloop.forecast.client;

/**
 * The twin failed a call in a way the forecast-service cannot explain to its caller (e.g. an
 * internal error in the twin). Mapped to {@code INTERNAL} with reason {@code TWIN_ERROR}.
 */
public class TwinCallException extends RuntimeException {
    public TwinCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
