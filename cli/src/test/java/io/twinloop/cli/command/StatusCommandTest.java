package io.twinloop.cli.command;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.twinloop.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status} prints each service's gRPC health and the dashboard's URL, which the gateway serves on its own
 * port: against a scripted health service that answers SERVING, and against an address nothing listens on.
 */
class StatusCommandTest {
    static Server server;
    static HealthStatusManager health;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        health = new HealthStatusManager();
        health.setStatus("", ServingStatus.SERVING);
        server = NettyServerBuilder.forPort(0).addService(health.getHealthService()).build().start();
        port = server.getPort();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    private static CliRun status(String twin, String gateway, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("status", "--tls-dir", "",
                "--twin", twin, "--forecast", twin, "--planner", twin, "--gateway", gateway));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void printsTheDashboardOnTheGatewaysPort() {
        CliRun run = status("127.0.0.1:" + port, "127.0.0.1:" + port);
        assertEquals(0, run.exit(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(6, lines.size(), run.out());
        assertTrue(lines.get(4).matches("gateway +127\\.0\\.0\\.1:" + port + " +SERVING"), lines.get(4));
        assertEquals("dashboard: http://127.0.0.1:" + port + "/", lines.get(5));
    }

    @Test
    void printsTheDashboardAlsoWhenTheGatewayIsDown() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        CliRun run = status("127.0.0.1:" + port, "localhost:" + free);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("gateway +localhost:" + free + " +DOWN \\(UNAVAILABLE\\)")),
                run.out());
        assertTrue(run.out().endsWith("dashboard: http://localhost:" + free + "/" + System.lineSeparator()), run.out());
    }

    @Test
    void theDashboardIsHttpsWhenTheCallsUseTls() {
        assertEquals("https://gw.example:9443/", url("--gateway", "gw.example:9443", "--tls-dir", "/etc/twinloop/tls"));
        assertEquals("https://gw.example:9443/", url("--gateway", "gw.example:9443", "--tls-dir", "", "--tls-ca", "ca.pem"));
        assertEquals("http://gw.example:9443/", url("--gateway", "gw.example:9443", "--tls-dir", ""));
        assertEquals("http://[::1]:9090/", url("--gateway", "[::1]:9090", "--tls-dir", ""));
        assertEquals("http://gw:9090/", url("--gateway", "dns:///gw:9090", "--tls-dir", ""));
    }

    private static String url(String... args) {
        StatusCommand c = new StatusCommand();
        new CommandLine(c).parseArgs(args);
        return c.endpoints.dashboardUrl();
    }
}
