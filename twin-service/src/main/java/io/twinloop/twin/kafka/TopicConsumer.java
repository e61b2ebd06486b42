package io.twinloop.twin.kafka;

import io.twinloop.twin.store.NotFoundException;
import io.twinloop.twin.store.TelemetrySourceStore;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.Rejection;
import io.twinloop.twin.telemetry.TelemetryIngestor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Consumes one bound topic into its network's link telemetry, at least once: each polled batch is decoded, stored
 * through a {@link TelemetryIngestor} session (a sample the twin already has is a duplicate, counted once), made
 * durable, and only then are the batch's offsets committed. A crash between the two re-reads the batch, which stores
 * nothing twice. A message that cannot be decoded is sent to the dead-letter topic with its reason (headers
 * {@code twinloop-reason}, {@code twinloop-topic}, {@code twinloop-partition}, {@code twinloop-offset}) before the
 * offsets move past it, so a poison message never blocks its partition and is never lost. Any other failure (the
 * store unavailable) closes the consumer and starts again from the committed offsets after a pause.
 */
final class TopicConsumer implements Runnable {
    private static final Logger LOG = Logger.getLogger(TopicConsumer.class);
    static final String REASON = "twinloop-reason";

    private final TelemetrySourceStore.Source source;
    private final String bootstrap;
    private final TelemetryIngestor ingestor;
    private final Producer<byte[], byte[]> deadLetters;
    private final Function<TelemetrySourceStore.Source, MessageDecoder> decoders;
    private final KafkaMetrics metrics;
    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    TopicConsumer(TelemetrySourceStore.Source source, String bootstrap, TelemetryIngestor ingestor,
                  Producer<byte[], byte[]> deadLetters, Function<TelemetrySourceStore.Source, MessageDecoder> decoders,
                  KafkaMetrics metrics) {
        this.source = source;
        this.bootstrap = bootstrap;
        this.ingestor = ingestor;
        this.deadLetters = deadLetters;
        this.decoders = decoders;
        this.metrics = metrics;
    }

    TelemetrySourceStore.Source source() {
        return source;
    }

    /** Asks the loop to end; it closes its consumer (leaving the group) on its way out. */
    void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            MessageDecoder decoder = decoders.apply(source); // fresh counter state after a restart: rates resume
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                c.subscribe(List.of(source.topic()));
                while (!stopped) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        store(records, decoder);
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // stop() woke the poll
            } catch (NotFoundException e) {
                LOG.warnf("kafka: network %s of topic %s no longer exists; the topic is no longer consumed",
                        source.network(), source.topic());
                return;
            } catch (RuntimeException e) {
                metrics.failure(source);
                LOG.warnf(e, "kafka: consuming topic %s for network %s failed; resuming from the committed offsets in 2 s",
                        source.topic(), source.network());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void store(ConsumerRecords<byte[], byte[]> records, MessageDecoder decoder) {
        TelemetryIngestor.Session session = ingestor.open();
        boolean done = false;
        try {
            int messages = 0;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                List<LinkSample> samples;
                try {
                    samples = decoder.decode(r.value() == null ? new byte[0] : r.value());
                } catch (MalformedMessageException e) {
                    deadLetter(r, e.getMessage());
                    continue;
                }
                messages++;
                for (LinkSample s : samples) {
                    session.offer(source.network(), s);
                }
            }
            TelemetryIngestor.Summary sum = session.finish();
            done = true;
            metrics.stored(source, messages, sum.accepted(), sum.duplicates(), sum.rejected());
            if (sum.rejected() > 0) {
                LOG.debugf("kafka: topic %s: %d samples rejected (unknown links %s, %d rates out of range)",
                        source.topic(), sum.rejected(), sum.unknownLinkIds(), sum.rejected(Rejection.RATE_OUT_OF_RANGE));
            }
        } finally {
            if (!done) {
                session.abort();
            }
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(source.topic() + ".dlq", r.key(), r.value());
        dead.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8))
                .add("twinloop-topic", r.topic().getBytes(StandardCharsets.UTF_8))
                .add("twinloop-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8))
                .add("twinloop-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(dead).get(30, TimeUnit.SECONDS); // durable before the offset moves past the message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter a message of " + r.topic() + ": " + e.getMessage(), e);
        }
        metrics.deadLettered(source);
        LOG.warnf("kafka: topic %s partition %d offset %d dead-lettered to %s.dlq: %s", r.topic(), r.partition(),
                r.offset(), source.topic(), reason);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, source.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "twinloop-twin-" + source.network() + "-" + source.topic());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
