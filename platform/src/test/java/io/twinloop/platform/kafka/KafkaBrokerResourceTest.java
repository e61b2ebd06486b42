package io.twinloop.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Quarkus test resource points both the twin's setting and Quarkus' Kafka clients at a broker it runs. */
class KafkaBrokerResourceTest {
    @Test
    void startGivesTheBrokersAddressAndStopStopsIt() {
        KafkaBrokerResource resource = new KafkaBrokerResource();
        Map<String, String> config = resource.start();
        String bootstrap = config.get("twinloop.kafka.bootstrap");
        int port = Integer.parseInt(bootstrap.substring("127.0.0.1:".length()));
        try {
            assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
            assertEquals(bootstrap, config.get("kafka.bootstrap.servers"));
            assertTrue(KafkaBroker.accepts(port), "the broker listens on " + bootstrap);
        } finally {
            resource.stop();
        }
        assertFalse(KafkaBroker.accepts(port), "stop stops the broker");
    }
}
