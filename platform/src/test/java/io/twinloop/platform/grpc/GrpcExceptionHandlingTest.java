package io.twinloop.platform.grpc;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.twinloop.model.UnknownElementException;
import io.twinloop.platform.testing.ByteMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The handler {@link GrpcExceptionHandling} registers, in front of a real gRPC server (Netty, a free loopback
 * port) the way Quarkus installs it (around the listener the service's call handler returns): an exception a
 * unary method throws, one a server-streaming method throws after it sent messages, and one a client-streaming
 * request observer throws all reach the caller as their mapped status.
 */
class GrpcExceptionHandlingTest {
    private static final MethodDescriptor<byte[], byte[]> UNARY = method("test.Svc/Unary", MethodDescriptor.MethodType.UNARY);
    private static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
            method("test.Svc/ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
    private static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
            method("test.Svc/ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);

    private Server server;
    private ManagedChannel channel;

    static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return ByteMethods.method(name, type);
    }

    /** What the methods throw, by the first request byte. */
    private static RuntimeException failure(byte kind) {
        return switch (kind) {
            case 1 -> new GrpcErrorsTest.Refused(Status.Code.INVALID_ARGUMENT, "BAD_ROW", "traffic.row", "row 9 is outside");
            case 2 -> new UnknownElementException("node", List.of("X"), "n");
            default -> new IllegalStateException("a bug with private details");
        };
    }

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition svc = ServerServiceDefinition.builder("test.Svc")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((req, out) -> {
                    throw failure(req[0]);
                }))
                .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall((req, out) -> {
                    out.onNext(new byte[] {42});
                    throw failure(req[0]);
                }))
                .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(out -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] value) {
                        if (value[0] != 0) {
                            throw failure(value[0]);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(new byte[] {0});
                        out.onCompleted();
                    }
                }))
                .build();
        GrpcErrors errors = new GrpcErrors("test-service");
        // as Quarkus' ExceptionInterceptor does with the registered ExceptionHandlerProvider
        ServerInterceptor exceptions = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                return GrpcExceptionHandling.handler(errors, next.startCall(call, headers), call, headers);
            }
        };
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(svc, exceptions)).build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void aUnaryMethodThrows() {
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, UNARY, options(), new byte[] {1}));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals("row 9 is outside", bad.getStatus().getDescription());
        assertEquals("BAD_ROW", GrpcErrors.reason(bad).orElseThrow());
        assertEquals("traffic.row", GrpcErrors.fieldViolations(bad).get(0).getField());

        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, UNARY, options(), new byte[] {2}));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals("UNKNOWN_NODE", GrpcErrors.reason(unknown).orElseThrow());

        StatusRuntimeException bug = assertThrows(StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, UNARY, options(), new byte[] {3}));
        assertEquals(Status.Code.INTERNAL, bug.getStatus().getCode());
        assertEquals("internal error in test-service", bug.getStatus().getDescription());
        assertEquals("INTERNAL", GrpcErrors.reason(bug).orElseThrow());
    }

    @Test
    void aServerStreamingMethodThrowsAfterItSentAMessage() {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAM, options(), new byte[] {2});
        assertArrayEquals(new byte[] {42}, it.next(), "what was sent before the failure arrives");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, it::hasNext);
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("UNKNOWN_NODE", GrpcErrors.reason(e).orElseThrow());
    }

    @Test
    void aClientStreamingRequestObserverThrows() throws Exception {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(CLIENT_STREAM, options()),
                ByteMethods.into(reply));
        requests.onNext(new byte[] {0});
        requests.onNext(new byte[] {1});
        requests.onCompleted();
        Exception e = assertThrows(Exception.class, () -> reply.get(30, TimeUnit.SECONDS));
        StatusRuntimeException s = assertInstanceOf(StatusRuntimeException.class, e.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getStatus().getCode());
        assertEquals("BAD_ROW", GrpcErrors.reason(s).orElseThrow());

        CompletableFuture<byte[]> ok = new CompletableFuture<>();
        StreamObserver<byte[]> fine = ClientCalls.asyncClientStreamingCall(channel.newCall(CLIENT_STREAM, options()),
                ByteMethods.into(ok));
        fine.onNext(new byte[] {0});
        fine.onCompleted();
        assertArrayEquals(new byte[] {0}, ok.get(30, TimeUnit.SECONDS), "a stream without a failure is answered");
    }
}
