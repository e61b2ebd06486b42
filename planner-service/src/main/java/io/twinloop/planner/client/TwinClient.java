package io.twinloop.planner.client;

import io.quarkus.grpc.GrpcClient;
import io.twinloop.platform.grpc.PeerCall;
import io.twinloop.platform.grpc.PeerCallException;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * The planner's view of twin-service. Every call carries a deadline: the caller's remaining
 * deadline when the current gRPC context has one (so a gateway round's budget is respected end to
 * end), otherwise {@link PlannerConfig#twinDeadline()}. Calls are not retried here; UNAVAILABLE
 * goes back to the caller, who owns the retry policy. The deadline and the sorting of failures
 * (relayed rejections, an unreachable or slow twin named by its address) are {@link PeerCall}'s, shared
 * with the other services.
 */
@ApplicationScoped
public class TwinClient {
    private static final String TWIN = "twin-service";

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @Inject
    PlannerConfig config;

    /**
     * One snapshot of a network.
     *
     * @param network network name
     * @param version snapshot version, 0 for the latest
     * @throws TwinCallException when the twin is unreachable, too slow or rejects the request
     */
    public GetNetworkResponse getNetwork(String network, long version) {
        GetNetworkRequest req = GetNetworkRequest.newBuilder().setNetwork(network).setVersion(version).build();
        return call("GetNetwork", t -> t.getNetwork(req));
    }

    /**
     * The latest stored traffic sample of a network (empty matrix when none).
     *
     * @throws TwinCallException when the twin is unreachable, too slow or rejects the request
     */
    public io.twinloop.proto.common.v1.TrafficMatrix latestTraffic(String network) {
        var req = io.twinloop.proto.twin.v1.GetTrafficHistoryRequest.newBuilder().setNetwork(network).setLimit(1).build();
        var r = call("GetTrafficHistory", t -> t.getTrafficHistory(req));
        return r.getSamplesCount() == 0 ? io.twinloop.proto.common.v1.TrafficMatrix.getDefaultInstance() : r.getSamples(0);
    }

    /**
     * The latest telemetry sample of each link that reported any, among the last
     * {@code 4 * linkCount} stored samples (empty when the twin holds none).
     *
     * @throws TwinCallException when the twin is unreachable, too slow or rejects the request
     */
    public java.util.List<io.twinloop.proto.twin.v1.LinkSample> latestTelemetry(String network, int linkCount) {
        var req = io.twinloop.proto.twin.v1.GetTelemetryRequest.newBuilder().setNetwork(network)
                .setLimit((int) Math.min(100_000, 4L * Math.max(1, linkCount))).build();
        java.util.Map<String, io.twinloop.proto.twin.v1.LinkSample> latest = new java.util.LinkedHashMap<>();
        for (var s : call("GetTelemetry", t -> t.getTelemetry(req)).getSamplesList()) {
            latest.merge(s.getLinkId(), s, (a, b) -> b.getTimeUnixMs() >= a.getTimeUnixMs() ? b : a);
        }
        return java.util.List.copyOf(latest.values());
    }

    /** One attempt of {@code rpc} under {@link PeerCall}'s deadline, its failure as a {@link TwinCallException}. */
    private <T> T call(String rpc, Function<TwinServiceGrpc.TwinServiceBlockingStub, T> body) {
        try {
            return PeerCall.to(TWIN, twin, config.twinDeadline()).call(rpc, body);
        } catch (PeerCallException e) {
            throw translate(e);
        }
    }

    /** The planner's exception for a failed twin call, with the twin's rich status when it rejected the request. */
    private static TwinCallException translate(PeerCallException e) {
        return new TwinCallException(e.peerCode(), e.getMessage(), e.peerStatus());
    }
}
