package io.twinloop.platform.limits;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.twinloop.platform.testing.ByteMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SheddingInterceptor} in front of a real gRPC server (Netty, a free loopback port): calls over a limit
 * are refused at once with UNAVAILABLE and a RetryInfo, health ({@code grpc.*}) is never shed, and a slot is
 * given back when a call completes, when the client cancels it, and when another rule refuses the call.
 */
class SheddingInterceptorTest {
    private static final MethodDescriptor<byte[], byte[]> SLOW = method("test.Svc/Slow");
    private static final MethodDescriptor<byte[], byte[]> FAST = method("test.Svc/Fast");
    private static final MethodDescriptor<byte[], byte[]> HEALTH = method("grpc.health.v1.Health/Check");

    private final ConcurrencyLimiter all = new ConcurrencyLimiter("calls", "test.max-inflight", 3,
            TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30), System::nanoTime);
    private final ConcurrencyLimiter slow = new ConcurrencyLimiter("slow calls", "test.max-slow", 2,
            TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30), System::nanoTime);
    private final AtomicInteger shed = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger slowStarted = new AtomicInteger();
    private Server server;
    private ManagedChannel channel;

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return ByteMethods.method(name, MethodDescriptor.MethodType.UNARY);
    }

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition svc = ServerServiceDefinition.builder("test.Svc")
                .addMethod(SLOW, ServerCalls.asyncUnaryCall((req, out) -> {
                    slowStarted.incrementAndGet();
                    CountDownLatch g = gate;
                    workers.execute(() -> {
                        try {
                            g.await(30, TimeUnit.SECONDS);
                            out.onNext(req);
                            out.onCompleted();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            // the call was cancelled meanwhile
                        }
                    });
                }))
                .addMethod(FAST, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                })).build();
        ServerServiceDefinition health = ServerServiceDefinition.builder("grpc.health.v1.Health")
                .addMethod(HEALTH, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(new byte[] {1});
                    out.onCompleted();
                })).build();
        SheddingInterceptor interceptor = new SheddingInterceptor("test-service", List.of(
                new SheddingInterceptor.Rule(m -> !m.startsWith("grpc."), all),
                new SheddingInterceptor.Rule(SheddingInterceptor.methods("test.Svc", "Slow"), slow)),
                (method, limiter) -> shed.incrementAndGet());
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(svc, interceptor))
                .addService(ServerInterceptors.intercept(health, interceptor))
                .build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
    }

    private byte[] call(MethodDescriptor<byte[], byte[]> m) {
        return ClientCalls.blockingUnaryCall(channel, m, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                new byte[] {7});
    }

    /** Starts a Slow call and waits until the server holds it. */
    private ClientCall<byte[], byte[]> holdSlow(List<CompletableFuture<byte[]>> replies) throws InterruptedException {
        int before = slowStarted.get();
        ClientCall<byte[], byte[]> c = channel.newCall(SLOW, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(c, new byte[] {1}, ByteMethods.into(reply));
        replies.add(reply);
        for (int i = 0; i < 3000 && slowStarted.get() == before; i++) {
            Thread.sleep(1);
        }
        assertEquals(before + 1, slowStarted.get(), "the server took the held call");
        return c;
    }

    @Test
    void overTheLimitIsRefusedAtOnceWithARetryHintAndHealthIsNeverShed() throws Exception {
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        holdSlow(replies);
        holdSlow(replies);
        assertEquals(2, slow.inFlight());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(SLOW));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith(
                "test-service is at its limit of 2 concurrent slow calls (test.max-slow); retry in "), e.getStatus().getDescription());
        long retry = Overload.retryDelayNanos(e).orElseThrow(() -> new AssertionError("no RetryInfo"));
        assertTrue(retry >= TimeUnit.MILLISECONDS.toNanos(100) && retry <= TimeUnit.SECONDS.toNanos(30), "retry " + retry);
        assertEquals(1, shed.get());
        // the refused call gave back the slot it had taken under the first rule
        assertEquals(2, all.inFlight());

        // another method has room under the overall limit (3): one more call passes, and health always does
        assertArrayEquals(new byte[] {7}, call(FAST));
        assertArrayEquals(new byte[] {1}, call(HEALTH));
        assertEquals(2, all.inFlight(), "completed calls give their slots back");

        gate.countDown();
        for (CompletableFuture<byte[]> r : replies) {
            assertArrayEquals(new byte[] {1}, r.get(30, TimeUnit.SECONDS));
        }
        waitFor(() -> slow.inFlight() == 0 && all.inFlight() == 0);
        gate = new CountDownLatch(1);
        holdSlow(replies);
        holdSlow(replies);
        assertEquals(2, slow.inFlight(), "the slots are free again after the held calls completed");
    }

    @Test
    void aCallTheClientCancelsGivesItsSlotBack() throws Exception {
        List<CompletableFuture<byte[]>> replies = new ArrayList<>();
        ClientCall<byte[], byte[]> first = holdSlow(replies);
        holdSlow(replies);
        assertThrows(StatusRuntimeException.class, () -> call(SLOW));

        first.cancel("the client gave up", null);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> replies.get(0).get(30, TimeUnit.SECONDS));
        StatusRuntimeException cancelled = assertInstanceOf(StatusRuntimeException.class, failed.getCause());
        assertEquals(Status.Code.CANCELLED, cancelled.getStatus().getCode());
        waitFor(() -> slow.inFlight() == 1);
        holdSlow(replies); // admitted in the cancelled call's slot
        assertEquals(2, slow.inFlight());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 5000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), "condition not met within 5 s");
    }
}
