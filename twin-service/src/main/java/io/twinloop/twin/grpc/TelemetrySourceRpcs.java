package io.twinloop.twin.grpc;

import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceResponse;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesResponse;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.TelemetrySource;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.twin.kafka.KafkaTelemetry;
import io.twinloop.twin.store.TelemetrySourceStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.telemetry.TelemetryFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.regex.Pattern;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/** SetTelemetrySource, DeleteTelemetrySource and ListTelemetrySources: which Kafka topics feed which network. */
@ApplicationScoped
public class TelemetrySourceRpcs {
    /** The consumer group of a binding without its own. */
    public static final String DEFAULT_GROUP = "twinloop-twin";
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9._-]{1,255}");

    @Inject
    TwinStore store;
    @Inject
    TelemetrySourceStore sources;
    @Inject
    TwinConfig config;
    @Inject
    KafkaTelemetry kafka;

    public TelemetrySource setTelemetrySource(SetTelemetrySourceRequest req) {
        String name = networkName(req.getNetwork());
        String topic = topic(req.getKafkaTopic());
        TelemetryFormat format = TelemetryFormat.parse(req.getFormat());
        String group = req.getGroupId().isEmpty() ? DEFAULT_GROUP : req.getGroupId();
        if (!GROUP.matcher(group).matches()) {
            throw new RequestException("group_id", "group_id must be 1 to 255 characters of a-z, A-Z, 0-9, '.', '_' "
                    + "and '-', got '" + cut(group) + "'");
        }
        store.head(name);
        TelemetrySource bound = proto(sources.bind(name, topic, format.id(), group));
        kafka.reconcile();
        return bound;
    }

    public DeleteTelemetrySourceResponse deleteTelemetrySource(DeleteTelemetrySourceRequest req) {
        String name = networkName(req.getNetwork());
        String topic = req.getKafkaTopic().isEmpty() ? "" : topic(req.getKafkaTopic());
        DeleteTelemetrySourceResponse r = DeleteTelemetrySourceResponse.newBuilder().setNetwork(name)
                .addAllKafkaTopics(sources.unbind(name, topic)).build();
        kafka.reconcile();
        return r;
    }

    public ListTelemetrySourcesResponse listTelemetrySources(ListTelemetrySourcesRequest req) {
        String name = req.getNetwork().isEmpty() ? "" : networkName(req.getNetwork());
        if (!name.isEmpty()) {
            store.head(name);
        }
        ListTelemetrySourcesResponse.Builder b = ListTelemetrySourcesResponse.newBuilder()
                .setKafkaBootstrap(config.kafka().bootstrap().orElse(""));
        sources.list(name).forEach(s -> b.addSources(proto(s)));
        return b.build();
    }

    private static String topic(String topic) {
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new RequestException("kafka_topic", "kafka_topic must be 1 to 249 characters of a-z, A-Z, 0-9, '.', "
                    + "'_' and '-' (and not '.' or '..'), got '" + cut(topic) + "'");
        }
        return topic;
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static TelemetrySource proto(TelemetrySourceStore.Source s) {
        return TelemetrySource.newBuilder().setNetwork(s.network()).setKafkaTopic(s.topic()).setFormat(s.format())
                .setGroupId(s.groupId()).setDeadLetterTopic(s.topic() + ".dlq")
                .setBoundAt(Instant.ofEpochMilli(s.boundMs()).toString()).build();
    }
}
