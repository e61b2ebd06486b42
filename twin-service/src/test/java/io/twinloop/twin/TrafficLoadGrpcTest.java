package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.IngestTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTrafficResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading traffic files never loses the stored series: empty files and bad times are refused naming
 * the lines, loads append (refusing overlaps) unless replace is asked for, and appends keep the series'
 * step and columns. Real data: Abilene's week of 5-minute matrices (2,016 rows).
 */
@QuarkusTest
class TrafficLoadGrpcTest {
    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @GrpcClient("twin")
    io.grpc.Channel channel;

    private List<String> lines;

    /** A network with Abilene's topology and, loaded, its whole week of traffic. */
    private String abilene(String name) throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        Path csv = SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");
        lines = Files.readAllLines(csv);
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(name).setFileName("abilene.xml")
                .setContent(ByteString.copyFrom(Files.readAllBytes(topo))).build());
        return name;
    }

    /** The header and the file's rows from..to (0-based, exclusive), each line possibly edited. */
    private String rows(int from, int to) {
        StringBuilder b = new StringBuilder(lines.get(0)).append('\n');
        for (int r = from; r < to; r++) {
            b.append(lines.get(r + 1)).append('\n');
        }
        return b.toString();
    }

    private ImportTrafficResponse load(String net, String csv, boolean replace) {
        return twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(net).setFileName("t.csv")
                .setCsvContent(ByteString.copyFromUtf8(csv)).setReplace(replace).build());
    }

    private StatusRuntimeException refused(String net, String csv, boolean replace) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> load(net, csv, replace));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().getDescription());
        return e;
    }

    /** The stored series' times, read 200 rows at a time (a response is limited to 4 MiB). */
    private List<String> storedTimes(String net) {
        List<String> out = new ArrayList<>();
        int total;
        do {
            GetTrafficHistoryResponse h = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net)
                    .setFromRow(out.size()).setLimit(200).build());
            h.getSamplesList().forEach(s -> out.add(s.getTime()));
            total = h.getTotalSamples();
        } while (out.size() < total);
        return out;
    }

    private List<String> fileTimes(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int r = from; r < to; r++) {
            out.add(lines.get(r + 1).substring(0, lines.get(r + 1).indexOf(',')));
        }
        return out;
    }

    @Test
    void aHeaderOnlyFileLeavesTheStoredSeriesIntactEvenWithReplace() throws Exception {
        String net = abilene("abilene-empty");
        assertEquals(2016, load(net, rows(0, 2016), false).getSamples());
        for (boolean replace : new boolean[] {false, true}) {
            StatusRuntimeException e = refused(net, lines.get(0) + "\n", replace);
            assertTrue(e.getStatus().getDescription().contains("no samples"), e.getStatus().getDescription());
        }
        assertEquals(fileTimes(0, 2016), storedTimes(net), "the stored week is intact");
    }

    @Test
    void repeatedBackwardsAndUnreadableTimesAreRefusedNamingEveryLine() throws Exception {
        String net = abilene("abilene-times");
        load(net, rows(0, 10), false);
        List<String> file = new ArrayList<>(List.of(rows(10, 20).split("\n")));
        // line 4 repeats line 3's time, line 6 is "yesterday", line 9 goes back before line 8
        file.set(3, file.get(2).substring(0, 13) + file.get(3).substring(13));
        file.set(5, "yesterday" + file.get(5).substring(13));
        file.set(8, lines.get(1).substring(0, 13) + file.get(8).substring(13));
        String csv = String.join("\n", file) + "\n";
        for (boolean replace : new boolean[] {false, true}) {
            StatusRuntimeException e = refused(net, csv, replace);
            String msg = e.getStatus().getDescription();
            assertTrue(msg.contains("line 4") && msg.contains("repeats"), msg);
            assertTrue(msg.contains("line 6") && msg.contains("'yesterday' is not a time"), msg);
            assertTrue(msg.contains("line 9") && msg.contains("goes back"), msg);
            assertEquals(3, violations(e).size(), msg);
        }
        assertEquals(fileTimes(0, 10), storedTimes(net), "nothing changed");
    }

    @Test
    void loadsAppendAfterTheStoredRowsAndRefuseOverlapsNamingTheFirstRow() throws Exception {
        String net = abilene("abilene-append");
        ImportTrafficResponse first = load(net, rows(0, 1000), false);
        assertEquals(0, first.getFirstRow());
        ImportTrafficResponse rest = load(net, rows(1000, 2016), false);
        assertFalse(rest.getReplaced());
        assertEquals(1000, rest.getFirstRow(), "appended rows continue the numbering");
        assertEquals(2016, rest.getTotalSamples());
        assertEquals(fileTimes(0, 2016), storedTimes(net));
        // the appended series equals the whole file, row for row (rates included)
        TrafficSeries whole = TrafficCsvImporter.read(rows(0, 2016).getBytes());
        GetTrafficHistoryResponse h = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(net)
                .setFromRow(1500).setToRow(1501).build());
        assertEquals(whole.demandsAt(1500).size(), h.getSamples(0).getDemandsCount());
        assertEquals(whole.demandsAt(1500).get(7).rateBps(), h.getSamples(0).getDemands(7).getRateBps(), 1e-6);

        // resending the last rows overlaps: refused naming the first overlapping line and the last stored row
        StatusRuntimeException e = refused(net, rows(2010, 2016), false);
        String msg = e.getStatus().getDescription();
        assertTrue(msg.contains("line 2: time '20040307-2330' is not after the last stored sample (row 2015, time "
                + "'20040307-2355')"), msg);
        assertTrue(msg.contains("6 of the 6 rows overlap") && msg.contains("--replace"), msg);
        assertEquals(2016, storedTimes(net).size());
    }

    @Test
    void appendsKeepTheStepAndTheColumnsAndFillWholeGapsWithMissingRows() throws Exception {
        String net = abilene("abilene-step");
        load(net, rows(0, 100), false);
        // rows 103 and 104 only: 100..102 absent, so three missing rows keep row numbers on the 5-minute grid
        ImportTrafficResponse gap = load(net, rows(103, 105), false);
        assertEquals(3, gap.getGapRows());
        assertEquals(103, gap.getFirstRow());
        assertEquals(105, gap.getTotalSamples());
        assertEquals(fileTimes(0, 105), storedTimes(net));

        // 15-minute rows onto a 5-minute series: refused
        String coarse = lines.get(0) + "\n" + lines.get(109) + "\n" + lines.get(112) + "\n" + lines.get(115) + "\n";
        String msg = refused(net, coarse, false).getStatus().getDescription();
        assertTrue(msg.contains("900 s apart") && msg.contains("step of 300 s"), msg);
        // a time off the grid
        String off = lines.get(0) + "\n20040301-0848" + lines.get(107).substring(13) + "\n";
        msg = refused(net, off, false).getStatus().getDescription();
        assertTrue(msg.contains("line 2") && msg.contains("not a whole number of the series' 300 s steps"), msg);
        // a file with other OD columns: refused, naming them
        String[] header = lines.get(0).split(",");
        String fewer = String.join(",", java.util.Arrays.copyOf(header, header.length - 1)) + "\n"
                + lines.get(106).substring(0, lines.get(106).lastIndexOf(',')) + "\n";
        msg = refused(net, fewer, false).getStatus().getDescription();
        assertTrue(msg.contains("1 OD pairs of the stored series are not in the file: " + header[header.length - 1]), msg);
        assertEquals(105, storedTimes(net).size(), "nothing changed");
    }

    @Test
    void replaceReplacesTheSeries() throws Exception {
        String net = abilene("abilene-replace");
        load(net, rows(0, 2016), false);
        ImportTrafficResponse r = load(net, rows(500, 510), true);
        assertTrue(r.getReplaced());
        assertEquals(10, r.getTotalSamples());
        assertEquals(fileTimes(500, 510), storedTimes(net));
        StatusRuntimeException both = assertThrows(StatusRuntimeException.class, () -> twin.importTraffic(
                ImportTrafficRequest.newBuilder().setNetwork(net).setCsvContent(ByteString.copyFromUtf8(rows(0, 1)))
                        .setAppend(true).setReplace(true).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, both.getStatus().getCode());
    }

    @Test
    void streamedSamplesFollowTheSameTimeRules() throws Exception {
        String net = abilene("abilene-stream");
        load(net, rows(0, 10), false);
        StatusRuntimeException e = stream(net, "yesterday");
        assertTrue(e.getStatus().getDescription().contains("sample 0: time 'yesterday' is not a time"),
                e.getStatus().getDescription());
        e = stream(net, "20040301-0040");
        assertTrue(e.getStatus().getDescription().contains("not after the last stored sample (row 9"),
                e.getStatus().getDescription());
        assertEquals(fileTimes(0, 10), storedTimes(net), "nothing changed");
        CompletableFuture<IngestTrafficResponse> ok = new CompletableFuture<>();
        StreamObserver<IngestTrafficRequest> in = TwinServiceGrpc.newStub(channel).ingestTraffic(observer(ok));
        in.onNext(sample(net, "2004-03-01T00:50:00Z"));
        in.onCompleted();
        assertEquals(10, ok.get(30, TimeUnit.SECONDS).getLastSequence());
    }

    private StatusRuntimeException stream(String net, String time) {
        CompletableFuture<IngestTrafficResponse> reply = new CompletableFuture<>();
        StreamObserver<IngestTrafficRequest> in = TwinServiceGrpc.newStub(channel).ingestTraffic(observer(reply));
        in.onNext(sample(net, time));
        in.onCompleted();
        Exception e = assertThrows(Exception.class, () -> reply.get(30, TimeUnit.SECONDS));
        StatusRuntimeException sre = (StatusRuntimeException) e.getCause();
        assertEquals(Status.Code.INVALID_ARGUMENT, sre.getStatus().getCode());
        return sre;
    }

    private static IngestTrafficRequest sample(String net, String time) {
        return IngestTrafficRequest.newBuilder().setNetwork(net).setSample(TrafficMatrix.newBuilder().setTime(time)
                .addDemands(Demand.newBuilder().setSrc("ATLAng").setDst("CHINng").setRateBps(1e6))).build();
    }

    private static <T> StreamObserver<T> observer(CompletableFuture<T> f) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T v) {
                f.complete(v);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private static List<String> violations(StatusRuntimeException e) throws Exception {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(BadRequest.class)) {
                return any.unpack(BadRequest.class).getFieldViolationsList().stream().map(v -> v.getDescription()).toList();
            }
        }
        return List.of();
    }
}
