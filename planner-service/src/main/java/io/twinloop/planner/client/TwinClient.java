package io.twinloop.planner.client;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.model.peer.Peers;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * The planner's view of twin-service. Every call carries a deadline: the caller's remaining
 * deadline when the current gRPC context has one (so a gateway round's budget is respected end to
 * end), otherwise {@link PlannerConfig#twinDeadline()}. Calls are not retried here; UNAVAILABLE
 * goes back to the caller, who owns the retry policy.
 */
@ApplicationScoped
public class TwinClient {

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
        try {
            return withDeadline().getNetwork(req);
        } catch (StatusRuntimeException e) {
            throw translate(address(), "GetNetwork", e);
        }
    }

    /**
     * The latest stored traffic sample of a network (empty matrix when none).
     *
     * @throws TwinCallException when the twin is unreachable, too slow or rejects the request
     */
    public io.twinloop.proto.common.v1.TrafficMatrix latestTraffic(String network) {
        var req = io.twinloop.proto.twin.v1.GetTrafficHistoryRequest.newBuilder().setNetwork(network).setLimit(1).build();
        try {
            var r = withDeadline().getTrafficHistory(req);
            return r.getSamplesCount() == 0 ? io.twinloop.proto.common.v1.TrafficMatrix.getDefaultInstance() : r.getSamples(0);
        } catch (StatusRuntimeException e) {
            throw translate(address(), "GetTrafficHistory", e);
        }
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
        try {
            java.util.Map<String, io.twinloop.proto.twin.v1.LinkSample> latest = new java.util.LinkedHashMap<>();
            for (var s : withDeadline().getTelemetry(req).getSamplesList()) {
                latest.merge(s.getLinkId(), s, (a, b) -> b.getTimeUnixMs() >= a.getTimeUnixMs() ? b : a);
            }
            return java.util.List.copyOf(latest.values());
        } catch (StatusRuntimeException e) {
            throw translate(address(), "GetTelemetry", e);
        }
    }

    private TwinServiceGrpc.TwinServiceBlockingStub withDeadline() {
        Deadline callerDeadline = Context.current().getDeadline();
        if (callerDeadline != null) {
            return twin.withDeadline(callerDeadline);
        }
        return twin.withDeadlineAfter(config.twinDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where the twin is dialled ({@code TWINLOOP_TWIN_HOST}:{@code TWINLOOP_TWIN_PORT}). */
    private String address() {
        return twin.getChannel().authority();
    }

    static TwinCallException translate(String address, String method, StatusRuntimeException e) {
        io.grpc.Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription();
        String message = switch (code) {
            case UNAVAILABLE -> StatusProto.fromThrowable(e).getDetailsCount() == 0
                    ? Peers.unreachable("twin-service", address, method + " failed: " + description
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")") + "; retry later")
                    : Peers.unavailable("twin-service", address, method + ": " + description + "; retry later");
            case DEADLINE_EXCEEDED -> Peers.unavailable("twin-service", address,
                    "no answer to " + method + " before the deadline; retry later");
            case NOT_FOUND, INVALID_ARGUMENT -> description == null ? code.name() : description;
            default -> "twin-service failed " + method + " with " + code
                    + (description == null ? "" : ": " + description);
        };
        com.google.rpc.Status rich = code == io.grpc.Status.Code.NOT_FOUND || code == io.grpc.Status.Code.INVALID_ARGUMENT
                ? StatusProto.fromThrowable(e) : null;
        return new TwinCallException(code, message, rich);
    }
}
