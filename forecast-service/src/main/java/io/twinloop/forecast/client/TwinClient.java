package io.twinloop.forecast.client;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.config.ForecastConfig;
import io.twinloop.model.peer.Peers;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads traffic history from the twin-service. Every call carries a deadline: the caller's
 * remaining deadline when the current gRPC call has one, otherwise {@code twinloop.twin-deadline}
 * (10 s). The twin's NOT_FOUND, INVALID_ARGUMENT and FAILED_PRECONDITION pass through unchanged
 * (message and details); UNAVAILABLE and DEADLINE_EXCEEDED become {@link TwinUnavailableException} naming
 * the twin's address ({@code TWINLOOP_TWIN_HOST}, {@code TWINLOOP_TWIN_PORT});
 * anything else becomes {@link TwinCallException}.
 */
@ApplicationScoped
public class TwinClient {

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
        Deadline callerDeadline = Context.current().getDeadline();
        long nanos = callerDeadline != null ? callerDeadline.timeRemaining(TimeUnit.NANOSECONDS) : config.twinDeadline().toNanos();
        try {
            return body.apply(twin.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            throw map(rpc, twin.getChannel().authority(), e);
        }
    }

    /** The forecaster's error for a failed twin call; {@code address} is where the twin was dialled. */
    static RuntimeException map(String rpc, String address, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
        return switch (code) {
            case NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION -> {
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                yield details != null
                        ? StatusProto.toStatusRuntimeException(details)
                        : Status.fromCode(code).withDescription(description).asRuntimeException();
            }
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new TwinUnavailableException(
                    code == Status.Code.UNAVAILABLE && StatusProto.fromThrowable(e).getDetailsCount() == 0
                            ? Peers.unreachable("twin-service", address, description
                            + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"))
                            : Peers.unavailable("twin-service", address, description), e);
            default -> new TwinCallException("twin-service failed on " + rpc + ": " + code + " " + description, e);
        };
    }
}
