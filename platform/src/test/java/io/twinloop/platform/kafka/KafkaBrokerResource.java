package io.twinloop.platform.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a Quarkus test its own {@link KafkaBroker} and points the application at it: the returned configuration sets
 * {@code twinloop.kafka.bootstrap} (what the environment variable {@code TWINLOOP_KAFKA_BOOTSTRAP}, which
 * {@code ./twinloop up} passes to the twin, becomes in Quarkus' configuration) and {@code kafka.bootstrap.servers}
 * (Quarkus' own Kafka clients). Use with {@code @QuarkusTestResource(KafkaBrokerResource.class)}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka broker", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not start the Kafka broker", e);
        }
        return Map.of(
                "twinloop.kafka.bootstrap", broker.bootstrapServers(),
                "kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
