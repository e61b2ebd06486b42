package io.twinloop.platform.grpc;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DeadlineInterceptor} on a real gRPC server (Netty, a free loopback port). grpc-java's own server
 * puts the deadline on the context itself; the Vert.x transport the services run on does not, which an
 * outer interceptor here reproduces by running the call under a context without deadline. Then the handler
 * sees the deadline the {@code grpc-timeout} header gives, and the context is cancelled once it passes.
 */
class DeadlineInterceptorTest {
    private static final MethodDescriptor<byte[], byte[]> WORK =
            GrpcExceptionHandlingTest.method("test.Svc/Work", MethodDescriptor.MethodType.UNARY);
    /** Tells the transport stand-in to put this grpc-timeout on the call (the client sends no deadline). */
    private static final Metadata.Key<String> TEST_TIMEOUT = Metadata.Key.of("x-test-timeout", Metadata.ASCII_STRING_MARSHALLER);

    private final DeadlineInterceptor deadlines = new DeadlineInterceptor();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final AtomicReference<Deadline> seen = new AtomicReference<>();
    private final AtomicReference<Throwable> cancellation = new AtomicReference<>();
    private final AtomicReference<Context> seenContext = new AtomicReference<>();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition svc = ServerServiceDefinition.builder("test.Svc")
                .addMethod(WORK, ServerCalls.asyncUnaryCall((req, out) -> {
                    Context ctx = Context.current();
                    seenContext.set(ctx);
                    seen.set(ctx.getDeadline());
                    if (req[0] == 0) {
                        out.onNext(req);
                        out.onCompleted();
                        return;
                    }
                    // long work on another thread, in the call's context, until the context says stop
                    workers.execute(ctx.wrap(() -> {
                        long spins = 0;
                        while (!Context.current().isCancelled() && spins < 60_000) {
                            spins++;
                            sleep(1);
                        }
                        cancellation.set(Context.current().cancellationCause());
                        try {
                            out.onError(Status.CANCELLED.withDescription("stopped after " + spins + " ms").asRuntimeException());
                        } catch (RuntimeException alreadyClosed) {
                            // the caller is gone
                        }
                    }));
                }))
                .build();
        ServerInterceptor vertxLikeTransport = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String t = headers.get(TEST_TIMEOUT);
                if (t != null) {
                    headers.put(DeadlineInterceptor.GRPC_TIMEOUT, t);
                }
                return Contexts.interceptCall(Context.ROOT, call, headers, next);
            }
        };
        // the last interceptor runs first
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(svc, deadlines, vertxLikeTransport)).build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
        deadlines.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] call(String grpcTimeout, byte work) {
        Metadata headers = new Metadata();
        headers.put(TEST_TIMEOUT, grpcTimeout);
        return ClientCalls.blockingUnaryCall(
                io.grpc.ClientInterceptors.intercept(channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)),
                WORK, CallOptions.DEFAULT, new byte[] {work});
    }

    @Test
    void theHandlerSeesTheDeadlineAndTheContextIsCancelledWhenItPasses() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call("300m", (byte) 1));
        assertEquals(Status.Code.CANCELLED, e.getStatus().getCode(), "the work stopped on its own: " + e.getStatus());
        Deadline d = seen.get();
        assertNotNull(d, "the handler saw a deadline");
        assertTrue(d.isExpired(), "the work stopped only after the deadline");
        assertInstanceOf(TimeoutException.class, cancellation.get(), "cancelled by the deadline, not by the call ending");
    }

    @Test
    void theDeadlineIsTheOneTheHeaderGives() {
        call("1H", (byte) 0);
        long remaining = seen.get().timeRemaining(TimeUnit.SECONDS);
        assertTrue(remaining > 59 * 60 && remaining <= 3600, "an hour from the call's start, " + remaining + " s left");
    }

    @Test
    void withoutATimeoutThereIsNoDeadline() {
        ClientCalls.blockingUnaryCall(channel, WORK, CallOptions.DEFAULT, new byte[] {0});
        assertNotNull(seenContext.get(), "the call reached the handler");
        assertNull(seen.get(), "no deadline without grpc-timeout");
    }

    @Test
    void readsEveryTimeoutUnitAndIgnoresMalformedOnes() {
        assertEquals(2L * 3600 * 1_000_000_000L, DeadlineInterceptor.timeoutNanos("2H"));
        assertEquals(3L * 60 * 1_000_000_000L, DeadlineInterceptor.timeoutNanos("3M"));
        assertEquals(10_000_000_000L, DeadlineInterceptor.timeoutNanos("10S"));
        assertEquals(2_999_000_000L, DeadlineInterceptor.timeoutNanos("2999m"));
        assertEquals(2_999_876_000L, DeadlineInterceptor.timeoutNanos("2999876u"));
        assertEquals(99_999_999L, DeadlineInterceptor.timeoutNanos("99999999n"));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos(null));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos("S"));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos("10s"));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos("-1S"));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos("+1S"));
        assertEquals(-1, DeadlineInterceptor.timeoutNanos("123456789S"));
    }
}
