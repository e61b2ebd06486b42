package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceResponse;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesResponse;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.TelemetrySource;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code source}: binds a Kafka topic to a network (the twin consumes its telemetry messages), lists the
 * network's bindings, or unbinds them.
 */
@Command(name = "source", description = {
        "Bind a Kafka topic to a network: the twin consumes its telemetry messages into the network's link telemetry.",
        "Formats: gnmic-event (gnmic's event JSON: interface octet counters per device and interface name), "
                + "telegraf-json (Telegraf's JSON serializer, gnmi and snmp inputs), twinloop-proto (IngestTelemetryRequest).",
        "--list lists the network's topics; --off unbinds --kafka-topic, or every topic of the network without it."})
public final class SourceCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC", description = "the Kafka topic")
    String topic;

    @Option(names = "--format", paramLabel = "FORMAT", description = "gnmic-event, telegraf-json or twinloop-proto")
    String format;

    @Option(names = "--group", paramLabel = "GROUP_ID", description = "Kafka consumer group id (default twinloop-twin)")
    String group;

    @Option(names = "--list", description = "list the network's topics")
    boolean list;

    @Option(names = "--off", description = "unbind --kafka-topic, or every topic of the network")
    boolean off;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (list && off) {
            throw new CliException("--list and --off contradict each other");
        }
        if ((list || off) && (format != null || group != null)) {
            throw new CliException("--format and --group are for binding a topic; leave them out with --list or --off");
        }
        if (list && topic != null) {
            throw new CliException("--list lists every topic of the network; leave out --kafka-topic");
        }
        if (!list && !off && (topic == null || format == null)) {
            throw new CliException("binding needs --kafka-topic TOPIC and --format gnmic-event|telegraf-json|twinloop-proto "
                    + "(or use --list or --off)");
        }
        try (Endpoints ignored = endpoints) {
            TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(
                    endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS);
            if (list) {
                ListTelemetrySourcesResponse r = twin.listTelemetrySources(
                        ListTelemetrySourcesRequest.newBuilder().setNetwork(network).build());
                if (json) {
                    System.out.println(Output.json(r));
                    return 0;
                }
                if (r.getSourcesCount() == 0) {
                    System.out.printf("network %s: no Kafka topic bound%n", network);
                }
                for (TelemetrySource s : r.getSourcesList()) {
                    System.out.printf("%-40s %-15s group %s, dead letters to %s%n", s.getKafkaTopic(), s.getFormat(),
                            s.getGroupId(), s.getDeadLetterTopic());
                }
                System.out.println(r.getKafkaBootstrap().isEmpty()
                        ? "the twin has no Kafka cluster configured (TWINLOOP_KAFKA_BOOTSTRAP, or TWINLOOP_KAFKA=1 ./twinloop up): "
                        + "bindings are kept, nothing is consumed"
                        : "consuming from " + r.getKafkaBootstrap());
                return 0;
            }
            if (off) {
                DeleteTelemetrySourceResponse r = twin.deleteTelemetrySource(DeleteTelemetrySourceRequest.newBuilder()
                        .setNetwork(network).setKafkaTopic(topic == null ? "" : topic).build());
                if (json) {
                    System.out.println(Output.json(r));
                } else {
                    System.out.printf("network %s: unbound %s%n", network, r.getKafkaTopicsCount() == 0 ? "nothing (no topic was bound)"
                            : String.join(", ", r.getKafkaTopicsList()));
                }
                return 0;
            }
            TelemetrySource s = twin.setTelemetrySource(SetTelemetrySourceRequest.newBuilder().setNetwork(network)
                    .setKafkaTopic(topic).setFormat(format).setGroupId(group == null ? "" : group).build());
            if (json) {
                System.out.println(Output.json(s));
            } else {
                System.out.printf("network %s: topic %s bound (%s, group %s; poison messages go to %s)%n", s.getNetwork(),
                        s.getKafkaTopic(), s.getFormat(), s.getGroupId(), s.getDeadLetterTopic());
            }
        }
        return 0;
    }
}
