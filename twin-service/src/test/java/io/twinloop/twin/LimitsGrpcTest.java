package io.twinloop.twin;

import com.google.protobuf.ByteString;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.platform.limits.Overload;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The twin's limits through real gRPC: an oversized topology and oversized plans are refused with
 * INVALID_ARGUMENT naming count, limit and property (nothing stored), and ingest streams beyond
 * {@code twinloop.twin.max-ingest-streams} (2 in tests) are shed with UNAVAILABLE and a RetryInfo
 * while health and other calls are still served.
 */
@QuarkusTest
class LimitsGrpcTest {
    @jakarta.inject.Inject
    io.twinloop.twin.limits.TwinLoadShedding shedding;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;
    @GrpcClient("twin")
    io.grpc.Channel channel;

    private List<String> networks() {
        return twin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .map(n -> n.getNetwork()).toList();
    }

    @Test
    void aTopologyOverTheNodeLimitIsRefusedAndNothingIsStored() {
        StringBuilder json = new StringBuilder("{\"directed\": true, \"nodes\": [");
        for (int i = 0; i <= 20_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"n").append(i).append("\"}");
        }
        json.append("], \"links\": [{\"source\": \"n0\", \"target\": \"n1\"}]}");
        List<String> before = networks();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.importTopology(
                ImportTopologyRequest.newBuilder().setNetwork("too-many-nodes")
                        .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                        .setContent(ByteString.copyFrom(json.toString(), StandardCharsets.UTF_8)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("the topology has 20001 nodes; the limit is 20000 (twinloop.twin.max-nodes)",
                e.getStatus().getDescription());
        assertEquals(before, networks(), "nothing stored");
        assertFalse(networks().contains("too-many-nodes"));
    }

    @Test
    void plansOverTheActionLimitAreRefusedBySimulateSweepAndApply() {
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("plan-limit")
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFrom(ObservedStateGrpcTest.TOPOLOGY, StandardCharsets.UTF_8)).build());
        String link = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("plan-limit").build())
                .getTopology().getLinks(0).getId();
        Plan.Builder big = Plan.newBuilder();
        for (int i = 0; i <= 10_000; i++) {
            big.addActions(PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(link).setIgpWeight(2)));
        }
        String expected = "the plan has 10001 actions; the limit is 10000 (twinloop.twin.max-plan-actions)";
        StatusRuntimeException sim = assertThrows(StatusRuntimeException.class, () -> twin.simulate(
                SimulateRequest.newBuilder().setNetwork("plan-limit").setPlan(big).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, sim.getStatus().getCode());
        assertEquals(expected, sim.getStatus().getDescription());
        StatusRuntimeException apply = assertThrows(StatusRuntimeException.class, () -> twin.applyPlan(
                ApplyPlanRequest.newBuilder().setNetwork("plan-limit").setExpectedVersion(1).setPlan(big).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, apply.getStatus().getCode());
        assertEquals(expected, apply.getStatus().getDescription());
        StatusRuntimeException sweep = assertThrows(StatusRuntimeException.class, () -> twin.sweepFailures(
                SweepFailuresRequest.newBuilder().setNetwork("plan-limit").setPlan(big).build()).forEachRemaining(r -> { }));
        assertEquals(Status.Code.INVALID_ARGUMENT, sweep.getStatus().getCode());
        assertEquals(expected, sweep.getStatus().getDescription());
        assertEquals(1, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("plan-limit").build()).getVersion(),
                "nothing applied");
        // at the limit it is accepted
        big.removeActions(0);
        assertEquals(2, twin.applyPlan(ApplyPlanRequest.newBuilder().setNetwork("plan-limit").setExpectedVersion(1)
                .setPlan(big).build()).getNewVersion());
    }

    @Test
    void ingestStreamsBeyondTheLimitAreShedWithARetryHintWhileHealthIsServed() throws Exception {
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("shed")
                .setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFrom(ObservedStateGrpcTest.TOPOLOGY, StandardCharsets.UTF_8)).build());
        String link = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("shed").build()).getTopology().getLinks(0).getId();
        IngestTelemetryRequest first = IngestTelemetryRequest.newBuilder().setNetwork("shed").addSamples(LinkSample.newBuilder()
                .setTimeUnixMs(1_000).setLinkId(link).setRateBps(1e6).setOperState(LinkState.LINK_STATE_UP)).build();
        TwinServiceGrpc.TwinServiceStub async = TwinServiceGrpc.newStub(channel);
        // the limit is the application's: streams of earlier tests must have ended (their close can trail the reply,
        // and a stream an earlier test opened last can reach the server after a first look saw none), so wait until
        // none has been open for 500 ms in a row
        long quietSince = System.nanoTime();
        for (int i = 0; i < 20_000 && System.nanoTime() - quietSince < 500_000_000L; i++) {
            if (shedding.ingestStreamsInFlight() > 0) {
                quietSince = System.nanoTime();
            }
            Thread.sleep(1);
        }
        assertEquals(0, shedding.ingestStreamsInFlight(), "ingest streams left open by earlier tests");
        List<StreamObserver<IngestTelemetryRequest>> held = new ArrayList<>();
        List<CompletableFuture<IngestTelemetryResponse>> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<IngestTelemetryResponse> reply = new CompletableFuture<>();
            StreamObserver<IngestTelemetryRequest> in = async.ingestTelemetry(ObservedStateGrpcTest.observer(reply));
            in.onNext(first);
            held.add(in);
            replies.add(reply);
        }
        // wait until the twin holds both streams (its own count), so the third is refused deterministically
        for (int i = 0; i < 10_000 && shedding.ingestStreamsInFlight() < 2; i++) {
            for (CompletableFuture<IngestTelemetryResponse> r : replies) {
                if (r.isDone()) {
                    fail("a held stream ended before the others were refused: " + outcome(r));
                }
            }
            Thread.sleep(1);
        }
        assertEquals(2, shedding.ingestStreamsInFlight(), "the twin never held both streams");
        StatusRuntimeException shed = null;
        CompletableFuture<IngestTelemetryResponse> third = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> thirdIn = async.ingestTelemetry(ObservedStateGrpcTest.observer(third));
        thirdIn.onNext(first);
        thirdIn.onCompleted();
        try {
            fail("a third ingest stream was answered: " + third.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            shed = assertInstanceOf(StatusRuntimeException.class, e.getCause());
        }
        assertTrue(shed != null, "a third ingest stream was never refused");
        assertEquals(Status.Code.UNAVAILABLE, shed.getStatus().getCode());
        assertTrue(shed.getStatus().getDescription().startsWith(
                "twin-service is at its limit of 2 concurrent ingest streams (twinloop.twin.max-ingest-streams); retry in "),
                shed.getStatus().getDescription());
        long retry = Overload.retryDelayNanos(shed).orElseThrow(() -> new AssertionError("no RetryInfo"));
        assertTrue(retry >= TimeUnit.SECONDS.toNanos(1) && retry <= TimeUnit.SECONDS.toNanos(30), "retry " + retry);
        // health and other calls are not shed
        assertEquals("SERVING", HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance())
                .getStatus().name());
        assertTrue(networks().contains("shed"));
        // the held streams complete normally, and their permits are free again
        for (int i = 0; i < 2; i++) {
            held.get(i).onCompleted();
            replies.get(i).get(30, TimeUnit.SECONDS);
        }
        CompletableFuture<IngestTelemetryResponse> after = new CompletableFuture<>();
        StreamObserver<IngestTelemetryRequest> in = async.ingestTelemetry(ObservedStateGrpcTest.observer(after));
        in.onNext(first);
        in.onCompleted();
        after.get(30, TimeUnit.SECONDS);
    }

    private static String outcome(CompletableFuture<IngestTelemetryResponse> r) {
        try {
            return "answered " + r.get();
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
