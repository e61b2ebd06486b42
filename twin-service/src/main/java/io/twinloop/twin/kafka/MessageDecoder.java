package io.twinloop.twin.kafka;

import io.twinloop.twin.telemetry.LinkSample;

import java.util.List;

/**
 * Turns one Kafka message of a topic's format into link samples of the topic's network. A decoder may keep state
 * between messages (counters become rates against the previous sample of the same counter); one decoder serves one
 * consumer, from one thread.
 */
public interface MessageDecoder {

    /**
     * The samples of one message (possibly none, e.g. the first sample of a counter).
     *
     * @throws MalformedMessageException when the message cannot be read as the format
     */
    List<LinkSample> decode(byte[] value) throws MalformedMessageException;
}
