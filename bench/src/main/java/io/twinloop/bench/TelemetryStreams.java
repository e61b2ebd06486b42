package io.twinloop.bench;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.twinloop.platform.limits.Overload;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Client side of the twin's telemetry ingestion, shared by {@link IngestLoad} and {@link LoadBenchmark}:
 * one {@code IngestTelemetry} client stream sending prepared messages under gRPC flow control, and the
 * retry delay a server asks for when it sheds load.
 */
final class TelemetryStreams {

    private TelemetryStreams() {
    }

    /**
     * Sends {@code msgs} on one client stream, as fast as flow control ({@code isReady}) allows, then
     * half-closes. The future completes with the server's reply, which the twin sends only once every
     * accepted sample is committed, or fails with the stream's error ({@code StatusRuntimeException}).
     */
    static CompletableFuture<IngestTelemetryResponse> send(TwinServiceGrpc.TwinServiceStub stub,
                                                           List<IngestTelemetryRequest> msgs) {
        CompletableFuture<IngestTelemetryResponse> done = new CompletableFuture<>();
        stub.ingestTelemetry(new ClientResponseObserver<IngestTelemetryRequest, IngestTelemetryResponse>() {
            private int next;

            @Override
            public void beforeStart(ClientCallStreamObserver<IngestTelemetryRequest> call) {
                call.setOnReadyHandler(() -> {
                    synchronized (this) {
                        while (call.isReady() && next < msgs.size()) {
                            call.onNext(msgs.get(next++));
                        }
                        if (next == msgs.size()) {
                            next++;
                            call.onCompleted();
                        }
                    }
                });
            }

            @Override
            public void onNext(IngestTelemetryResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                if (!done.isDone()) {
                    done.completeExceptionally(new IllegalStateException("stream closed without a reply"));
                }
            }
        });
        return done;
    }

    /**
     * The delay a server asks the client to wait before retrying: present when the call failed with
     * UNAVAILABLE or RESOURCE_EXHAUSTED and its status details ({@code grpc-status-details-bin}) carry a
     * {@code google.rpc.RetryInfo}. Empty for every other failure, and for those codes without RetryInfo.
     */
    static Optional<Duration> retryDelay(Throwable t) {
        Status.Code code = Status.fromThrowable(t).getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.RESOURCE_EXHAUSTED) {
            return Optional.empty();
        }
        return Overload.retryDelayNanos(t).map(Duration::ofNanos);
    }
}
