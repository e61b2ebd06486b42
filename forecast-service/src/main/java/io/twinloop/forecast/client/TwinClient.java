package io.twinloop.forecast.client;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.config.ForecastConfig;
import io.twinloop.platform.grpc.PeerCall;
import io.twinloop.platform.grpc.PeerCallException;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * Reads traffic history from the twin-service. Every call carries a deadline: the caller's
 * remaining deadline when the current gRPC call has one, otherwise {@code twinloop.twin-deadline}
 * (10 s). The twin's NOT_FOUND, INVALID_ARGUMENT and FAILED_PRECONDITION pass through unchanged
 * (message and details); UNAVAILABLE and DEADLINE_EXCEEDED become {@link TwinUnavailableException} naming
 * the twin's address ({@code TWINLOOP_TWIN_HOST}, {@code TWINLOOP_TWIN_PORT});
 * anything else becomes {@link TwinCallException}. The deadline and the sorting of failures are
 * {@link PeerCall}'s, shared with the other services.
 */
@ApplicationScoped
public class TwinClient {
    private static final String TWIN = "twin-service";

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @Inject
    ForecastConfig config;

    /** The number of stored samples and the step of a network's series, from its last sample. */
    public TrafficHistory latest(String network) {
        return TrafficHistoryMapper.history(call("GetTrafficHistory", s -> s.getTrafficHistory(
                GetTrafficHistoryRequest.newBuilder().setNetwork(network).setLimit(1).build())));
    }

    /** Rows {@code [fromRow, toRow)} of a network's stored series. */
    public TrafficHistory rows(String network, int fromRow, int toRow) {
        GetTrafficHistoryResponse response = call("GetTrafficHistory", s -> s.getTrafficHistory(
                GetTrafficHistoryRequest.newBuilder().setNetwork(network)
                        .setFromRow(fromRow).setToRow(toRow).setLimit(toRow - fromRow).build()));
        return TrafficHistoryMapper.history(response);
    }

    /** Every network the twin knows, with its number of stored traffic samples. */
    public java.util.List<io.twinloop.proto.twin.v1.NetworkSummary> networks() {
        return call("ListNetworks", s -> s.listNetworks(
                io.twinloop.proto.twin.v1.ListNetworksRequest.getDefaultInstance())).getNetworksList();
    }

    private <T> T call(String rpc, Function<TwinServiceGrpc.TwinServiceBlockingStub, T> body) {
        try {
            return PeerCall.to(TWIN, twin, config.twinDeadline()).call(rpc, body);
        } catch (PeerCallException e) {
            throw map(e);
        }
    }

    /** The forecaster's error for a failed twin call; {@code address} is where the twin was dialled. */
    static RuntimeException map(String rpc, String address, StatusRuntimeException e) {
        return map(PeerCallException.of(TWIN, address, rpc, e));
    }

    /** The twin's rejection as it sent it, else the forecaster's own exception with the failure's message. */
    private static RuntimeException map(PeerCallException e) {
        return switch (e.kind()) {
            case REJECTED -> e.relayed();
            case UNAVAILABLE -> new TwinUnavailableException(e.getMessage(), e.getCause());
            case FAILED -> new TwinCallException(e.getMessage(), e.getCause());
        };
    }
}
