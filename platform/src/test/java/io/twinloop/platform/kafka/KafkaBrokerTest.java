package io.twinloop.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test broker is a real Kafka: the services' client (kafka-clients from the Quarkus BOM) creates a topic on it,
 * produces a record to a chosen partition and reads it back in a consumer group; closing it stops the broker.
 */
class KafkaBrokerTest {
    private static final String TOPIC = "twinloop.test.counters";

    @Test
    void aProducedRecordComesBackToAConsumerGroupAndCloseStopsTheBroker() throws Exception {
        KafkaBroker kafka = KafkaBroker.start();
        Path log = kafka.logFile();
        try (kafka) {
            assertEquals("127.0.0.1:" + kafka.port(), kafka.bootstrapServers());
            Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());

            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
                TopicDescription topic = admin.describeTopics(Set.of(TOPIC)).allTopicNames()
                        .get(60, TimeUnit.SECONDS).get(TOPIC);
                assertEquals(3, topic.partitions().size(), topic.toString());
                // node.id=1 in kafka/broker.properties: the one broker leads every partition
                topic.partitions().forEach(p -> assertEquals(1, p.leader().id(), p.toString()));
            }

            String value = "{\"link\":\"ATLA-HSTN\",\"in_octets\":123456789}";
            RecordMetadata sent;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(common, new StringSerializer(),
                    new StringSerializer())) {
                sent = producer.send(new ProducerRecord<>(TOPIC, 2, "abilene", value)).get(60, TimeUnit.SECONDS);
            }
            assertEquals(2, sent.partition());
            assertEquals(0, sent.offset(), "the first record of a new partition");

            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.isEmpty() && System.nanoTime() < until) {
                    consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                }
                consumer.commitSync();
            }
            assertEquals(1, received.size(), "records read back; broker log: " + log);
            ConsumerRecord<String, String> record = received.get(0);
            assertEquals("abilene", record.key());
            assertEquals(value, record.value());
            assertEquals(2, record.partition());
            assertEquals(0, record.offset());
            assertTrue(kafka.isRunning());
        }
        assertFalse(kafka.isRunning(), "close stops the broker");
        assertFalse(KafkaBroker.accepts(kafka.port()), "nothing listens on the broker's port after close");
        assertFalse(Files.exists(log), "close deletes the broker's directory");
    }
}
