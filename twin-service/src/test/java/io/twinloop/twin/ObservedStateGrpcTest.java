package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.EventKind;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetRetentionRequest;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.GetTelemetryResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.IngestTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTrafficResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.RetentionPolicy;
import io.twinloop.proto.twin.v1.SetRetentionRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinEvent;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.WatchEventsRequest;
import io.twinloop.proto.twin.v1.WatchEventsResponse;
import io.twinloop.twin.events.TwinEvents;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telemetry and traffic ingestion, events and retention through real gRPC stubs. */
@QuarkusTest
class ObservedStateGrpcTest {
    static final String TOPOLOGY = """
            {"directed": true, "nodes": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
             "links": [{"source": "A", "target": "B", "capacity": 1000000000.0},
                       {"source": "B", "target": "A", "capacity": 1000000000.0},
                       {"source": "B", "target": "C", "capacity": 1000000000.0},
                       {"source": "C", "target": "B", "capacity": 1000000000.0}]}
            """;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @GrpcClient("twin")
    io.grpc.Channel channel;

    TwinServiceGrpc.TwinServiceStub async;

    @org.junit.jupiter.api.BeforeEach
    void stubs() {
        async = TwinServiceGrpc.newStub(channel);
    }

    @Inject
    TwinEvents events;

