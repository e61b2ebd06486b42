package io.twinloop.twin.kafka;

/** A Kafka message that cannot be read as its topic's format: it is dead-lettered with this reason. */
public class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String reason) {
        super(reason);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
