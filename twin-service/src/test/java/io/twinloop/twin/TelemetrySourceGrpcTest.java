package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.TelemetrySource;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binding Kafka topics to networks (SetTelemetrySource, DeleteTelemetrySource, ListTelemetrySources) through real
 * stubs: a binding is listed with its format, group and dead-letter topic; binding again updates it; a topic feeds
 * one network; bad names and formats are INVALID_ARGUMENT naming the field and change nothing; unbinding one topic
 * or all; deleting the network removes its bindings.
 */
@QuarkusTest
class TelemetrySourceGrpcTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    private String network() {
        String net = "sources-" + NAMES.incrementAndGet();
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFromUtf8(EstimateTrafficGrpcTest.TRIANGLE)).build());
        return net;
    }

    private TelemetrySource bind(String net, String topic, String format) {
        return twin.setTelemetrySource(SetTelemetrySourceRequest.newBuilder().setNetwork(net).setKafkaTopic(topic)
                .setFormat(format).build());
    }

    private List<TelemetrySource> list(String net) {
        return twin.listTelemetrySources(ListTelemetrySourcesRequest.newBuilder().setNetwork(net).build()).getSourcesList();
    }

    @Test
    void topicsAreBoundListedUpdatedAndUnbound() {
        String net = network();
        String other = network();
        TelemetrySource s = bind(net, "gnmic." + net, "gnmic-event");
        assertEquals("gnmic-event", s.getFormat());
        assertEquals("twinloop-twin", s.getGroupId(), "the default group");
        assertEquals("gnmic." + net + ".dlq", s.getDeadLetterTopic());
        bind(net, "telegraf." + net, "Telegraf-JSON");
        assertEquals(List.of("gnmic." + net, "telegraf." + net), list(net).stream().map(TelemetrySource::getKafkaTopic).toList());
        assertEquals("telegraf-json", list(net).get(1).getFormat(), "format names are case-insensitive");

        // binding again updates the format and group
        twin.setTelemetrySource(SetTelemetrySourceRequest.newBuilder().setNetwork(net).setKafkaTopic("gnmic." + net)
                .setFormat("twinloop-proto").setGroupId("lab-twins").build());
        TelemetrySource updated = list(net).get(0);
        assertEquals("twinloop-proto", updated.getFormat());
        assertEquals("lab-twins", updated.getGroupId());

        // a topic feeds one network
        var taken = assertThrows(StatusRuntimeException.class, () -> bind(other, "gnmic." + net, "gnmic-event"));
        assertEquals(Status.Code.INVALID_ARGUMENT, taken.getStatus().getCode());
        assertTrue(taken.getStatus().getDescription().contains("already feeds network '" + net + "'"),
                taken.getStatus().getDescription());
        assertEquals(List.of(), list(other));
        assertTrue(twin.listTelemetrySources(ListTelemetrySourcesRequest.getDefaultInstance()).getSourcesList().size() >= 2,
                "an empty network lists every network's bindings");

        // unbind one, then a topic that is not bound, then all
        assertEquals(List.of("telegraf." + net), twin.deleteTelemetrySource(DeleteTelemetrySourceRequest.newBuilder()
                .setNetwork(net).setKafkaTopic("telegraf." + net).build()).getKafkaTopicsList());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> twin.deleteTelemetrySource(
                DeleteTelemetrySourceRequest.newBuilder().setNetwork(net).setKafkaTopic("telegraf." + net).build()))
                .getStatus().getCode());
        bind(net, "snmp." + net, "telegraf-json");
        assertEquals(List.of("gnmic." + net, "snmp." + net), twin.deleteTelemetrySource(DeleteTelemetrySourceRequest
                .newBuilder().setNetwork(net).build()).getKafkaTopicsList());
        assertEquals(List.of(), list(net));

        // deleting a network removes its bindings: the topic is free again
        bind(other, "shared-topic-" + other, "gnmic-event");
        twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(other).build());
        assertEquals("gnmic-event", bind(net, "shared-topic-" + other, "gnmic-event").getFormat());
    }

    @Test
    void badBindingsAreRefusedNamingTheFieldAndChangeNothing() {
        String net = network();
        for (var bad : List.of(
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("bad topic").setFormat("gnmic-event"), "kafka_topic"),
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("..").setFormat("gnmic-event"), "kafka_topic"),
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("x".repeat(250)).setFormat("gnmic-event"), "kafka_topic"),
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("t").setFormat("netflow"), "netflow"),
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("t"), "format"),
                Map.entry(SetTelemetrySourceRequest.newBuilder().setKafkaTopic("t").setFormat("gnmic-event").setGroupId("g/1"), "group_id"))) {
            var e = assertThrows(StatusRuntimeException.class, () -> twin.setTelemetrySource(bad.getKey().setNetwork(net).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.getValue());
            assertTrue(e.getStatus().getDescription().contains(bad.getValue()), e.getStatus().getDescription());
        }
        assertEquals(List.of(), list(net));
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> bind("no-such-network", "t", "gnmic-event")).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> list("no-such-network")).getStatus().getCode());
    }
}
