package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.EstimateSummary;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficResponse;
import io.twinloop.proto.twin.v1.EstimatedTraffic;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.LinkResidual;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EstimateTraffic through real stubs: on a triangle whose every pair crosses only its own direct link (so
 * the exact answer is the link rates, by hand), on Abilene with link counters computed by the ECMP router
 * from a measured matrix (tomogravity must reproduce the router's loads within its reported fit), with
 * {@code store} (rows marked estimated, read back with GetTrafficHistory), from a window of stored telemetry
 * averaged per interval, and on every kind of bad input
 * (INVALID_ARGUMENT naming the line or element, nothing stored).
 */
@QuarkusTest
class EstimateTrafficGrpcTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    static final String TRIANGLE = """
            {"directed": true, "nodes": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
             "links": [{"source": "A", "target": "B", "capacity": 1e9}, {"source": "B", "target": "A", "capacity": 1e9},
                       {"source": "B", "target": "C", "capacity": 1e9}, {"source": "C", "target": "B", "capacity": 1e9},
                       {"source": "A", "target": "C", "capacity": 1e9}, {"source": "C", "target": "A", "capacity": 1e9}]}
            """;
    /** Pair rates of the triangle in bit/s: each is also the rate of its direct link. */
    static final Map<String, Double> RATES = Map.of("A->B", 10e6, "B->A", 30e6, "B->C", 40e6, "C->B", 60e6,
            "A->C", 20e6, "C->A", 50e6);

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @GrpcClient("twin")
    io.grpc.Channel channel;

    /** A new triangle network; returns its name and fills {@code ids} with "SRC->DST" -> link id. */
    private String triangle(Map<String, String> ids) {
        String net = "tri-" + NAMES.incrementAndGet();
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON).setContent(ByteString.copyFromUtf8(TRIANGLE)).build());
        twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(net).build()).getTopology().getLinksList()
                .forEach(l -> ids.put(l.getSrc() + "->" + l.getDst(), l.getId()));
        return net;
    }

    /** Runs an estimate to the end: the intervals in stream order, the summary, and the progress messages. */
    record Run(List<EstimatedTraffic> intervals, EstimateSummary summary, int progress) {
    }

    private Run estimate(EstimateTrafficRequest req) {
        List<EstimatedTraffic> intervals = new ArrayList<>();
        EstimateSummary summary = null;
        int progress = 0;
        Iterator<EstimateTrafficResponse> it = twin.estimateTraffic(req);
        while (it.hasNext()) {
            EstimateTrafficResponse r = it.next();
            assertEquals(null, summary, "the summary is the last message");
            switch (r.getPayloadCase()) {
                case PROGRESS -> progress++;
                case INTERVAL -> intervals.add(r.getInterval());
                case SUMMARY -> summary = r.getSummary();
                default -> throw new AssertionError(r.toString());
            }
        }
        assertTrue(summary != null, "a summary ends the stream");
        return new Run(intervals, summary, progress);
    }

    private static EstimateTrafficRequest.Builder files(String net, String links) {
        return EstimateTrafficRequest.newBuilder().setNetwork(net).setLinksCsv(ByteString.copyFromUtf8(links));
    }

    private static Map<String, Double> rates(TrafficMatrix m) {
        Map<String, Double> out = new HashMap<>();
        m.getDemandsList().forEach(d -> out.merge(d.getSrc() + "->" + d.getDst(), d.getRateBps(), Double::sum));
        return out;
    }

    private static void near(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void theTriangleIsEstimatedExactlyAndAMissingLinkComesFromTheNodeTotals() {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        // the later interval first: intervals are put in time order; its A->C counter is missing
        RATES.forEach((pair, bps) -> {
            if (!pair.equals("A->C")) {
                links.append("20040301-0005,").append(ids.get(pair)).append(',').append(pair.equals("A->B") ? 15e6 : bps).append('\n');
            }
        });
        RATES.forEach((pair, bps) -> links.append("20040301-0000,").append(ids.get(pair)).append(',').append(bps).append('\n'));
        String nodes = "time,node,ingress_bps,egress_bps\n20040301-0005,A,40000000,\n";
        Run run = estimate(files(net, links.toString()).setNodesCsv(ByteString.copyFromUtf8(nodes)).setMethod("tomogravity").build());

        assertEquals(List.of("20040301-0000", "20040301-0005"),
                run.intervals().stream().map(i -> i.getMatrix().getTime()).toList(), "time order, times as written");
        Map<String, Double> first = rates(run.intervals().get(0).getMatrix());
        RATES.forEach((pair, bps) -> near(bps, first.getOrDefault(pair, 0.0), pair + " at 0000"));
        assertTrue(run.intervals().get(0).getFitError() < 1e-9, "exact: " + run.intervals().get(0).getFitError());
        assertTrue(run.intervals().get(0).getMatrix().getEstimated());
        assertEquals(List.of(), run.intervals().get(0).getMissingLinkIdsList());
        assertEquals(6, run.intervals().get(0).getResidualsCount());

        EstimatedTraffic second = run.intervals().get(1);
        Map<String, Double> x = rates(second.getMatrix());
        near(15e6, x.get("A->B"), "A->B at 0005");
        near(40e6 - 15e6, x.get("A->C"), "A->C at 0005: ingress of A minus A->B");
        assertEquals(List.of(ids.get("A->C")), second.getMissingLinkIdsList());
        assertEquals(5, second.getResidualsCount(), "residuals of the counted links only");
        for (LinkResidual r : second.getResidualsList()) {
            assertTrue(Math.abs(r.getResidualBps()) < 1e-6 * r.getCountedBps(), r.toString());
        }

        EstimateSummary s = run.summary();
        assertEquals("tomogravity", s.getMethod());
        assertEquals(2, s.getIntervals());
        assertEquals(1, s.getIntervalsWithMissingLinks());
        assertEquals(List.of("A", "B", "C"), s.getNodesList());
        assertEquals(0, s.getStoredRows(), "nothing stored without store");
        assertTrue(run.progress() >= 1, "progress is reported");
        assertEquals(0, twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net).build()).getTotalSamples());
    }

    @Test
    void knownDemandsStayFixedAndTheDefaultMethodIsNamed() {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        RATES.forEach((pair, bps) -> links.append("2004-03-01T00:00:00Z,").append(ids.get(pair)).append(',').append(bps).append('\n'));
        // a known A->C of 20 Mbit/s written as 20 in Mbit/s, in the import layout without n_demands_in_file;
        // the row of another time is ignored
        String known = "time,A->C,B->A\n20040301-0000,20,\n20040302-0000,99,99\n";
        Run run = estimate(files(net, links.toString()).setKnownCsv(ByteString.copyFromUtf8(known)).build());
        assertEquals("fanout", run.summary().getMethod(), "the default without calibration");
        assertEquals("2004-03-01T00:00:00Z", run.intervals().get(0).getMatrix().getTime());
        Map<String, Double> x = rates(run.intervals().get(0).getMatrix());
        assertEquals(20e6, x.get("A->C"), "a known demand is kept exactly");
        RATES.forEach((pair, bps) -> assertEquals(bps, x.getOrDefault(pair, 0.0), 0.01 * bps, pair));
    }

    @Test
    void abileneTomogravityReproducesTheRoutersLoadsWithinItsFitAndStoredRowsAreMarked() throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        Path csv = SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");
        Network network = TopologyImporters.read(topo);
        TrafficSeries series = TrafficCsvImporter.read(csv);
        String net = "abilene-est-" + NAMES.incrementAndGet();
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(net).setFileName("abilene.xml")
                .setContent(ByteString.copyFrom(Files.readAllBytes(topo))).build());
        EcmpRouter router = new EcmpRouter(network);
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        List<double[]> truth = new ArrayList<>();
        for (int row = 100; row < 112; row++) {
            double[] y = router.route(series.demandsAt(row)).loadBps();
            truth.add(y);
            for (int l = 0; l < y.length; l++) {
                links.append(series.samples().get(row).time()).append(',').append(network.links().get(l).id()).append(',')
                        .append(y[l]).append('\n');
            }
        }
        Run run = estimate(files(net, links.toString()).setMethod("tomogravity").setStore(true).build());
        assertEquals(12, run.intervals().size());
        List<Double> fits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            EstimatedTraffic e = run.intervals().get(i);
            assertEquals(series.samples().get(100 + i).time(), e.getMatrix().getTime());
            List<Demand> demands = e.getMatrix().getDemandsList().stream()
                    .map(d -> new Demand(d.getSrc(), d.getDst(), d.getRateBps())).toList();
            double[] routed = router.route(demands).loadBps();
            double err = 0;
            double norm = 0;
            for (int l = 0; l < routed.length; l++) {
                double y = truth.get(i)[l];
                err += (routed[l] - y) * (routed[l] - y);
                norm += y * y;
                LinkResidual r = e.getResiduals(l);
                assertEquals(network.links().get(l).id(), r.getLinkId());
                assertEquals(routed[l] - y, r.getResidualBps(), 1e-6 * y + 1, "residual of " + r.getLinkId());
            }
            double fit = Math.sqrt(err / norm);
            assertEquals(fit, e.getFitError(), 1e-9 + 1e-6 * fit, "the reported fit is the router's");
            assertTrue(fit < 0.01, "tomogravity fits the link counters: " + fit);
            fits.add(fit);
        }
        fits.sort(Double::compare);
        assertEquals((fits.get(5) + fits.get(6)) / 2, run.summary().getMedianFitError(), 1e-12);

        assertEquals(12, run.summary().getStoredRows());
        assertEquals(0, run.summary().getFirstRow());
        GetTrafficHistoryResponse h = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net).build());
        assertEquals(12, h.getTotalSamples());
        assertEquals(300, h.getStepSeconds());
        for (int i = 0; i < 12; i++) {
            TrafficMatrix stored = h.getSamples(i);
            EstimatedTraffic e = run.intervals().get(i);
            assertTrue(stored.getEstimated(), "row " + i + " is marked estimated");
            assertEquals(e.getFitError(), stored.getFitError());
            assertEquals(e.getMatrix().getTime(), stored.getTime());
            assertEquals(rates(e.getMatrix()), rates(stored));
        }
    }

    /** The request is refused with INVALID_ARGUMENT whose message holds every one of {@code expected}; nothing is stored. */
    private void refused(EstimateTrafficRequest req, String... expected) {
        EstimateTrafficRequest stored = req.toBuilder().setStore(true).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> estimate(stored));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        for (String s : expected) {
            assertTrue(e.getStatus().getDescription().contains(s), "'" + s + "' in: " + e.getStatus().getDescription());
        }
        assertEquals(0, twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(req.getNetwork()).build())
                .getTotalSamples(), "nothing stored");
    }

    @Test
    void badInputIsRefusedNamingTheLineOrElementAndStoresNothing() {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        String ab = ids.get("A->B");
        String ac = ids.get("A->C");
        StringBuilder all = new StringBuilder();
        RATES.forEach((pair, bps) -> all.append("20040301-0000,").append(ids.get(pair)).append(',').append(bps).append('\n'));
        String good = "time,link,rate_bps\n" + all;

        refused(files(net, good + "20040301-0005,ghost,5\n").build(), "links_csv line 8", "unknown link 'ghost'");
        refused(files(net, good + "20040301-0005," + ab + ",-5\n").build(), "links_csv line 8", "negative");
        refused(files(net, good + "20040301-0005," + ab + ",NaN\n").build(), "links_csv line 8", "not a number: 'NaN'");
        refused(files(net, good + "20040301-0005," + ab + ",lots\n").build(), "links_csv line 8", "not a number: 'lots'");
        refused(files(net, good + "20040301-0000," + ab + ",5\n").build(), "links_csv line 8", "appears again (first on line");
        refused(files(net, "time,rate_bps\n").build(), "links_csv line 1", "time,link,rate_bps");
        refused(files(net, good).setNodesCsv(ByteString.copyFromUtf8("time,node,ingress_bps,egress_bps\n20040301-0000,Z,1,1\n"))
                .build(), "nodes_csv line 2", "unknown node 'Z'");
        refused(files(net, good).setNodesCsv(ByteString.copyFromUtf8("time,node,ingress_bps,egress_bps\n20040301-0010,A,1,1\n"))
                .build(), "nodes_csv line 2", "every link counter of that interval is missing");
        refused(files(net, good).setKnownCsv(ByteString.copyFromUtf8("time,A->Q\n20040301-0000,1\n")).build(),
                "known_csv line 1", "unknown node 'Q'");
        refused(files(net, good).setCalibrationCsv(ByteString.copyFromUtf8("time,n_demands_in_file,A->B\n20040229-0000,1,-2\n"))
                .build(), "calibration_csv line 2", "negative");
        refused(files(net, good).setMethod("psychic").build(), "unknown estimation method 'psychic'");
        // every counter of an interval missing (empty rates)
        refused(files(net, good + "20040301-0005," + ab + ",\n").build(), "20040301-0005", "every link counter is missing");
        // no link of A is counted and A has no node totals: pairs from and to A cannot be estimated
        StringBuilder noA = new StringBuilder("time,link,rate_bps\n");
        RATES.forEach((pair, bps) -> {
            if (!pair.contains("A")) {
                noA.append("20040301-0000,").append(ids.get(pair)).append(',').append(bps).append('\n');
            }
        });
        refused(files(net, noA.toString()).build(), "A->", "underdetermined", "node A has no counted link");
        // times the series cannot store (unreadable): estimated fine, refused at the store, nothing stored or sent
        refused(files(net, good.replace("20040301-0000", "first")).build(), "first");
        refused(EstimateTrafficRequest.newBuilder().setNetwork(net).build(), "from_time");
        refused(EstimateTrafficRequest.newBuilder().setNetwork(net).setFromTime("2004-03-01T00:00:00Z")
                .setToTime("2004-03-02T00:00:00Z").build(), "no stored telemetry");
        assertFalse(ac.isEmpty());
    }

    @Test
    void storedTelemetryOfAWindowIsAveragedPerInterval() throws Exception {
        Map<String, String> ids = new HashMap<>();
        String net = triangle(ids);
        long t0 = 1_699_999_800_000L; // a multiple of 5 minutes
        IngestTelemetryRequest.Builder msg = IngestTelemetryRequest.newBuilder().setNetwork(net);
        RATES.forEach((pair, bps) -> {
            String link = ids.get(pair);
            msg.addSamples(LinkSample.newBuilder().setTimeUnixMs(t0).setLinkId(link).setRateBps(bps));
            msg.addSamples(LinkSample.newBuilder().setTimeUnixMs(t0 + 60_000).setLinkId(link).setRateBps(bps + 2e6));
            msg.addSamples(LinkSample.newBuilder().setTimeUnixMs(t0 + 300_000).setLinkId(link).setRateBps(2 * bps));
            msg.addSamples(LinkSample.newBuilder().setTimeUnixMs(t0 + 600_000).setLinkId(link).setRateBps(1));
        });
        CompletableFuture<IngestTelemetryResponse> reply = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> in = TwinServiceGrpc.newStub(channel).ingestTelemetry(ObservedStateGrpcTest.observer(reply));
        in.onNext(msg.build());
        in.onCompleted();
        assertEquals(24, reply.get(60, TimeUnit.SECONDS).getAccepted());

        Run run = estimate(EstimateTrafficRequest.newBuilder().setNetwork(net).setMethod("tomogravity")
                .setFromTime(Instant.ofEpochMilli(t0).toString()).setToTime(Instant.ofEpochMilli(t0 + 600_000).toString())
                .setIntervalSeconds(300).setStore(true).build());
        assertEquals(List.of(Instant.ofEpochMilli(t0).toString(), Instant.ofEpochMilli(t0 + 300_000).toString()),
                run.intervals().stream().map(i -> i.getMatrix().getTime()).toList(), "the window's two intervals, the end excluded");
        Map<String, Double> first = rates(run.intervals().get(0).getMatrix());
        Map<String, Double> second = rates(run.intervals().get(1).getMatrix());
        RATES.forEach((pair, bps) -> {
            near(bps + 1e6, first.get(pair), pair + ": the mean of the interval's two samples");
            near(2 * bps, second.get(pair), pair + " in the second interval");
        });
        assertEquals(2, run.summary().getStoredRows());
        GetTrafficHistoryResponse h = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net).build());
        assertEquals(2, h.getTotalSamples());
        assertTrue(h.getSamples(0).getEstimated() && h.getSamples(1).getEstimated());
        assertEquals(300, h.getStepSeconds());
    }

    @Test
    void anUnknownNetworkIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> estimate(files("no-such-net", "time,link,rate_bps\n1,x,1\n").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }
}
