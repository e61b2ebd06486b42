package io.twinloop.cli.command;

import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.WatchEventsRequest;
import io.twinloop.proto.twin.v1.WatchEventsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * Streams the twin's events for a network: versions, link states, thresholds, divergence; and, every
 * {@code min(30, stale / 4)} seconds, the links whose telemetry went stale (no sample for {@code --stale} seconds,
 * from GetDataQuality) or came back.
 */
@Command(name = "watch", description = {"Stream a network's events (version changes, link state, thresholds, divergence).",
        "Also reports links whose telemetry goes stale (no sample for --stale seconds, default 300; 0 = off) and "
                + "comes back, as STALE / FRESH lines."})
public final class WatchCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Option(names = "--threshold", description = "utilization threshold for THRESHOLD_CROSSED events (default ${DEFAULT-VALUE})",
            defaultValue = "0.8")
    double threshold;

    @Option(names = "--count", description = "stop after this many events (default: until interrupted)")
    int count;

    @Option(names = "--json", description = "one JSON object per line")
    boolean json;

    @Option(names = "--stale", paramLabel = "SECONDS", description = "report links without a sample for this long "
            + "(default ${DEFAULT-VALUE}; 0 = off)", defaultValue = "300")
    double staleSeconds;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            Thread staleWatch = null;
            if (staleSeconds > 0) {
                StaleLinks stale = new StaleLinks(TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services()
                        .get("twin-service"))), network, staleSeconds, json, System.out);
                staleWatch = new Thread(stale, "stale-links");
                staleWatch.setDaemon(true);
                staleWatch.start();
            }
            Iterator<WatchEventsResponse> events = TwinServiceGrpc.newBlockingStub(
                            endpoints.channel(endpoints.services().get("twin-service")))
                    .watchEvents(WatchEventsRequest.newBuilder().setNetwork(network).setUtilizationThreshold(threshold).build());
            int seen = 0;
            while (events.hasNext()) {
                var e = events.next().getEvent();
                synchronized (System.out) {
                    if (json) {
                        System.out.println(Output.json(e).replaceAll("\\s*\\n\\s*", " "));
                    } else {
                        System.out.printf("%s  %-20s %s%n", Instant.ofEpochMilli(e.getTimeUnixMs()),
                                e.getKind().name().replace("EVENT_KIND_", ""), e.getMessage());
                    }
                    System.out.flush();
                }
                if (count > 0 && ++seen >= count) {
                    break;
                }
            }
            if (staleWatch != null) {
                staleWatch.interrupt();
            }
            return 0;
        }
    }
}
