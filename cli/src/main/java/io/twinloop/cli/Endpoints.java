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

    @Option(names = "--token-file", description = "file holding the bearer token (env TWINLOOP_TOKEN_FILE; "
            + "env TWINLOOP_TOKEN gives the token itself)", defaultValue = "${env:TWINLOOP_TOKEN_FILE}")
    String tokenFile;

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    public ManagedChannel channel(String address) {
        String authorization = authorization();
        return channels.computeIfAbsent(address, a -> {
            ManagedChannelBuilder<?> b = ManagedChannelBuilder.forTarget(a).usePlaintext()
                    .maxInboundMessageSize(64 * 1024 * 1024);
            if (authorization != null) {
                b.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers(authorization)));
            }
            return b.build();
        });
    }

    /** "Bearer TOKEN" from TWINLOOP_TOKEN or the token file, or null without a token. */
    String authorization() {
        String token = System.getenv("TWINLOOP_TOKEN");
        if ((token == null || token.isBlank()) && tokenFile != null && !tokenFile.isBlank()) {
            try {
                token = java.nio.file.Files.readString(java.nio.file.Path.of(tokenFile)).strip();
            } catch (java.io.IOException e) {
                throw new CliException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        return token == null || token.isBlank() ? null : "Bearer " + token.strip();
    }

    private static io.grpc.Metadata headers(String authorization) {
        io.grpc.Metadata m = new io.grpc.Metadata();
        m.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
        return m;
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
