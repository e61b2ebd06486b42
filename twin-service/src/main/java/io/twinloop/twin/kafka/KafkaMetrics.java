package io.twinloop.twin.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twinloop.twin.store.TelemetrySourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What Kafka telemetry sources consumed, per network and topic, at {@code /q/metrics}:
 * {@code twinloop_kafka_messages_total{outcome=decoded|dead_lettered}},
 * {@code twinloop_kafka_samples_total{outcome=stored|duplicate|rejected}} and
 * {@code twinloop_kafka_consumer_failures_total} (restarts from the committed offsets).
 */
@ApplicationScoped
public class KafkaMetrics {
    private final MeterRegistry registry;

    @Inject
    public KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void stored(TelemetrySourceStore.Source s, int messages, long stored, long duplicates, long rejected) {
        count("twinloop_kafka_messages", s, "decoded", messages);
        count("twinloop_kafka_samples", s, "stored", stored);
        count("twinloop_kafka_samples", s, "duplicate", duplicates);
        count("twinloop_kafka_samples", s, "rejected", rejected);
    }

    void deadLettered(TelemetrySourceStore.Source s) {
        count("twinloop_kafka_messages", s, "dead_lettered", 1);
    }

    void failure(TelemetrySourceStore.Source s) {
        registry.counter("twinloop_kafka_consumer_failures", "network", s.network(), "topic", s.topic()).increment();
    }

    private void count(String name, TelemetrySourceStore.Source s, String outcome, double n) {
        registry.counter(name, "network", s.network(), "topic", s.topic(), "outcome", outcome).increment(n);
    }
}
