package io.twinloop.gateway.rest;

import io.quarkus.grpc.GrpcClient;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.platform.grpc.PeerCall;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * The twin reads the REST view makes, each under a deadline ({@link PeerCall#deadline()}: the configured
 * one, as REST requests carry no gRPC deadline); only UNAVAILABLE is retried while the deadline allows
 * ({@link PeerCall#retrying}). Errors are the twin's own status.
 */
@ApplicationScoped
public class TwinReader {

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    /** Deadline of one REST-initiated twin call, retries included: {@link GatewayConfig#twinDeadline()}. */
    @Inject
    GatewayConfig config;

    public ListNetworksResponse listNetworks() {
        return call(t -> t.listNetworks(ListNetworksRequest.getDefaultInstance()));
    }

    /** The latest snapshot of a network. */
    public GetNetworkResponse latest(String network) {
        return call(t -> t.getNetwork(GetNetworkRequest.newBuilder().setNetwork(network).build()));
    }

    /**
     * Routes a version's own configuration (no plan, no failures) under its latest stored traffic
     * sample, or under its static demands when {@code latestSample} is false.
     */
    public SimulateResponse simulate(String network, long version, boolean latestSample) {
        SimulateRequest.Builder req = SimulateRequest.newBuilder().setNetwork(network).setVersion(version);
        if (latestSample) {
            req.setTraffic(TrafficSelector.newBuilder().setLatest(true));
        }
        return call(t -> t.simulate(req.build()));
    }

    private <T> T call(Function<TwinServiceGrpc.TwinServiceBlockingStub, T> call) {
        var deadline = PeerCall.to("twin-service", twin, config.twinDeadline()).deadline();
        return PeerCall.retrying(deadline, d -> call.apply(twin.withDeadline(d)));
    }
}