    List<String> importNetwork(String name) {
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(name)
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFrom(TOPOLOGY, StandardCharsets.UTF_8)).build());
        return twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(name).build()).getTopology().getLinksList()
                .stream().map(io.twinloop.proto.common.v1.Link::getId).toList();
    }

    static LinkSample sample(long t, String link, double rate, LinkState state) {
        return LinkSample.newBuilder().setTimeUnixMs(t).setLinkId(link).setRateBps(rate).setOperState(state).build();
    }

    IngestTelemetryResponse ingest(List<IngestTelemetryRequest> messages) throws Exception {
        CompletableFuture<IngestTelemetryResponse> reply = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> in = async.ingestTelemetry(observer(reply));
        messages.forEach(in::onNext);
        in.onCompleted();
        return reply.get(60, TimeUnit.SECONDS);
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> reply) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                reply.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                reply.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    @Test
    void theAckedStreamAcknowledgesEachMessageOnceItIsDurable() throws Exception {
        List<String> links = importNetwork("ingest-acked");
        long t0 = System.currentTimeMillis() - 60_000;
        java.util.concurrent.BlockingQueue<Object> acks = new java.util.concurrent.LinkedBlockingQueue<>();
        StreamObserver<IngestTelemetryRequest> in = async.ingestTelemetryAcked(new StreamObserver<>() {
            @Override
            public void onNext(io.twinloop.proto.twin.v1.IngestTelemetryAck ack) {
                acks.add(ack);
            }

            @Override
            public void onError(Throwable t) {
                acks.add(t);
            }

            @Override
            public void onCompleted() {
                acks.add("completed");
            }
        });
        in.onNext(IngestTelemetryRequest.newBuilder().setNetwork("ingest-acked")
                .addSamples(sample(t0, links.get(0), 1e8, LinkState.LINK_STATE_UP))
                .addSamples(sample(t0, links.get(1), 2e8, LinkState.LINK_STATE_UP))
                .addSamples(sample(t0, "ghost", 1, LinkState.LINK_STATE_UP)).build());
        var first = assertInstanceOf(io.twinloop.proto.twin.v1.IngestTelemetryAck.class, acks.poll(30, TimeUnit.SECONDS));
        assertEquals(0, first.getSequence());
        assertEquals(2, first.getTotals().getAccepted());
        assertEquals(1, first.getTotals().getRejected());
        // acknowledged while the stream is still open: already stored and readable
        assertEquals(2, twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("ingest-acked").build())
                .getSamplesCount());

        long before = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("ingest-acked").build()).getVersion();
        in.onNext(IngestTelemetryRequest.newBuilder().setNetwork("ingest-acked")
                .addSamples(sample(t0 + 1000, links.get(0), 0, LinkState.LINK_STATE_DOWN)).build());
        var second = assertInstanceOf(io.twinloop.proto.twin.v1.IngestTelemetryAck.class, acks.poll(30, TimeUnit.SECONDS));
        assertEquals(1, second.getSequence());
        assertEquals(3, second.getTotals().getAccepted(), "totals of the stream so far");
        assertEquals(1, second.getTotals().getStateChanges());
        assertEquals(before + 1, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("ingest-acked").build())
                .getVersion(), "the link going down made a version before the ack");

        // an unknown network fails the stream; what was acknowledged stays
        in.onNext(IngestTelemetryRequest.newBuilder().setNetwork("no-such-network")
                .addSamples(sample(t0 + 2000, links.get(0), 1, LinkState.LINK_STATE_UP)).build());
        StatusRuntimeException e = assertInstanceOf(StatusRuntimeException.class, acks.poll(30, TimeUnit.SECONDS));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals(3, twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("ingest-acked").build())
                .getSamplesCount());
    }

    @Test
    void rejectionsAreCountedByKindAndAResentStreamStoresNothingTwice() throws Exception {
        List<String> links = importNetwork("ingest-kinds");
        long t0 = System.currentTimeMillis() - 60_000;
        List<IngestTelemetryRequest> msgs = List.of(IngestTelemetryRequest.newBuilder().setNetwork("ingest-kinds")
                .addSamples(sample(t0, links.get(0), 1e8, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(t0, links.get(1), 2e8, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(t0, "ghost", 1, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(t0, "", 1, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(-5, links.get(0), 1, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(t0 + 1, links.get(0), Double.NaN, LinkState.LINK_STATE_UNSPECIFIED))
                .addSamples(sample(t0 + 1, links.get(0), 1, LinkState.LINK_STATE_UNSPECIFIED).toBuilder().setDropsPps(-1))
                .addSamples(sample(t0 + 1, links.get(0), 1, LinkState.LINK_STATE_UNSPECIFIED).toBuilder().setOperStateValue(42))
                .build());
        IngestTelemetryResponse r = ingest(msgs);
        assertEquals(2, r.getAccepted());
        assertEquals(6, r.getRejected());
        assertEquals(0, r.getDuplicates());
        var kinds = r.getRejections();
        assertEquals(List.of(2L, 1L, 1L, 1L, 1L), List.of(kinds.getUnknownLink(), kinds.getTimeNotPositive(),
                kinds.getRateOutOfRange(), kinds.getDropsOutOfRange(), kinds.getUnknownOperState()));

        IngestTelemetryResponse again = ingest(msgs);
        assertEquals(0, again.getAccepted());
        assertEquals(2, again.getDuplicates(), "the two valid samples are already stored");
        assertEquals(6, again.getRejected());
        assertEquals(2, twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("ingest-kinds").build())
                .getSamplesCount());
    }

    @Test
    void getTelemetryPagesThroughEverySampleOnceWithTokens() throws Exception {
        List<String> links = importNetwork("paged");
        long t0 = 1_700_000_000_000L;
        List<IngestTelemetryRequest> msgs = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            IngestTelemetryRequest.Builder b = IngestTelemetryRequest.newBuilder().setNetwork("paged");
            for (int i = 0; i < 500; i++) {
                int k = m * 500 + i;
                b.addSamples(sample(t0 + (k * 13L) % 700, links.get(k % links.size()), k, LinkState.LINK_STATE_UNSPECIFIED));
            }
            msgs.add(b.build());
        }
        long stored = ingest(msgs).getAccepted();
        GetTelemetryResponse whole = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("paged").build());
        assertEquals(stored, whole.getSamplesCount());
        assertFalse(whole.getTruncated());

        List<LinkSample> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            GetTelemetryResponse p = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("paged")
                    .setPageSize(300).setPageToken(token).build());
            paged.addAll(p.getSamplesList());
            token = p.getNextPageToken();
            assertEquals(!token.isEmpty(), p.getTruncated());
            pages++;
        } while (!token.isEmpty());
        assertEquals(whole.getSamplesList(), paged, "every sample once, in order");
        assertEquals((stored + 299) / 300, pages);

        GetTelemetryResponse latest = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("paged").setLimit(10).build());
        assertTrue(latest.getTruncated());
        assertEquals(whole.getSamplesList().subList((int) stored - 10, (int) stored), latest.getSamplesList());

        String next = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("paged").setPageSize(5).build())
                .getNextPageToken();
        for (GetTelemetryRequest bad : List.of(
                GetTelemetryRequest.newBuilder().setNetwork("paged").setPageToken(next).addLinkIds(links.get(0)).build(),
                GetTelemetryRequest.newBuilder().setNetwork("paged").setPageToken("not-a-token").build(),
                GetTelemetryRequest.newBuilder().setNetwork("paged").setPageSize(1_000_000).build())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.getTelemetry(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }
    }

    @Test
    void mixedStreamKeepsValidSamplesAndNamesUnknownLinks() throws Exception {
        List<String> links = importNetwork("ingest-mixed");
        long t0 = System.currentTimeMillis() - 60_000;
        IngestTelemetryResponse r = ingest(List.of(
                IngestTelemetryRequest.newBuilder().setNetwork("ingest-mixed")
                        .addSamples(sample(t0, links.get(0), 1e8, LinkState.LINK_STATE_UNSPECIFIED))
                        .addSamples(sample(t0, "ghost-1", 1e8, LinkState.LINK_STATE_UNSPECIFIED))
                        .addSamples(sample(t0, links.get(1), -5, LinkState.LINK_STATE_UNSPECIFIED))
                        .build(),
                IngestTelemetryRequest.newBuilder().setNetwork("ingest-mixed")
                        .addSamples(sample(t0 + 1000, links.get(1), 2e8, LinkState.LINK_STATE_UP))
                        .addSamples(sample(t0 + 1000, "ghost-2", 1, LinkState.LINK_STATE_UP))
                        .addSamples(sample(0, links.get(1), 2e8, LinkState.LINK_STATE_UP))
                        .addSamples(sample(t0 + 2000, links.get(0), Double.POSITIVE_INFINITY, LinkState.LINK_STATE_UP))
                        .build()));
        assertEquals(2, r.getAccepted());
        assertEquals(5, r.getRejected());
        assertEquals(List.of("ghost-1", "ghost-2"), r.getUnknownLinkIdsList());
        assertEquals(t0 + 1000, r.getLastTimeUnixMs());
        assertEquals(0, r.getStateChanges());

        // Acknowledged means committed: a read goes to the database.
        GetTelemetryResponse all = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("ingest-mixed").build());
        assertEquals(2, all.getSamplesCount());
        assertEquals(links.get(0), all.getSamples(0).getLinkId());
        assertEquals(1e8, all.getSamples(0).getRateBps());
        assertEquals(2e8, all.getSamples(1).getRateBps());
        assertEquals(LinkState.LINK_STATE_UP, all.getSamples(1).getOperState());
        GetTelemetryResponse one = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("ingest-mixed")
                .addLinkIds(links.get(1)).setFromUnixMs(t0 + 1).setToUnixMs(t0 + 5000).build());
        assertEquals(1, one.getSamplesCount());

        // An unknown network fails the stream.
        CompletableFuture<IngestTelemetryResponse> failed = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> in = async.ingestTelemetry(observer(failed));
        in.onNext(IngestTelemetryRequest.newBuilder().setNetwork("no-such-network")
                .addSamples(sample(t0, "x", 1, LinkState.LINK_STATE_UP)).build());
        in.onCompleted();
        Exception e = assertThrows(Exception.class, () -> failed.get(30, TimeUnit.SECONDS));
        assertEquals(Status.Code.NOT_FOUND, Status.fromThrowable(e.getCause()).getCode());
    }

    @Test
    void watchReportsVersionsOperStateAndThresholdsAndEndsOnCancel() throws Exception {
        LinkedBlockingQueue<TwinEvent> received = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        int before = events.subscribers();
        async.watchEvents(WatchEventsRequest.newBuilder().setNetwork("watched").setUtilizationThreshold(0.5).build(),
                new ClientResponseObserver<WatchEventsRequest, WatchEventsResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> requestStream) {
                        call[0] = requestStream;
                    }

                    @Override
                    public void onNext(WatchEventsResponse value) {
                        received.add(value.getEvent());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });
        waitFor(() -> events.subscribers() > before);

        List<String> links = importNetwork("watched");
        importNetwork("not-watched");
        TwinEvent imported = next(received, EventKind.EVENT_KIND_VERSION_CHANGED);
        assertEquals("watched", imported.getNetwork());
        assertEquals(1, imported.getVersionChanged().getVersion());

        twin.applyPlan(ApplyPlanRequest.newBuilder().setNetwork("watched").setExpectedVersion(1)
                .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                        SetLinkWeight.newBuilder().setLinkId(links.get(0)).setIgpWeight(5)))).build());
        TwinEvent applied = next(received, EventKind.EVENT_KIND_VERSION_CHANGED);
        assertEquals(2, applied.getVersionChanged().getVersion());
        assertEquals(1, applied.getVersionChanged().getParentVersion());

        long t0 = System.currentTimeMillis();
        IngestTelemetryResponse r = ingest(List.of(IngestTelemetryRequest.newBuilder().setNetwork("watched")
                .addSamples(sample(t0, links.get(2), 0, LinkState.LINK_STATE_DOWN))
                .addSamples(sample(t0, links.get(0), 8e8, LinkState.LINK_STATE_UP)) // 80% of 1 Gbit/s
                .build()));
        assertEquals(1, r.getStateChanges());
        TwinEvent down = next(received, EventKind.EVENT_KIND_LINK_STATE_CHANGED);
        assertEquals(links.get(2), down.getLinkStateChanged().getLinkId());
        assertEquals(LinkState.LINK_STATE_UP, down.getLinkStateChanged().getPreviousState());
        assertEquals(LinkState.LINK_STATE_DOWN, down.getLinkStateChanged().getState());
        TwinEvent version = next(received, EventKind.EVENT_KIND_VERSION_CHANGED);
        assertEquals("telemetry: link " + links.get(2) + " oper DOWN", version.getVersionChanged().getReason());
        TwinEvent crossed = next(received, EventKind.EVENT_KIND_THRESHOLD_CROSSED);
        assertEquals(links.get(0), crossed.getThresholdCrossed().getLinkId());
        assertEquals(0.8, crossed.getThresholdCrossed().getUtilization(), 1e-12);
        assertTrue(crossed.getThresholdCrossed().getAbove());

        call[0].cancel("test done", null);
        waitFor(() -> events.subscribers() == before);
        assertNotNull(ended.get(10, TimeUnit.SECONDS));
    }

    @Test
    void retentionIsSetReadAndEnforced() throws Exception {
        List<String> links = importNetwork("retained");
        long now = System.currentTimeMillis();
        List<IngestTelemetryRequest> msgs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            msgs.add(IngestTelemetryRequest.newBuilder().setNetwork("retained")
                    .addSamples(sample(now - 7_200_000L + i, links.get(0), 1, LinkState.LINK_STATE_UNSPECIFIED))
                    .addSamples(sample(now - 10_000 + i, links.get(0), 2, LinkState.LINK_STATE_UNSPECIFIED))
                    .addSamples(sample(now - 10_000 + i, links.get(1), 3, LinkState.LINK_STATE_UNSPECIFIED)).build());
        }
        assertEquals(30, ingest(msgs).getAccepted());

        RetentionPolicy policy = RetentionPolicy.newBuilder().setTelemetryMaxAge(Duration.newBuilder().setSeconds(3600))
                .setTelemetryMaxSamplesPerLink(3).build();
        assertEquals(policy, twin.setRetention(SetRetentionRequest.newBuilder().setNetwork("retained").setPolicy(policy).build())
                .getPolicy());
        assertEquals(policy, twin.getRetention(GetRetentionRequest.newBuilder().setNetwork("retained").build()).getPolicy());
        assertEquals(RetentionPolicy.getDefaultInstance(), twin.getRetention(GetRetentionRequest.getDefaultInstance()).getPolicy());

        GetTelemetryResponse left = twin.getTelemetry(GetTelemetryRequest.newBuilder().setNetwork("retained").build());
        assertEquals(6, left.getSamplesCount());
        assertTrue(left.getSamplesList().stream().allMatch(s -> s.getTimeUnixMs() >= now - 10_000 + 7));

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> twin.setRetention(
                SetRetentionRequest.newBuilder().setNetwork("retained").setPolicy(
                        RetentionPolicy.newBuilder().setTrafficMaxSamples(-1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    }

    @Test
    void trafficStreamsAppendAfterCommitAndBadStreamsWriteNothing() throws Exception {
        importNetwork("streamed");
        CompletableFuture<IngestTrafficResponse> reply = new CompletableFuture<>();
        StreamObserver<IngestTrafficRequest> in = async.ingestTraffic(observer(reply));
        for (int i = 0; i < 3; i++) {
            in.onNext(IngestTrafficRequest.newBuilder().setNetwork("streamed").setSample(TrafficMatrix.newBuilder()
                    .setTime("2024-01-01T00:0" + i + ":00Z")
                    .addDemands(Demand.newBuilder().setSrc("A").setDst("C").setRateBps(100 + i))).build());
        }
        in.onCompleted();
        IngestTrafficResponse r = reply.get(30, TimeUnit.SECONDS);
        assertEquals(3, r.getAccepted());
        assertEquals(2, r.getLastSequence());

        CompletableFuture<IngestTrafficResponse> failed = new CompletableFuture<>();
        StreamObserver<IngestTrafficRequest> bad = async.ingestTraffic(observer(failed));
        bad.onNext(IngestTrafficRequest.newBuilder().setNetwork("streamed").setSample(TrafficMatrix.newBuilder()
                .setTime("2024-01-01T00:10:00Z").addDemands(Demand.newBuilder().setSrc("A").setDst("C").setRateBps(1))).build());
        bad.onNext(IngestTrafficRequest.newBuilder().setNetwork("streamed").setSample(TrafficMatrix.newBuilder()
                .setTime("2024-01-01T00:15:00Z").addDemands(Demand.newBuilder().setSrc("A").setDst("Z").setRateBps(1))).build());
        bad.onCompleted();
        Exception e = assertThrows(Exception.class, () -> failed.get(30, TimeUnit.SECONDS));
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(e.getCause()).getCode());

        var hist = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork("streamed").build());
        assertEquals(3, hist.getTotalSamples());
        assertEquals(102, hist.getSamples(2).getDemands(0).getRateBps());
    }

    /** Events taken from the queue while looking for another kind, in arrival order. */
    private final List<TwinEvent> skipped = new ArrayList<>();

    /** The oldest not yet consumed event of {@code kind}. */
    TwinEvent next(LinkedBlockingQueue<TwinEvent> q, EventKind kind) throws InterruptedException {
        for (int i = 0; i < skipped.size(); i++) {
            if (skipped.get(i).getKind() == kind) {
                return skipped.remove(i);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            TwinEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.getKind() == kind) {
                return e;
            }
            if (e != null) {
                skipped.add(e);
            }
        }
        throw new AssertionError("no " + kind + " event within 20 s");
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
