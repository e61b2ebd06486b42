package io.twinloop.gateway;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.planner.v1.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's Prometheus metrics, scraped from {@code /q/metrics} as Prometheus would: round
 * counters move by exactly the rounds run, stage timers see every stage, and the KPI gauges show
 * the last round's values.
 */
@QuarkusTest
class GatewayMetricsTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        Script.reset();
    }

    @Test
    void roundsStagesAndKpisAreExported() throws Exception {
        Script.candidates = List.of(Candidate.newBuilder().setId("good").setSource("optimizer")
                .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                        SetLinkWeight.newBuilder().setLinkId("L1").setIgpWeight(5)))).build());
        String before = scrape();
        double applied0 = value(before, "twinloop_rounds_total", "network=\"net\"", "status=\"applied\"",
                "trigger=\"manual\"");
        double pending0 = value(before, "twinloop_rounds_total", "network=\"net\"", "status=\"pending_approval\"");
        double rejected0 = value(before, "twinloop_rounds_total", "network=\"net\"", "status=\"rejected\"");
        double verifyCount0 = value(before, "twinloop_stage_duration_seconds_count", "stage=\"verify\"", "status=\"ok\"");
        double writes0 = plain(before, "twinloop_round_store_write_seconds_count");

        Round auto = run(RoundMode.ROUND_MODE_AUTO);
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, auto.getStatus());
        Round pending = run(RoundMode.ROUND_MODE_APPROVE);
        assertEquals(RoundStatus.ROUND_STATUS_PENDING_APPROVAL, pending.getStatus());
        gateway.rejectRound(RejectRoundRequest.newBuilder().setRoundId(pending.getId()).setRejector("bob").build());

        String after = scrape();
        assertEquals(applied0 + 1, value(after, "twinloop_rounds_total", "network=\"net\"", "status=\"applied\"",
                "trigger=\"manual\""), 1e-9);
        assertEquals(pending0 + 1, value(after, "twinloop_rounds_total", "network=\"net\"",
                "status=\"pending_approval\""), 1e-9);
        assertEquals(rejected0 + 1, value(after, "twinloop_rounds_total", "network=\"net\"", "status=\"rejected\""),
                1e-9);
        assertEquals(verifyCount0 + 2, value(after, "twinloop_stage_duration_seconds_count", "stage=\"verify\"",
                "status=\"ok\""), 1e-9, "one verify stage per round run (the rejection runs none)");
        assertEquals(pending.getKpisAfter().getMaxLinkUtilization(), value(after, "twinloop_kpi_max_link_utilization",
                "network=\"net\"", "when=\"after\""), 1e-9);
        assertEquals(pending.getKpisBefore().getMaxLinkUtilization(), value(after, "twinloop_kpi_max_link_utilization",
                "network=\"net\"", "when=\"before\""), 1e-9);
        assertEquals(pending.getKpisAfter().getMeanLatencyMs() / 1000, value(after, "twinloop_kpi_mean_latency_seconds",
                "network=\"net\"", "when=\"after\""), 1e-12, "latency in the base unit, seconds");
        assertTrue(after.contains("twinloop_round_duration_seconds_count{network=\"net\",status=\"applied\""),
                "round durations are timed");
        assertEquals(writes0 + 2, plain(after, "twinloop_round_store_write_seconds_count"), 1e-9,
                "one timed store write per round run (a decision is written by approve/reject, untimed)");
        // the gRPC server is instrumented too
        assertTrue(after.contains("grpc_server_"), "gRPC server metrics missing");
    }

    /**
     * What a scraper that does not ask for OpenMetrics (curl, promtool) gets: the Prometheus text
     * format, which {@code promtool check metrics} (Debian's prometheus package) accepts without a
     * lint problem, after rounds, approvals, REST and gRPC calls have registered their meters. Skipped
     * without promtool unless TWINLOOP_REQUIRE_PROMTOOL is set (CI installs it).
     */
    @Test
    void theDefaultScrapeIsPrometheusTextThatPromtoolAccepts() throws Exception {
        Script.candidates = List.of(Candidate.newBuilder().setId("good").setSource("optimizer")
                .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                        SetLinkWeight.newBuilder().setLinkId("L1").setIgpWeight(5)))).build());
        run(RoundMode.ROUND_MODE_AUTO);
        Round pending = run(RoundMode.ROUND_MODE_APPROVE);
        gateway.rejectRound(RejectRoundRequest.newBuilder().setRoundId(pending.getId()).build());
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/api/v1/rounds?network=net")).build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/q/metrics"))
                .header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                plain.headers().toString());
        assertTrue(plain.body().contains("twinloop_rounds_total{"), "the round meters are registered");
        HttpResponse<String> om = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/q/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                "OpenMetrics when asked for: " + om.headers().map());
        assertTrue(om.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");

        io.twinloop.model.testing.Promtool.assertClean("the gateway's /q/metrics", plain.body());
    }

    private Round run(RoundMode mode) {
        return gateway.runRound(RunRoundRequest.newBuilder().setNetwork("net").setMode(mode).build()).getRound();
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The value of an unlabelled sample; 0 when absent. */
    static double plain(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{\\})? (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The value of the first sample of {@code name} whose labels contain all {@code labels}; 0 when none. */
    static double value(String text, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            String ls = m.group(1);
            boolean all = true;
            for (String l : labels) {
                all &= ls.contains(l);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
