package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.kafka.KafkaBrokerResource;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.GetDataQualityRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.LinkDataQuality;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kafka telemetry sources against a real KRaft broker (platform's KafkaBroker, Kafka's own jars in a separate
 * JVM), published with the Kafka client: a bound topic's twinloop-proto messages become stored link telemetry; a
 * resent message stores nothing twice; a poison message (not protobuf, or for another network) is dead-lettered to
 * TOPIC.dlq with its reason and does not block what follows it; the group's committed offset covers every message
 * once they are stored; unbinding stops the consumer; the counters at /q/metrics say what happened. gnmic event
 * messages on an RFC 8345 network: out-octets of (device, interface) become the rate of the link leaving that
 * interface, computed here by hand (8 x delta octets / delta t, stamped with the later sample), in-octets are not
 * stored, unknown interfaces and unmarked backward steps are counted, malformed messages dead-lettered.
 */
@QuarkusTest
@TestProfile(KafkaTelemetryTest.WithBroker.class)
class KafkaTelemetryTest {

    /** A broker of its own. */
    public static final class WithBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class));
        }
    }

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("twinloop.kafka.bootstrap", String.class);
    }

    private static IngestTelemetryRequest message(String network, Map<String, String> ids, long timeMs, double factor) {
        IngestTelemetryRequest.Builder b = IngestTelemetryRequest.newBuilder().setNetwork(network);
        EstimateTrafficGrpcTest.RATES.forEach((pair, bps) -> b.addSamples(LinkSample.newBuilder().setTimeUnixMs(timeMs)
                .setLinkId(ids.get(pair)).setRateBps(bps * factor)));
        return b.build();
    }

    @Test
    void boundTopicsAreStoredOnceAndPoisonIsDeadLettered() throws Exception {
        String net = "kafka-tri";
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFromUtf8(EstimateTrafficGrpcTest.TRIANGLE)).build());
        Map<String, String> ids = new HashMap<>();
        twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(net).build()).getTopology().getLinksList()
                .forEach(l -> ids.put(l.getSrc() + "->" + l.getDst(), l.getId()));
        String topic = "telemetry." + net;
        twin.setTelemetrySource(SetTelemetrySourceRequest.newBuilder().setNetwork(net).setKafkaTopic(topic)
                .setFormat("twinloop-proto").setGroupId("twin-test").build());
        assertEquals(bootstrap(), twin.listTelemetrySources(ListTelemetrySourcesRequest.newBuilder().setNetwork(net).build())
                .getKafkaBootstrap());

        long t1 = 1_700_000_000_000L;
        long t2 = t1 + 10_000;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            List<byte[]> values = List.of(
                    message(net, ids, t1, 1).toByteArray(),
                    "{\"not\": \"protobuf\"}".getBytes(StandardCharsets.UTF_8),
                    message(net, ids, t1, 1).toByteArray(),                 // resent: stored once
                    message("another-net", ids, t2, 5).toByteArray(),      // wrong network: dead-lettered
                    message("", ids, t2, 2).toByteArray());                 // empty network: the topic's
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, v)).get(30, TimeUnit.SECONDS);
            }
        }

        GetTelemetryRequest all = GetTelemetryRequest.newBuilder().setNetwork(net).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (twin.getTelemetry(all).getSamplesCount() < 12 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        var stored = twin.getTelemetry(all).getSamplesList();
        assertEquals(12, stored.size(), "two times x six links, the resent message once: " + stored);
        for (var s : stored) {
            String pair = ids.entrySet().stream().filter(e -> e.getValue().equals(s.getLinkId())).findFirst().orElseThrow().getKey();
            assertEquals(EstimateTrafficGrpcTest.RATES.get(pair) * (s.getTimeUnixMs() == t1 ? 1 : 2), s.getRateBps(), 1e-6, s.toString());
        }

        // the two poison messages, with their reasons, in the dead-letter topic
        List<ConsumerRecord<byte[], byte[]>> dead = consume(topic + ".dlq", 2);
        assertEquals(2, dead.size());
        String first = new String(dead.get(0).headers().lastHeader("twinloop-reason").value(), StandardCharsets.UTF_8);
        String second = new String(dead.get(1).headers().lastHeader("twinloop-reason").value(), StandardCharsets.UTF_8);
        assertTrue(first.contains("not an IngestTelemetryRequest"), first);
        assertTrue(second.contains("network 'another-net'") && second.contains("'" + net + "'"), second);
        assertEquals("1", new String(dead.get(0).headers().lastHeader("twinloop-offset").value(), StandardCharsets.UTF_8));
        assertEquals("{\"not\": \"protobuf\"}", new String(dead.get(0).value(), StandardCharsets.UTF_8), "the message as it came");

        // every message is committed once stored or dead-lettered
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(ap)) {
            long committed = -1;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (committed < 5 && System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("twin-test")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                OffsetAndMetadata o = offsets.get(new TopicPartition(topic, 0));
                committed = o == null ? -1 : o.offset();
                Thread.sleep(100);
            }
            assertEquals(5, committed, "the group's offset is past all five messages");
        }

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(2.0, metric(metrics, "twinloop_kafka_messages_total", net, topic, "dead_lettered"));
        assertEquals(3.0, metric(metrics, "twinloop_kafka_messages_total", net, topic, "decoded"));
        assertEquals(6.0, metric(metrics, "twinloop_kafka_samples_total", net, topic, "duplicate"));
        assertEquals(12.0, metric(metrics, "twinloop_kafka_samples_total", net, topic, "stored"));

        // unbound: later messages are left alone
        twin.deleteTelemetrySource(DeleteTelemetrySourceRequest.newBuilder().setNetwork(net).build());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, 0, null, message(net, ids, t2 + 10_000, 3).toByteArray())).get(30, TimeUnit.SECONDS);
        }
        Thread.sleep(3000);
        assertEquals(12, twin.getTelemetry(all).getSamplesCount(), "nothing consumed after unbinding");
    }

    /** Two routers, one link each way, as RFC 8345 JSON: r1 Ethernet1 -> r2 Ethernet2 ("l12") and back ("l21"). */
    static final String RFC8345 = """
            {"ietf-network:networks": {"network": [{"network-id": "ip",
              "node": [{"node-id": "r1"}, {"node-id": "r2"}],
              "ietf-network-topology:link": [
                {"link-id": "l12", "source": {"source-node": "r1", "source-tp": "Ethernet1"},
                 "destination": {"dest-node": "r2", "dest-tp": "Ethernet2"}},
                {"link-id": "l21", "source": {"source-node": "r2", "source-tp": "Ethernet2"},
                 "destination": {"dest-node": "r1", "dest-tp": "Ethernet1"}}]}]}}
            """;

    private static String event(long ns, String source, String iface, String path, String value) {
        return "{\"name\": \"ifcounters\", \"timestamp\": " + ns + ", \"tags\": {\"source\": \"" + source
                + "\", \"interface_name\": \"" + iface + "\", \"subscription-name\": \"ifcounters\"}, \"values\": {\""
                + "/interfaces/interface/state/counters/" + path + "\": " + value + "}}";
    }

    @Test
    void gnmicEventCountersBecomeLinkRatesOfTheInterfacesLinks() throws Exception {
        String net = "kafka-gnmic";
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net).setFileName("ip.json")
                .setContent(ByteString.copyFromUtf8(RFC8345)).build());
        String topic = "gnmic." + net;
        twin.setTelemetrySource(SetTelemetrySourceRequest.newBuilder().setNetwork(net).setKafkaTopic(topic)
                .setFormat("gnmic-event").build());
        long t0 = (System.currentTimeMillis() - 3_600_000L) * 1_000_000L; // an hour ago, in ns
        long s = 1_000_000_000L;
        List<String> messages = List.of(
                // baselines of r1's out-octets (l12) and r2's in-octets (l12's other end), with the gNMI port on the source
                "[" + event(t0, "r1:57400", "Ethernet1", "out-octets", "1000") + ","
                        + event(t0, "r2:57400", "Ethernet2", "in-octets", "\"5000\"") + "]",
                // 10 s later: +12,500,000 octets = 10 Mbit/s on l12; an unknown interface is counted, not stored
                "[" + event(t0 + 10 * s, "r1:57400", "Ethernet1", "out-octets", "12501000") + ","
                        + event(t0 + 10 * s, "r1:57400", "Ethernet7", "out-octets", "99") + ","
                        // the far end counted 2 % less: 12,250,000 octets in 10 s = 9.8 Mbit/s
                        + event(t0 + 10 * s, "r2:57400", "Ethernet2", "in-octets", "\"12255000\"") + "]",
                "not json at all",
                // 20 s later: +25,000,000 octets = 10 Mbit/s again
                "[" + event(t0 + 30 * s, "r1:57400", "Ethernet1", "out-octets", "37501000") + "]",
                // r2's out-octets on Ethernet2 feed l21: baseline, then 4 Mbit/s over 5 s
                "[" + event(t0 + 30 * s, "r2", "Ethernet2", "out-octets", "0") + "]",
                "[" + event(t0 + 35 * s, "r2", "Ethernet2", "out-octets", "2500000") + "]",
                // backwards without a marker: counted, no rate
                "[" + event(t0 + 40 * s, "r2", "Ethernet2", "out-octets", "100") + "]",
                "[{\"timestamp\": 5, \"tags\": {}, \"values\": {}}]");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String m : messages) {
                producer.send(new ProducerRecord<>(topic, 0, null, m.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
        GetTelemetryRequest all = GetTelemetryRequest.newBuilder().setNetwork(net).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (twin.getTelemetry(all).getSamplesCount() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000); // nothing more may come
        var stored = twin.getTelemetry(all).getSamplesList();
        assertEquals(3, stored.size(), stored.toString());
        Map<String, List<double[]>> byLink = new HashMap<>();
        stored.forEach(x -> byLink.computeIfAbsent(x.getLinkId(), k -> new ArrayList<>())
                .add(new double[] {x.getTimeUnixMs(), x.getRateBps()}));
        long ms0 = t0 / 1_000_000L;
        // l12: 12,500,000 octets x 8 / 10 s, then 25,000,000 x 8 / 20 s; stamped with the later sample's time
        assertEquals(List.of(List.of((double) ms0 + 10_000, 1e7), List.of((double) ms0 + 30_000, 1e7)),
                byLink.get("l12").stream().map(a -> List.of(a[0], a[1])).toList());
        assertEquals(List.of(List.of((double) ms0 + 35_000, 4e6)),
                byLink.get("l21").stream().map(a -> List.of(a[0], a[1])).toList());

        List<ConsumerRecord<byte[], byte[]>> dead = consume(topic + ".dlq", 2);
        assertEquals(2, dead.size());
        assertTrue(new String(dead.get(0).headers().lastHeader("twinloop-reason").value(), StandardCharsets.UTF_8)
                .startsWith("not JSON"));
        assertTrue(new String(dead.get(1).headers().lastHeader("twinloop-reason").value(), StandardCharsets.UTF_8)
                .contains("tags.source"));

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(1.0, metric(metrics, "twinloop_kafka_counter_samples_total", net, topic, "backward_unmarked"));
        assertEquals(4.0, metric(metrics, "twinloop_kafka_counter_samples_total", net, topic, "rate"));

        // data quality: l12's two ends disagree by 2 %; l21 saw one unmarked reset; ages from the last samples
        Map<String, LinkDataQuality> quality = new HashMap<>();
        twin.getDataQuality(GetDataQualityRequest.newBuilder().setNetwork(net).build()).getLinksList()
                .forEach(q -> quality.put(q.getLinkId(), q));
        LinkDataQuality l12 = quality.get("l12");
        assertEquals(1e7, l12.getOutRateBps(), 1e-6);
        assertEquals(9.8e6, l12.getInRateBps(), 1e-6);
        assertEquals(0.02, l12.getDisagreement(), 1e-12);
        assertEquals(java.time.Instant.ofEpochMilli(ms0 + 30_000).toString(), l12.getLastSampleTime());
        assertTrue(l12.getLastSampleAgeSeconds() > 3500, "the samples are an hour old: " + l12);
        LinkDataQuality l21 = quality.get("l21");
        assertEquals(1, l21.getResets());
        assertEquals(4e6, l21.getOutRateBps(), 1e-6);
        assertEquals(-1, l21.getInRateBps(), "r1's in-octets never came");
        assertEquals(-1, l21.getDisagreement());
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("twinloop_kafka_unknown_interfaces_total{") && l.contains("device=\"r1\"")
                && l.contains("topic=\"" + topic + "\"") && l.endsWith(" 1.0")), metrics.lines().filter(l -> l.startsWith("twinloop_kafka")).toList().toString());
    }

    /** The value of a counter in Prometheus text, found by its labels in any order. */
    private static double metric(String text, String name, String network, String topic, String outcome) {
        return text.lines().filter(l -> l.startsWith(name + "{") && l.contains("network=\"" + network + "\"")
                        && l.contains("topic=\"" + topic + "\"") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + outcome + " not in " + text.lines()
                        .filter(l -> l.startsWith("twinloop_kafka")).toList()));
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
