package io.twinloop.forecast.grpc;

/** A request field is missing or out of range. Mapped to {@code INVALID_ARGUMENT} with a field violation. */
public class RequestException extends IllegalArgumentException {
    private final String field;

    public RequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as named in the proto. */
    public String field() {
        return field;
    }
}
