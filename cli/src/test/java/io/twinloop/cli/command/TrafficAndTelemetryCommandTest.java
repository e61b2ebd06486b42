package io.twinloop.cli.command;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliRun;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.TelemetryRejections;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code traffic} and {@code telemetry} against a scripted twin on a local port: the flags they send, the
 * exit code of every refusal or rejection, and what a broken telemetry stream says is stored.
 */
class TrafficAndTelemetryCommandTest {
    @TempDir
    Path dir;

    private Server server;
    private final List<ImportTrafficRequest> trafficRequests = new CopyOnWriteArrayList<>();
    private Function<ImportTrafficRequest, ImportTrafficResponse> traffic;
    /** Answers message i of a telemetry stream: an ack's totals, or null to fail the stream with UNAVAILABLE. */
    private Function<Integer, IngestTelemetryResponse> telemetry;

    @BeforeEach
    void start() throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new TwinServiceGrpc.TwinServiceImplBase() {
            @Override
            public void importTraffic(ImportTrafficRequest req, StreamObserver<ImportTrafficResponse> out) {
                trafficRequests.add(req);
                try {
                    out.onNext(traffic.apply(req));
                    out.onCompleted();
                } catch (io.grpc.StatusRuntimeException e) {
                    out.onError(e);
                }
            }

            @Override
            public StreamObserver<IngestTelemetryRequest> ingestTelemetryAcked(StreamObserver<IngestTelemetryAck> out) {
                return new StreamObserver<>() {
                    int seq;
                    boolean failed;

                    @Override
                    public void onNext(IngestTelemetryRequest req) {
                        if (failed) {
                            return;
                        }
                        IngestTelemetryResponse totals = telemetry.apply(seq);
                        if (totals == null) {
                            failed = true;
                            out.onError(Status.UNAVAILABLE.withDescription("twin went away").asRuntimeException());
                            return;
                        }
                        out.onNext(IngestTelemetryAck.newBuilder().setSequence(seq++).setTotals(totals).build());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        if (!failed) {
                            out.onCompleted();
                        }
                    }
                };
            }
        }).build().start();
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--twin";
        all[args.length + 1] = "127.0.0.1:" + server.getPort();
        return CliRun.of(all);
    }

    @Test
    void trafficAppendsByDefaultReplacesWithTheFlagAndExitsNonZeroOnEveryRefusal() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "time,n_demands_in_file,A->B\n20040301-0000,1,1\n");
        traffic = req -> ImportTrafficResponse.newBuilder().setSamples(1).setOdPairs(1).setReplaced(req.getReplace())
                .setFirstRow(req.getReplace() ? 0 : 2016).setTotalSamples(req.getReplace() ? 1 : 2017).build();
        CliRun appended = cli("traffic", "net", csv.toString());
        assertEquals(0, appended.exit(), appended.err());
        assertTrue(appended.out().startsWith("appended 1 samples") && appended.out().contains("rows 2016..2016 of 2017"),
                appended.out());
        CliRun replaced = cli("traffic", "net", csv.toString(), "--replace");
        assertEquals(0, replaced.exit(), replaced.err());
        assertTrue(replaced.out().startsWith("replaced the series with 1 samples"), replaced.out());
        assertEquals(List.of(false, true), trafficRequests.stream().map(ImportTrafficRequest::getReplace).toList());

        for (String refusal : List.of("TRAFFIC_CSV import failed at line 1: t.csv has a header but no samples",
                "invalid time: line 2: time '20040301-0000' is not after the last stored sample (row 2015, ...)")) {
            traffic = req -> {
                throw Status.INVALID_ARGUMENT.withDescription(refusal).asRuntimeException();
            };
            CliRun r = cli("traffic", "net", csv.toString());
            assertEquals(3, r.exit(), "a refusal exits non-zero");
            assertTrue(r.err().contains(refusal), r.err());
        }
    }

    private Path telemetryFile(int samples) throws Exception {
        StringBuilder b = new StringBuilder("time,link,rate_bps\n");
        for (int i = 0; i < samples; i++) {
            b.append(1_700_000_000_000L + i).append(",L").append(i % 3).append(",1000\n");
        }
        return Files.writeString(dir.resolve("tel-" + samples + ".csv"), b.toString());
    }

    @Test
    void telemetryExitsNonZeroWhenSamplesAreRejectedAndCountsThemByKind() throws Exception {
        Path file = telemetryFile(10);
        telemetry = seq -> IngestTelemetryResponse.newBuilder().setAccepted(6).setRejected(4).addUnknownLinkIds("L2")
                .setRejections(TelemetryRejections.newBuilder().setUnknownLink(3).setRateOutOfRange(1)).build();
        CliRun r = cli("telemetry", "net", file.toString());
        assertEquals(13, r.exit(), r.err());
        assertTrue(r.err().contains("rejected 4 of 10 samples") && r.err().contains("3 unknown link (L2)")
                && r.err().contains("1 rate negative or not finite"), r.err());

        telemetry = seq -> IngestTelemetryResponse.newBuilder().setRejected(10)
                .setRejections(TelemetryRejections.newBuilder().setTimeNotPositive(10)).build();
        CliRun all = cli("telemetry", "net", file.toString());
        assertEquals(13, all.exit(), "every sample rejected");
        assertTrue(all.err().contains("10 time not after 1970"), all.err());

        telemetry = seq -> IngestTelemetryResponse.newBuilder().setDuplicates(10).build();
        CliRun resent = cli("telemetry", "net", file.toString());
        assertEquals(0, resent.exit(), "duplicates are not an error: " + resent.err());
        assertTrue(resent.out().contains("0 stored, 10 already stored (duplicates, ignored)"), resent.out());
    }

    @Test
    void aBrokenStreamSaysWhatIsCertainlyStoredAndThatResendingIsSafe() throws Exception {
        Path file = telemetryFile(3 * TelemetryCommand.BATCH);
        telemetry = seq -> seq == 0 ? IngestTelemetryResponse.newBuilder().setAccepted(TelemetryCommand.BATCH).build() : null;
        CliRun r = cli("telemetry", "net", file.toString());
        assertEquals(7, r.exit(), r.err());
        int lastLineOfFirstMessage = TelemetryCommand.BATCH + 1;
        assertTrue(r.err().contains("through line " + lastLineOfFirstMessage + " are stored (5000 stored, 0 duplicates)"),
                r.err());
        assertTrue(r.err().contains("may or may not be stored"), r.err());
        assertTrue(r.err().contains("Resending the whole file is safe: the twin ignores samples it already has"), r.err());
    }
}
