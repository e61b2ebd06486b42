package io.twinloop.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every packaged service reads its peers from the same variables: started with only
 * {@code TWINLOOP_TWIN_PORT} (and its own {@code TWINLOOP_<SERVICE>_PORT}) set, the forecaster, the planner and
 * the gateway listen on their own port and dial the twin at that port (nothing listens there), and each answers
 * UNAVAILABLE naming the address it tried, instead of silently using another twin on 9091.
 */
class PeerAddressIT {
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static int deadTwinPort;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("twinloop.root", "..")).toAbsolutePath().normalize();
        work = Files.createTempDirectory("peer-address");
        deadTwinPort = freePort();
        for (String[] s : new String[][] {{"forecast-service", "FORECAST"}, {"planner-service", "PLANNER"},
                {"gateway", "GATEWAY"}}) {
            int port = freePort();
            PORTS.put(s[0], port);
            ProcessBuilder pb = new ProcessBuilder(PackagedStack.javaBin(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dai.djl.offline=true", "-jar", root.resolve(s[0]).resolve("target/quarkus-app/quarkus-run.jar").toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("TWINLOOP_") || k.startsWith("QUARKUS_"));
            env.put("TWINLOOP_" + s[1] + "_PORT", String.valueOf(port));
            env.put("TWINLOOP_TWIN_PORT", String.valueOf(deadTwinPort));
            env.put("TWINLOOP_DATA_DIR", work.resolve("data").toString());
            env.put("OPT_OUT_TRACKING", "true");
            pb.redirectErrorStream(true).redirectOutput(work.resolve(s[0] + ".log").toFile());
            PROCESSES.add(pb.start());
        }
        for (var e : PORTS.entrySet()) {
            awaitHealthy(e.getKey(), e.getValue());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theForecasterNamesTheTwinAddressItTried() {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", PORTS.get("forecast-service")).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ForecastServiceGrpc
                    .newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .forecast(ForecastRequest.newBuilder().setNetwork("abilene").setModel("last-value").build()));
            assertUnreachableTwin(e);
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void thePlannerNamesTheTwinAddressItTried() {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", PORTS.get("planner-service")).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> PlannerServiceGrpc
                    .newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .propose(ProposeRequest.newBuilder().setNetwork("abilene").setTraffic(TrafficMatrix.newBuilder()
                            .addDemands(Demand.newBuilder().setSrc("A").setDst("B").setRateBps(1e9))).build()));
            assertUnreachableTwin(e);
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void theGatewayNamesTheTwinAddressItTried() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORTS.get("gateway") + "/api/v1/networks"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("twin-service at 127.0.0.1:" + deadTwinPort + " is unreachable"), r.body());
    }

    private static void assertUnreachableTwin(StatusRuntimeException e) {
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().contains("twin-service at 127.0.0.1:" + deadTwinPort + " is unreachable"),
                e.getStatus().getDescription());
    }

    private static void awaitHealthy(String service, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " did not listen on its TWINLOOP_*_PORT " + port + ":\n"
                + Files.readString(work.resolve(service + ".log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
