package io.twinloop.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.twinloop.cli.PackagedStack.Result;
import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code twinloop traffic estimate} as a user runs it, the packaged CLI against the packaged twin: Abilene's
 * link counters computed by the ECMP router from six measured intervals (one link counter left out of one
 * interval, whose node totals are given instead), estimated with tomogravity into EST.csv and stored; EST.csv has every OD pair and the counters'
 * times, reproduces the counters within the reported fit, and loads back with {@code twinloop traffic}; the
 * stored rows are marked estimated; bad input exits 3 naming the line and writes no file.
 */
class TrafficEstimateIT {
    private static PackagedStack stack;
    private static Path data;

    @BeforeAll
    static void startTwin() throws Exception {
        data = Path.of(System.getProperty("twinloop.shared.data", "../shared/data"));
        boolean present = Files.isDirectory(data);
        if (!present && "1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
            throw new AssertionError("shared data required (TWINLOOP_REQUIRE_SHARED_DATA=1) but not found at " + data);
        }
        assumeTrue(present, "shared data not found at " + data + "; skipping");
        // passes over followed networks every second, so that following is seen within the test
        stack = PackagedStack.start("twinloop-estimate", Map.of("TWINLOOP_ESTIMATE_FOLLOW_EVERY", "1s"), List.of(),
                List.of("twin-service"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void estimateWritesALoadableMatrixThatFitsTheCountersAndStoresMarkedRows() throws Exception {
        Path topo = data.resolve("topologies/sndlib/abilene.xml");
        Network network = TopologyImporters.read(topo);
        TrafficSeries measured = TrafficCsvImporter.read(data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        for (String net : List.of("abilene", "abilene-copy")) {
            Result imported = stack.cli("import", net, topo.toString());
            assertEquals(0, imported.exit(), imported.err());
        }
        EcmpRouter router = new EcmpRouter(network);
        String dropped = network.links().get(3).id();
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        List<String> times = new ArrayList<>();
        List<double[]> counters = new ArrayList<>();
        for (int row = 200; row < 206; row++) {
            String time = measured.samples().get(row).time();
            double[] y = router.route(measured.demandsAt(row)).loadBps();
            times.add(time);
            counters.add(y);
            for (int l = 0; l < y.length; l++) {
                if (!(row == 202 && l == 3)) {
                    links.append(time).append(',').append(network.links().get(l).id()).append(',').append(y[l]).append('\n');
                }
            }
        }
        Path linksCsv = Files.writeString(stack.work.resolve("LINKS.csv"), links);
        // without its link counter, the one-hop pair over the dropped link is known only through node totals
        StringBuilder nodes = new StringBuilder("time,node,ingress_bps,egress_bps\n");
        for (var node : network.nodes()) {
            double in = 0;
            double out = 0;
            for (Demand d : measured.demandsAt(202)) {
                in += d.src().equals(node.name()) ? d.rateBps() : 0;
                out += d.dst().equals(node.name()) ? d.rateBps() : 0;
            }
            nodes.append(times.get(2)).append(',').append(node.name()).append(',').append(in).append(',').append(out).append('\n');
        }
        Path nodesCsv = Files.writeString(stack.work.resolve("NODES.csv"), nodes);
        Path est = stack.work.resolve("EST.csv");

        Result r = stack.cli("traffic", "estimate", "abilene", "--links", linksCsv.toString(), "--nodes", nodesCsv.toString(),
                "--method", "tomogravity",
                "--out", est.toString(), "--store");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("estimated 6 intervals of 'abilene' (version 1) with tomogravity"), r.out());
        assertTrue(r.out().contains("missing link counters in 1 of 6 intervals"), r.out());
        assertTrue(r.out().contains(times.get(2) + ": " + dropped), r.out());
        assertTrue(r.out().contains("stored 6 rows marked estimated"), r.out());

        List<String> lines = Files.readAllLines(est);
        String[] header = lines.get(0).split(",");
        assertEquals("time", header[0]);
        assertEquals(2 + 12 * 11, header.length, "time, n_demands_in_file and every off-diagonal pair");
        assertEquals(7, lines.size());
        TrafficSeries estimated = TrafficCsvImporter.read(est);
        for (int i = 0; i < 6; i++) {
            assertEquals(times.get(i), estimated.samples().get(i).time(), "the counters' time, as written");
            List<Demand> demands = estimated.demandsAt(i);
            double[] loads = router.route(demands).loadBps();
            double err = 0;
            double norm = 0;
            for (int l = 0; l < loads.length; l++) {
                if (!(i == 2 && l == 3)) {
                    double y = counters.get(i)[l];
                    err += (loads[l] - y) * (loads[l] - y);
                    norm += y * y;
                }
            }
            assertTrue(Math.sqrt(err / norm) < 0.01, "EST.csv row " + i + " fits the counters: " + Math.sqrt(err / norm));
        }

        Result loaded = stack.cli("traffic", "abilene-copy", est.toString());
        assertEquals(0, loaded.exit(), loaded.err());
        assertTrue(loaded.out().startsWith("appended 6 samples"), loaded.out());

        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", stack.ports.get("twin-service")).usePlaintext().build();
        try {
            GetTrafficHistoryResponse h = TwinServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork("abilene").build());
            assertEquals(6, h.getTotalSamples());
            for (TrafficMatrix m : h.getSamplesList()) {
                assertTrue(m.getEstimated() && m.getFitError() < 0.01, m.getTime() + " " + m.getFitError());
            }
            GetTrafficHistoryResponse copy = TwinServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork("abilene-copy").build());
            assertFalse(copy.getSamples(0).getEstimated(), "a file loaded with 'traffic' is measured traffic");
        } finally {
            channel.shutdownNow();
        }

        // bad input: exit 3, the line named, no file written, nothing more stored
        Path bad = Files.writeString(stack.work.resolve("BAD.csv"), "time,link,rate_bps\n20040302-0000,ghost,5\n");
        Path none = stack.work.resolve("NONE.csv");
        Result refused = stack.cli("traffic", "estimate", "abilene", "--links", bad.toString(), "--out", none.toString(), "--store");
        assertEquals(3, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("links_csv line 2: unknown link 'ghost'"), refused.err());
        assertFalse(Files.exists(none), "no EST.csv on a refusal");
    }

    @Test
    void followingTelemetryKeepsTheSeriesFromTheCountersOnTheRunningTwin() throws Exception {
        Path topo = data.resolve("topologies/sndlib/abilene.xml");
        Network network = TopologyImporters.read(topo);
        TrafficSeries measured = TrafficCsvImporter.read(data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        Result imported = stack.cli("import", "abilene-follow", topo.toString());
        assertEquals(0, imported.exit(), imported.err());
        Result on = stack.cli("traffic", "follow", "abilene-follow", "--method", "tomogravity", "--interval", "300",
                "--settle", "0");
        assertEquals(0, on.exit(), on.out() + on.err());
        assertTrue(on.out().contains("following telemetry, intervals of 300 s, settle 0 s, method tomogravity"), on.out());

        // five intervals of counters as a collector would send them (Unix ms); the fifth closes the fourth
        EcmpRouter router = new EcmpRouter(network);
        StringBuilder telemetry = new StringBuilder("time,link,rate_bps\n");
        List<double[]> counters = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (int row = 300; row < 305; row++) {
            long ms = io.twinloop.model.TimeLabels.epochSeconds(measured.samples().get(row).time()).orElseThrow() * 1000;
            times.add(java.time.Instant.ofEpochMilli(ms).toString());
            double[] y = router.route(measured.demandsAt(row)).loadBps();
            counters.add(y);
            for (int l = 0; l < y.length; l++) {
                telemetry.append(ms).append(',').append(network.links().get(l).id()).append(',').append(y[l]).append('\n');
            }
        }
        Result sent = stack.cli("telemetry", "abilene-follow", Files.writeString(stack.work.resolve("TEL.csv"), telemetry).toString());
        assertEquals(0, sent.exit(), sent.out() + sent.err());

        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", stack.ports.get("twin-service")).usePlaintext().build();
        try {
            GetTrafficHistoryResponse h = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                h = TwinServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).getTrafficHistory(
                        GetTrafficHistoryRequest.newBuilder().setNetwork("abilene-follow").setWithResiduals(true).build());
                if (h.getTotalSamples() >= 4) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(4, h.getTotalSamples(), "the four closed intervals, stored by the twin's own schedule");
            assertEquals(4, h.getResidualsCount());
            for (int i = 0; i < 4; i++) {
                TrafficMatrix m = h.getSamples(i);
                assertEquals(times.get(i), m.getTime());
                assertTrue(m.getEstimated(), m.toString());
                List<Demand> demands = m.getDemandsList().stream().map(d -> new Demand(d.getSrc(), d.getDst(), d.getRateBps())).toList();
                double[] loads = router.route(demands).loadBps();
                double err = 0;
                double norm = 0;
                for (int l = 0; l < loads.length; l++) {
                    double y = counters.get(i)[l];
                    err += (loads[l] - y) * (loads[l] - y);
                    norm += y * y;
                }
                assertEquals(m.getFitError(), Math.sqrt(err / norm), 1e-6, "the stored fit is the row's own fit to the counters");
                assertTrue(m.getFitError() < 0.01, m.getTime() + " " + m.getFitError());
                assertEquals(network.links().size(), h.getResiduals(i).getLinksCount(), "every link counted");
            }
        } finally {
            channel.shutdownNow();
        }
        Result status = stack.cli("traffic", "follow", "abilene-follow", "--status");
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(status.out().contains("4 intervals estimated, 0 failed"), status.out());
        assertTrue(status.out().contains("last interval " + times.get(3)), status.out());
        assertTrue(status.out().contains("worst-fitting links in row 3"), status.out());
        Result off = stack.cli("traffic", "follow", "abilene-follow", "--off");
        assertEquals(0, off.exit(), off.out() + off.err());
        assertTrue(off.out().contains("not following telemetry"), off.out());
    }
}
