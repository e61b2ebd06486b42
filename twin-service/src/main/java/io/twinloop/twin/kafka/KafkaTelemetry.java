package io.twinloop.twin.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.model.telemetry.SampleOutcome;
import io.twinloop.twin.store.TelemetrySourceStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.telemetry.DataQuality;
import io.twinloop.twin.telemetry.TelemetryFormat;
import io.twinloop.twin.telemetry.TelemetryIngestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Runs one {@link TopicConsumer} per bound topic (table {@code telemetry_source}) while the twin has a Kafka cluster
 * ({@code twinloop.kafka.bootstrap}): started at start-up, and brought in line with the bindings whenever they change
 * through this twin and every 5 s (so that bindings made through another replica are picked up). Replicas share each
 * binding's consumer group, so the topic's partitions are split between them. Without a cluster nothing runs.
 */
@ApplicationScoped
public class KafkaTelemetry {
    private static final Logger LOG = Logger.getLogger(KafkaTelemetry.class);

    @Inject
    TwinConfig config;
    @Inject
    TelemetrySourceStore sources;
    @Inject
    TelemetryIngestor ingestor;
    @Inject
    KafkaMetrics metrics;
    @Inject
    TwinStore store;
    @Inject
    DataQuality quality;

    private final Map<TelemetrySourceStore.Source, Running> running = new HashMap<>();
    private final Set<TelemetrySourceStore.Source> undecodable = new HashSet<>();
    private Producer<byte[], byte[]> deadLetters;
    private boolean shutdown;

    private record Running(TopicConsumer consumer, Thread thread) {
    }

    void onStart(@Observes StartupEvent e) {
        config.kafka().bootstrap().ifPresent(b -> {
            LOG.infof("kafka: consuming bound telemetry topics from %s", b);
            reconcile();
        });
    }

    void onStop(@Observes ShutdownEvent e) {
        synchronized (this) {
            shutdown = true;
            running.values().forEach(r -> r.consumer().stop());
        }
        for (Running r : List.copyOf(running.values())) {
            try {
                r.thread().join(10_000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            running.clear();
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
    }

    /** Starts consumers for new bindings and stops those of removed or changed ones. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void reconcile() {
        Optional<String> bootstrap = config.kafka().bootstrap();
        if (bootstrap.isEmpty() || shutdown) {
            return;
        }
        Set<TelemetrySourceStore.Source> wanted = new HashSet<>();
        for (TelemetrySourceStore.Source s : sources.list("")) {
            wanted.add(new TelemetrySourceStore.Source(s.network(), s.topic(), s.format(), s.groupId(), 0));
        }
        running.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey()) || !e.getValue().thread().isAlive()) {
                e.getValue().consumer().stop();
                return true;
            }
            return false;
        });
        for (TelemetrySourceStore.Source s : wanted) {
            if (decoder(s) == null) {
                if (undecodable.add(s)) {
                    LOG.warnf("kafka: topic %s of network %s has format %s, which this twin version does not decode yet; "
                            + "it is not consumed", s.topic(), s.network(), s.format());
                }
                continue;
            }
            if (!running.containsKey(s)) {
                TopicConsumer c = new TopicConsumer(s, bootstrap.get(), ingestor, producer(bootstrap.get()),
                        this::decoder, metrics);
                Thread t = new Thread(c, "kafka-" + s.network() + "-" + s.topic());
                t.setDaemon(true);
                t.start();
                running.put(s, new Running(c, t));
                LOG.infof("kafka: consuming topic %s (%s, group %s) into network %s", s.topic(), s.format(), s.groupId(),
                        s.network());
            }
        }
    }

    /** The topics consumed now, for tests and the status. */
    public synchronized List<String> consumedTopics() {
        return running.keySet().stream().map(TelemetrySourceStore.Source::topic).sorted().toList();
    }

    /** A new decoder for the binding's format (null for a format this version would not decode). */
    MessageDecoder decoder(TelemetrySourceStore.Source s) {
        return switch (TelemetryFormat.parse(s.format())) {
            case TWINLOOP_PROTO -> new ProtoDecoder(s.network());
            case GNMIC_EVENT -> new GnmicEventDecoder(feed(s));
            case TELEGRAF_JSON -> new TelegrafJsonDecoder(feed(s));
        };
    }

    private CounterFeed feed(TelemetrySourceStore.Source s) {
        return new CounterFeed(s.network(), new LatestIndex(store, s.network()), new CounterFeed.Counts() {
            @Override
            public void counter(SampleOutcome outcome) {
                metrics.counterSample(s, outcome);
            }

            @Override
            public void unknown(String device, String iface) {
                metrics.unknownInterface(s, device);
            }
        }, quality);
    }

    private Producer<byte[], byte[]> producer(String bootstrap) {
        if (deadLetters == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "twinloop-twin-dead-letters");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            deadLetters = new KafkaProducer<>(p);
        }
        return deadLetters;
    }
}
