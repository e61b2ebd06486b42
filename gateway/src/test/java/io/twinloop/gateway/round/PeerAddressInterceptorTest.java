package io.twinloop.gateway.round;

import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.twinloop.platform.limits.Overload;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A downstream call that never reached its service names the address tried; the service's own refusals pass unchanged. */
class PeerAddressInterceptorTest {

    @Test
    void aRefusedConnectionNamesTheServiceAndTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StatusRuntimeException e = call(port);
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("twin-service at 127.0.0.1:" + port + " is unreachable: "),
                e.getStatus().getDescription());
    }

    @Test
    void aServicesOwnUnavailableIsKeptWithItsRetryHint() throws Exception {
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new TwinServiceGrpc.TwinServiceImplBase() {
                    @Override
                    public void getNetwork(GetNetworkRequest request, StreamObserver<GetNetworkResponse> out) {
                        out.onError(Overload.shed("twin-service is at its limit", TimeUnit.SECONDS.toNanos(2)));
                    }
                }).build().start();
        try {
            StatusRuntimeException e = call(server.getPort());
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertEquals("twin-service is at its limit", e.getStatus().getDescription());
            assertEquals(TimeUnit.SECONDS.toNanos(2), Overload.retryDelayNanos(e).orElseThrow());
        } finally {
            server.shutdownNow();
        }
    }

    private static StatusRuntimeException call(int port) {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
        try {
            return assertThrows(StatusRuntimeException.class, () -> TwinServiceGrpc.newBlockingStub(
                            ClientInterceptors.intercept(channel, new PeerAddressInterceptor()))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).getNetwork(GetNetworkRequest.newBuilder().setNetwork("x").build()));
        } finally {
            channel.shutdownNow();
        }
    }
}
