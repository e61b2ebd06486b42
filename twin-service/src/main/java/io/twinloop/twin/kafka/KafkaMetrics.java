package io.twinloop.twin.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.twinloop.twin.store.TelemetrySourceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What Kafka telemetry sources consumed, per network and topic, at {@code /q/metrics}:
 * {@code twinloop_kafka_messages_total{outcome=decoded|dead_lettered}},
 * {@code twinloop_kafka_samples_total{outcome=stored|duplicate|rejected}},
 * {@code twinloop_kafka_counter_samples_total{outcome=baseline|rate|wrap|reset_marked|backward_unmarked|absurd_rate|
 * duplicate|out_of_order|future}} (counter formats), {@code twinloop_kafka_unknown_interfaces_total{device}} and
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

    void counterSample(TelemetrySourceStore.Source s, io.twinloop.model.telemetry.SampleOutcome outcome) {
        count("twinloop_kafka_counter_samples", s, outcome.name().toLowerCase(java.util.Locale.ROOT), 1);
    }

    void unknownInterface(TelemetrySourceStore.Source s, String device) {
        registry.counter("twinloop_kafka_unknown_interfaces", "network", s.network(), "topic", s.topic(), "device", device)
                .increment();
    }

    void failure(TelemetrySourceStore.Source s) {
        registry.counter("twinloop_kafka_consumer_failures", "network", s.network(), "topic", s.topic()).increment();
    }

    private void count(String name, TelemetrySourceStore.Source s, String outcome, double n) {
        registry.counter(name, "network", s.network(), "topic", s.topic(), "outcome", outcome).increment(n);
    }
}
