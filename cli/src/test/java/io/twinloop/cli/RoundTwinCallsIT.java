package io.twinloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.cli.PackagedStack.Result;
import io.twinloop.platform.web.PrometheusCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How many calls a dry-run round makes to the twin, counted by the twin itself: the four packaged services
 * on GEANT (the SNDlib topology and its measured 15-minute traffic), dry-run rounds through the CLI, and the
 * twin's {@code grpc_server_requests_received_messages_total} read from its {@code /q/metrics} before and
 * after. The count covers the gateway's calls and those the forecaster and the planner make for the round.
 * The forecaster's periodic health refresh (ListNetworks) is moved out of the way (once an hour), so every
 * call counted is a round's.
 */
class RoundTwinCallsIT {
    /** The most twin calls one dry-run round may make. */
    static final int MAX_TWIN_CALLS_PER_ROUND = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PackagedStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        Path data = sharedData();
        stack = PackagedStack.start("twinloop-twin-calls", Map.of("TWINLOOP_FORECAST_HEALTH_REFRESH", "1h"), List.of());
        Result imported = stack.cli("import", "geant", data.resolve("topologies/sndlib/geant.xml").toString());
        assertEquals(0, imported.exit(), imported.err());
        Result traffic = stack.cli("traffic", "geant",
                data.resolve("traffic/geant/geant_sndlib_15min_20050504-20050506.csv").toString());
        assertEquals(0, traffic.exit(), traffic.err());
    }

    @AfterAll
    static void stopStack() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDryRunRoundMakesAtMostEightTwinCalls() throws Exception {
        round(100); // warm-up: connections and caches, not counted
        Map<String, Double> before = twinCalls();
        int rounds = 3;
        int candidates = 0;
        for (int i = 0; i < rounds; i++) {
            JsonNode r = round(110 + 10 * i);
            candidates += r.get("candidates").size();
        }
        Map<String, Double> delta = PrometheusCounters.delta(before, twinCalls());
        double total = delta.values().stream().mapToDouble(Double::doubleValue).sum();
        String seen = "twin calls in " + rounds + " dry-run rounds, by method: " + delta;
        assertTrue(candidates > rounds, "the planner proposed plans to verify: " + candidates);
        assertTrue(delta.getOrDefault("VerifyPlans", 0.0) >= rounds, seen);
        assertTrue(total <= MAX_TWIN_CALLS_PER_ROUND * rounds, seen);
        // every round makes the same calls: the total is a multiple of the rounds
        for (Map.Entry<String, Double> e : delta.entrySet()) {
            assertEquals(0.0, e.getValue() % rounds, seen);
        }
        System.out.println(seen);
    }

    private static JsonNode round(int row) throws Exception {
        Result r = stack.cli("round", "geant", "--mode", "dry-run", "--at", Integer.toString(row), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode round = JSON.readTree(r.out());
        String status = round.get("status").asText();
        assertTrue(status.equals("ROUND_STATUS_DRY_RUN") || status.equals("ROUND_STATUS_COMPLETED"), r.out());
        // the forecast ran (its calls to the twin are counted), and so did the planner
        assertTrue(!round.path("forecastMethod").asText().isEmpty(), "no forecast: " + r.out());
        return round;
    }

    private static Map<String, Double> twinCalls() throws Exception {
        return PrometheusCounters.sumBy(PrometheusCounters.scrape("http://127.0.0.1:" + stack.ports.get("twin-service")),
                "grpc_server_requests_received_messages_total", "method", Map.of("service", "twinloop.twin.v1.TwinService"));
    }

    private static Path sharedData() {
        Path data = Path.of(System.getProperty("twinloop.shared.data", "../shared/data"));
        boolean present = Files.isRegularFile(data.resolve("topologies/sndlib/geant.xml"));
        if (!present && "1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
            throw new AssertionError("shared data required (TWINLOOP_REQUIRE_SHARED_DATA=1) but not found at " + data);
        }
        if (!present) {
            System.err.println("*** SKIPPING: shared data not found at " + data.toAbsolutePath() + " ***");
        }
        assumeTrue(present, "shared data not found at " + data + "; skipping");
        return data;
    }
}
