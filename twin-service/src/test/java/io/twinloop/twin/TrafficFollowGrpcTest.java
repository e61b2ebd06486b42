package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkResidual;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.SampleResiduals;
import io.twinloop.proto.twin.v1.SetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TrafficFollowStatus;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.twin.estimate.TrafficFollower;
import io.twinloop.twin.store.FollowStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Following telemetry (SetTrafficFollow) through real stubs, on the triangle of {@link EstimateTrafficGrpcTest}
 * whose every pair crosses only its own direct link, so that each estimated row must equal the per-interval
 * average of the link samples, computed here by hand: intervals close only once telemetry passes their end by
 * the settle time; rows are marked estimated and carry their residuals; an interval without telemetry becomes
 * a missing row and an underdetermined one is skipped and counted, while the others are stored; a disabled
 * network is left alone; a day of measured rows makes the default method the calibrated one; bad settings are
 * INVALID_ARGUMENT naming the field, an unknown network NOT_FOUND.
 */
@QuarkusTest
class TrafficFollowGrpcTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @GrpcClient("twin")
    io.grpc.Channel channel;

    @Inject
    TrafficFollower follower;

    private String triangle(Map<String, String> ids) {
        String net = "follow-" + NAMES.incrementAndGet();
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFromUtf8(EstimateTrafficGrpcTest.TRIANGLE)).build());
        twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(net).build()).getTopology().getLinksList()
                .forEach(l -> ids.put(l.getSrc() + "->" + l.getDst(), l.getId()));
        return net;
    }

    /** Ingests, at T0 + each second offset, every pair's direct link at (pair's rate x factor); only {@code pairs} when given. */
    private void ingest(String net, Map<String, String> ids, double factor, List<String> pairs, long... seconds) throws Exception {
        IngestTelemetryRequest.Builder msg = IngestTelemetryRequest.newBuilder().setNetwork(net);
        for (long s : seconds) {
            EstimateTrafficGrpcTest.RATES.forEach((pair, bps) -> {
                if (pairs.isEmpty() || pairs.contains(pair)) {
                    msg.addSamples(LinkSample.newBuilder().setTimeUnixMs(T0 + s * 1000).setLinkId(ids.get(pair))
                            .setRateBps(bps * factor + s));
                }
            });
        }
        CompletableFuture<IngestTelemetryResponse> reply = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> in = TwinServiceGrpc.newStub(channel).ingestTelemetry(ObservedStateGrpcTest.observer(reply));
        in.onNext(msg.build());
        in.onCompleted();
        assertEquals(msg.getSamplesCount(), reply.get(60, TimeUnit.SECONDS).getAccepted());
    }

    private TrafficFollowStatus set(String net, SetTrafficFollowRequest.Builder b) {
        return twin.setTrafficFollow(b.setNetwork(net).build());
    }

    private GetTrafficHistoryResponse history(String net) {
        return twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net).setFromRow(0)
                .setWithResiduals(true).build());
    }

    private static Map<String, Double> rates(TrafficMatrix m) {
        Map<String, Double> out = new HashMap<>();
        m.getDemandsList().forEach(d -> out.merge(d.getSrc() + "->" + d.getDst(), d.getRateBps(), Double::sum));
        return out;
    }

    /** Row {@code m} must be every pair at the average of (rate x factor + s) over the given sample offsets. */
    private static void rowIs(TrafficMatrix m, String time, double factor, long... seconds) {
        assertEquals(time, m.getTime());
        assertTrue(m.getEstimated(), m.toString());
        assertEquals(0, m.getFitError(), 1e-6, "the triangle is exactly determined");
        double meanOffset = java.util.Arrays.stream(seconds).average().orElseThrow();
        Map<String, Double> got = rates(m);
        EstimateTrafficGrpcTest.RATES.forEach((pair, bps) ->
                assertEquals(bps * factor + meanOffset, got.getOrDefault(pair, 0.0), 1e-3 * bps, time + " " + pair));
    }

    @Test
    void closedIntervalsAreEstimatedAndStoredWithResidualsGapsAndFailuresInTheirPlace() throws Exception {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        assertFalse(twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(net).build()).getEnabled(),
                "not followed until set");
        TrafficFollowStatus s = set(net, SetTrafficFollowRequest.newBuilder().setEnabled(true).setMethod("tomogravity")
                .setIntervalSeconds(300).setSettleSeconds(60));
        assertTrue(s.getEnabled());
        assertEquals(300, s.getIntervalSeconds());
        assertEquals(60, s.getSettleSeconds());
        assertEquals(Optional.of(0), follower.follow(net).map(FollowStore.Pass::estimated), "no telemetry yet: nothing to do");

        // intervals [0,300) and [300,600) close at 660 s of telemetry; [600,900) needs 960 s
        ingest(net, ids, 1, List.of(), 0, 150, 300, 450, 600, 750, 900);
        assertEquals(2, follower.follow(net).orElseThrow().estimated());
        GetTrafficHistoryResponse h = history(net);
        assertEquals(2, h.getTotalSamples());
        rowIs(h.getSamples(0), "2024-01-01T00:00:00Z", 1, 0, 150);
        rowIs(h.getSamples(1), "2024-01-01T00:05:00Z", 1, 300, 450);
        assertEquals(2, h.getResidualsCount());
        SampleResiduals r1 = h.getResiduals(1);
        assertEquals(1, r1.getRow());
        assertEquals(6, r1.getLinksCount(), "every counted link");
        for (LinkResidual l : r1.getLinksList()) {
            assertEquals(0, l.getResidualBps(), 1e-6 * l.getCountedBps(), l.toString());
        }
        assertEquals(List.of(), r1.getMissingLinkIdsList());
        double counted = r1.getLinksList().stream().filter(l -> l.getLinkId().equals(ids.get("B->C"))).findFirst()
                .orElseThrow().getCountedBps();
        assertEquals(40e6 + 375, counted, 1e-6, "the interval's average of the link's samples");
        assertEquals(Optional.of(0), follower.follow(net).map(FollowStore.Pass::estimated), "the open interval waits");

        // [600,900) closes; [900,1200) has all links, [1200,1500) only A->B (underdetermined: C's links are all
        // uncounted), [1500,2400) has no telemetry, [2400,2700) closes at 2760 s
        ingest(net, ids, 2, List.of(), 1000);
        ingest(net, ids, 1, List.of("A->B"), 1200);
        ingest(net, ids, 3, List.of(), 2400, 2800);
        FollowStore.Pass pass = follower.follow(net).orElseThrow();
        assertEquals(3, pass.estimated(), pass.toString());
        assertEquals(1, pass.failed(), pass.toString());
        h = history(net);
        assertEquals(9, h.getTotalSamples(), "rows 0-8: three new estimates, the failed interval and three empty ones missing");
        rowIs(h.getSamples(2), "2024-01-01T00:10:00Z", 1, 600, 750);
        // [900,1200): the 900 s sample at rate x1 and the 1000 s sample at x2 average to 1.5 x rate
        rowIs(h.getSamples(3), "2024-01-01T00:15:00Z", 1.5, 900, 1000);
        for (int row = 4; row <= 7; row++) {
            assertFalse(h.getSamples(row).getEstimated(), "row " + row + " is a missing row, not an estimate");
            assertEquals(0, h.getSamples(row).getDemandsCount(), "row " + row);
        }
        rowIs(h.getSamples(8), "2024-01-01T00:40:00Z", 3, 2400);
        assertEquals(List.of(0, 1, 2, 3, 8), h.getResidualsList().stream().map(SampleResiduals::getRow).toList());

        TrafficFollowStatus st = twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(net).build());
        assertEquals(5, st.getIntervalsEstimated());
        assertEquals(1, st.getIntervalsFailed());
        assertEquals("2024-01-01T00:40:00Z", st.getLastInterval());
        assertEquals("tomogravity", st.getLastMethod());
        assertTrue(st.getLastError().contains("2024-01-01T00:20:00Z"), st.getLastError());
        assertFalse(st.getLastRun().isEmpty());

        // disabled: more telemetry is left alone, and the progress is kept
        assertFalse(set(net, SetTrafficFollowRequest.newBuilder().setEnabled(false)).getEnabled());
        ingest(net, ids, 1, List.of(), 3000, 3300, 3600);
        assertEquals(Optional.empty(), follower.follow(net));
        assertEquals(9, history(net).getTotalSamples());
        st = set(net, SetTrafficFollowRequest.newBuilder().setEnabled(true));
        assertEquals(5, st.getIntervalsEstimated(), "progress kept");
        assertEquals(300, st.getIntervalSeconds(), "the series' step");
        assertEquals(60, st.getSettleSeconds(), "kept");
        assertEquals("", st.getMethod(), "an empty method is the default");
        assertEquals(2, follower.follow(net).orElseThrow().estimated(), "[2700,3000) and [3000,3300) are closed now");
        assertEquals("fanout", twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(net).build())
                .getLastMethod(), "no measured rows: the default without calibration");
    }

    @Test
    void aDayOfMeasuredRowsCalibratesTheDefaultMethod() throws Exception {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        StringBuilder csv = new StringBuilder("time,n_demands_in_file");
        List<String> pairs = List.copyOf(EstimateTrafficGrpcTest.RATES.keySet());
        pairs.forEach(p -> csv.append(',').append(p));
        csv.append('\n');
        for (int r = 0; r < 288; r++) {
            csv.append(Instant.ofEpochMilli(T0 - (288 - r) * 300_000L)).append(",6");
            pairs.forEach(p -> csv.append(',').append(EstimateTrafficGrpcTest.RATES.get(p) / 1e6));
            csv.append('\n');
        }
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(net).setCsvContent(ByteString.copyFromUtf8(csv.toString()))
                .build());
        set(net, SetTrafficFollowRequest.newBuilder().setEnabled(true).setSettleSeconds(0));
        ingest(net, ids, 1, List.of(), 0, 300);
        assertEquals(1, follower.follow(net).orElseThrow().estimated());
        TrafficFollowStatus st = twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(net).build());
        assertEquals("calibrated", st.getLastMethod(), st.toString());
        GetTrafficHistoryResponse h = history(net);
        assertEquals(289, h.getTotalSamples(), "appended after the measured day");
        rowIs(h.getSamples(288), "2024-01-01T00:00:00Z", 1, 0);

        // the series has a 300 s step: another interval would not continue it
        var e = assertThrows(StatusRuntimeException.class, () -> set(net, SetTrafficFollowRequest.newBuilder()
                .setEnabled(true).setIntervalSeconds(600)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("interval_seconds")
                && e.getStatus().getDescription().contains("300"), e.getStatus().getDescription());
    }

    @Test
    void badSettingsAreRefusedNamingTheFieldAndChangeNothing() {
        String net = triangle(new HashMap<>());
        for (var bad : List.of(
                Map.entry(SetTrafficFollowRequest.newBuilder().setEnabled(true).setIntervalSeconds(30), "interval_seconds"),
                Map.entry(SetTrafficFollowRequest.newBuilder().setEnabled(true).setIntervalSeconds(100_000), "interval_seconds"),
                Map.entry(SetTrafficFollowRequest.newBuilder().setEnabled(true).setSettleSeconds(-1), "settle_seconds"),
                Map.entry(SetTrafficFollowRequest.newBuilder().setEnabled(true).setMethod("kalman"), "kalman"))) {
            var e = assertThrows(StatusRuntimeException.class, () -> set(net, bad.getKey()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), bad.getValue());
            assertTrue(e.getStatus().getDescription().contains(bad.getValue()), e.getStatus().getDescription());
        }
        assertFalse(twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork(net).build()).getEnabled());
        for (var call : List.<Runnable>of(
                () -> twin.getTrafficFollow(GetTrafficFollowRequest.newBuilder().setNetwork("no-such-net").build()),
                () -> twin.setTrafficFollow(SetTrafficFollowRequest.newBuilder().setNetwork("no-such-net").setEnabled(true).build()))) {
            assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode());
        }
    }
}
