package io.twinloop.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliRun;
import io.twinloop.proto.common.v1.OdPair;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code forecast predict} says when the history the forecast read was partly estimated from link counters: a
 * note line with the count and the worst fit, and the fields in {@code --json}; against a scripted forecast
 * service whose answer depends on the network asked for.
 */
class ForecastCommandTest {
    static Server server;

    /** The scripted answers: how many of how many history samples were estimated, and the worst fit. */
    static final Map<String, double[]> HISTORY = Map.of(
            "measured", new double[]{0, 192, 0},
            "estimated", new double[]{3, 192, 0.031},
            "one", new double[]{1, 1, 0.0025},
            "zeros", new double[]{2, 50, Double.POSITIVE_INFINITY});

    @BeforeAll
    static void start() throws IOException {
        server = NettyServerBuilder.forPort(0).addService(new ForecastServiceGrpc.ForecastServiceImplBase() {
            @Override
            public void forecast(ForecastRequest req, StreamObserver<ForecastResponse> out) {
                double[] h = HISTORY.get(req.getNetwork());
                ForecastStep.Builder step = ForecastStep.newBuilder().setStep(1).setTime("20040301-0010");
                for (double q : req.getQuantilesList()) {
                    step.addQuantiles(QuantileSeries.newBuilder().setQuantile(q).addRateBps(q * 1e9));
                }
                out.onNext(ForecastResponse.newBuilder().setNetwork(req.getNetwork()).setMethod("seasonal-naive")
                        .setStepSeconds(300).setHistoryEndRow(191).setHistoryEndTime("20040301-0005")
                        .addOdPairs(OdPair.newBuilder().setSrc("A").setDst("B")).addSteps(step)
                        .setHistoryEstimatedSamples((int) h[0]).setHistorySamples((int) h[1]).setHistoryMaxFitError(h[2])
                        .build());
                out.onCompleted();
            }
        }).build().start();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    private static CliRun predict(String network, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("forecast", "predict", network, "--tls-dir", "",
                "--forecast", "127.0.0.1:" + server.getPort()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aForecastOnPartlyEstimatedHistorySaysHowMuchAndTheWorstFit() {
        CliRun run = predict("estimated");
        assertEquals(0, run.exit(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("network estimated: seasonal-naive, history up to row 191"), run.out());
        assertEquals("note: 3 of 192 history samples were estimated from link counters (worst fit 3.1%)", lines.get(1));
        assertTrue(run.out().contains("step 1 (20040301-0010): total p50 500.00 Mbit/s, p90 900.00 Mbit/s"), run.out());

        assertTrue(predict("one").out().contains(
                "note: 1 of 1 history sample was estimated from link counters (worst fit 0.25%)\n"), predict("one").out());
        assertTrue(predict("zeros").out().contains(
                "note: 2 of 50 history samples were estimated from link counters (worst: no fit, every counter read 0)\n"),
                predict("zeros").out());
    }

    @Test
    void aForecastOnMeasuredHistorySaysNothingMore() {
        CliRun run = predict("measured");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertFalse(run.out().contains("estimated"), run.out());
        assertFalse(run.out().contains("note:"), run.out());
    }

    @Test
    void theJsonCarriesTheCounts() throws IOException {
        CliRun run = predict("estimated", "--json");
        assertEquals(0, run.exit(), run.out() + run.err());
        JsonNode r = new ObjectMapper().readTree(run.out());
        assertEquals(3, r.get("historyEstimatedSamples").asInt());
        assertEquals(192, r.get("historySamples").asInt());
        assertEquals(0.031, r.get("historyMaxFitError").asDouble());
        JsonNode measured = new ObjectMapper().readTree(predict("measured", "--json").out());
        assertEquals(0, measured.get("historyEstimatedSamples").asInt(), "printed even when 0");
    }
}
