package io.twinloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.cli.PackagedStack.Result;
import io.twinloop.model.testing.Promtool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The four packaged services with bearer tokens required, as ./twinloop up runs them: the forecaster and the
 * planner refuse calls without a token or without the role like the twin and the gateway do, and a round still
 * goes through every service, because the gateway, the forecaster and the planner call their peers with the
 * services' token. Metrics stay open by default.
 */
class AuthStackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "user-token-0123456789abcdef";
    private static final String VIEWER = "viewer-token-0123456789abcdef";
    private static final String SERVICE = "service-token-0123456789abcdef";
    private static PackagedStack stack;
    private static Path userToken;
    private static Path viewerToken;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("twinloop-auth-it");
        Path tokens = Files.write(dir.resolve("tokens"), List.of(USER + " operator,approver user",
                VIEWER + " viewer vera", SERVICE + " operator services"));
        userToken = Files.writeString(dir.resolve("token"), USER);
        viewerToken = Files.writeString(dir.resolve("viewer"), VIEWER);
        stack = PackagedStack.start("twinloop-auth", Map.of("TWINLOOP_AUTH_TOKENS_FILE", tokens.toString(),
                "TWINLOOP_AUTH_TOKEN", SERVICE), List.of("--token-file", userToken.toString()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceChecksTokensAndARoundStillReachesThemAll() throws Exception {
        Path data = Path.of(System.getProperty("twinloop.shared.data", "../shared/data"));
        assumeTrue(Files.isDirectory(data) || "1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA")), "shared data");
        Result imported = stack.cli("import", "abilene", data.resolve("topologies/sndlib/abilene.xml").toString());
        assertEquals(0, imported.exit(), imported.err());
        Result traffic = stack.cli("traffic", "abilene",
                data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv").toString());
        assertEquals(0, traffic.exit(), traffic.err());

        // gateway -> twin, forecaster (-> twin) and planner (-> twin), each with the services' token
        Result round = stack.cli("round", "abilene", "--mode", "dry-run", "--at", "600", "--json");
        assertEquals(0, round.exit(), round.err());
        JsonNode r = JSON.readTree(round.out());
        assertEquals("seasonal-naive", r.get("forecastMethod").asText(), "the forecaster answered: " + round.out());
        assertTrue(r.get("candidates").size() >= 1, "the planner answered: " + round.out());
        assertTrue(r.path("degradations").isEmpty(), "no stage fell back: " + r.path("degradations"));

        // the forecaster and the planner refuse like the twin and the gateway
        Result anonymous = stack.cliWith(List.of(), "forecast", "predict", "abilene", "--model", "last-value");
        assertNotEquals(0, anonymous.exit());
        assertTrue(anonymous.err().contains("UNAUTHENTICATED"), anonymous.err());
        Result viewerTrains = stack.cliWith(List.of("--token-file", viewerToken.toString()),
                "forecast", "train", "abilene", "--epochs", "1");
        assertNotEquals(0, viewerTrains.exit());
        assertTrue(viewerTrains.err().contains("PERMISSION_DENIED"), viewerTrains.err());
        Result viewerPredicts = stack.cliWith(List.of("--token-file", viewerToken.toString()),
                "forecast", "predict", "abilene", "--model", "last-value", "--json");
        assertEquals(0, viewerPredicts.exit(), viewerPredicts.err());

        // scrapers need no token by default, and every service's default scrape is Prometheus text that promtool
        // accepts (after the calls above registered their meters)
        for (String service : List.of("twin-service", "forecast-service", "planner-service", "gateway")) {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + stack.ports.get(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), service);
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    service + ": " + metrics.headers().map());
            Promtool.assertClean(service + "'s /q/metrics", metrics.body());
        }
    }
}
