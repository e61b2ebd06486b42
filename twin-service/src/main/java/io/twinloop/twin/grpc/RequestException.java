package io.twinloop.twin.grpc;

/** A request field is missing or out of range. Mapped to {@code INVALID_ARGUMENT}. */
public class RequestException extends IllegalArgumentException {
    private final String field;

    public RequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
