package io.twinloop.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the services listen, from options or the environment, and the channels to them.
 * Channels are created lazily and closed when the command ends.
 */
public final class Endpoints implements AutoCloseable {
    @Option(names = "--gateway", description = "gateway address host:port (env TWINLOOP_GATEWAY, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_GATEWAY:-localhost:9090}")
    String gateway;

    @Option(names = "--twin", description = "twin-service address (env TWINLOOP_TWIN, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_TWIN:-localhost:9091}")
    String twin;

    @Option(names = "--forecast", description = "forecast-service address (env TWINLOOP_FORECAST, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_FORECAST:-localhost:9092}")
    String forecast;

    @Option(names = "--planner", description = "planner-service address (env TWINLOOP_PLANNER, default ${DEFAULT-VALUE})",
            defaultValue = "${env:TWINLOOP_PLANNER:-localhost:9093}")
    String planner;

    @Option(names = "--timeout", description = "deadline of each call in seconds (default ${DEFAULT-VALUE})",
            defaultValue = "60")
    long timeoutSeconds;

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    public ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build());
    }

    /** The four services by name, in start-up order. */
    public Map<String, String> services() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("twin-service", twin);
        m.put("forecast-service", forecast);
        m.put("planner-service", planner);
        m.put("gateway", gateway);
        return m;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
            try {
                c.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
