package io.twinloop.platform.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.twinloop.platform.limits.Overload;
import io.twinloop.platform.testing.ByteMethods;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PeerCall} against a peer on an in-process server: the deadline the peer sees (the caller's when the
 * current context has one, else the fallback), how each status the peer (or the channel) returns is sorted,
 * and the address that was dialled in the messages.
 */
class PeerCallTest {
    private static final MethodDescriptor<byte[], byte[]> ECHO =
            ByteMethods.method("twinloop.twin.v1.TwinService/Echo", MethodDescriptor.MethodType.UNARY);
    private static final String ADDRESS = "twin:9091";
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    /** What the peer does with a request: answer it or throw a status. */
    private interface Handler {
        byte[] handle(byte[] request);
    }

    private final String name = InProcessServerBuilder.generateName();
    private final AtomicReference<Handler> handler = new AtomicReference<>(r -> r);
    /** What was left of the deadline the peer saw on its last call, in ns; -1 for none. */
    private final AtomicReference<Long> peerDeadlineNanos = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Server server;
    private ManagedChannel channel;

    /** A stub for the one test method, as generated stubs are made. */
    static final class EchoStub extends AbstractStub<EchoStub> {
        EchoStub(Channel channel, CallOptions options) {
            super(channel, options);
        }

        @Override
        protected EchoStub build(Channel channel, CallOptions options) {
            return new EchoStub(channel, options);
        }

        byte[] echo(byte[] request) {
            return ClientCalls.blockingUnaryCall(getChannel(), ECHO, getCallOptions(), request);
        }
    }

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("twinloop.twin.v1.TwinService")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    calls.incrementAndGet();
                    Deadline d = Context.current().getDeadline();
                    peerDeadlineNanos.set(d == null ? -1 : d.timeRemaining(TimeUnit.NANOSECONDS));
                    try {
                        reply.onNext(handler.get().handle(request));
                        reply.onCompleted();
                    } catch (StatusRuntimeException e) {
                        reply.onError(e);
                    }
                }))
                .build();
        server = InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).overrideAuthority(ADDRESS).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        timer.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private PeerCall<EchoStub> twin(Duration fallback) {
        return PeerCall.to("twin-service", new EchoStub(channel, CallOptions.DEFAULT), fallback);
    }

    private PeerCallException failureOf(Handler h) {
        handler.set(h);
        return assertThrows(PeerCallException.class, () -> twin(Duration.ofMinutes(1)).call("Echo", s -> s.echo(HELLO)));
    }

    @Test
    void outsideACallWithADeadlineThePeerSeesTheFallback() {
        assertArrayEquals(HELLO, twin(Duration.ofHours(1)).call("Echo", s -> s.echo(HELLO)));
        long seen = peerDeadlineNanos.get();
        assertTrue(seen > TimeUnit.MINUTES.toNanos(59) && seen <= TimeUnit.HOURS.toNanos(1),
                "the peer saw " + seen + " ns, not the one-hour fallback");
    }

    @Test
    void insideACallWithADeadlineThePeerSeesWhatIsLeftOfIt() throws Exception {
        Context.CancellableContext caller = Context.current().withDeadlineAfter(1, TimeUnit.MINUTES,
                timer);
        try {
            PeerCall<EchoStub> twin = twin(Duration.ofHours(1));
            caller.call(() -> {
                assertSame(caller.getDeadline(), twin.deadline());
                return twin.call("Echo", s -> s.echo(HELLO));
            });
        } finally {
            caller.cancel(null);
        }
        long seen = peerDeadlineNanos.get();
        assertTrue(seen > 0 && seen <= TimeUnit.MINUTES.toNanos(1),
                "the peer saw " + seen + " ns, not the caller's one minute (the fallback is an hour)");
    }

    @Test
    void theCallersDeadlineWinsEvenWhenLongerThanTheFallback() throws Exception {
        Context.CancellableContext caller = Context.current().withDeadlineAfter(2, TimeUnit.HOURS,
                timer);
        try {
            caller.call(() -> twin(Duration.ofMinutes(1)).call("Echo", s -> s.echo(HELLO)));
        } finally {
            caller.cancel(null);
        }
        assertTrue(peerDeadlineNanos.get() > TimeUnit.HOURS.toNanos(1), "the peer saw " + peerDeadlineNanos.get() + " ns");
    }

    @Test
    void aRejectionIsRelayedWithItsDetails() {
        for (Status.Code code : List.of(Status.Code.NOT_FOUND, Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION)) {
            PeerCallException e = failureOf(r -> {
                throw GrpcErrors.status(code, "REASON_" + code, "the twin says no (" + code + ")", "network");
            });
            assertEquals(PeerCallException.Kind.REJECTED, e.kind(), code.name());
            assertEquals(code, e.peerCode());
            assertEquals("the twin says no (" + code + ")", e.getMessage());
            StatusRuntimeException relayed = e.relayed();
            assertEquals(code, relayed.getStatus().getCode());
            assertEquals("the twin says no (" + code + ")", relayed.getStatus().getDescription());
            assertEquals("REASON_" + code, GrpcErrors.reason(relayed).orElseThrow());
            assertEquals(code == Status.Code.INVALID_ARGUMENT ? List.of("network") : List.of(),
                    GrpcErrors.fieldViolations(relayed).stream().map(v -> v.getField()).toList());
        }
    }

    @Test
    void aRejectionWithoutDetailsKeepsItsCodeAndDescription() {
        PeerCallException e = failureOf(r -> {
            throw Status.NOT_FOUND.withDescription("no network 'x'").asRuntimeException();
        });
        assertEquals(PeerCallException.Kind.REJECTED, e.kind());
        assertEquals(Status.Code.NOT_FOUND, e.relayed().getStatus().getCode());
        assertEquals("no network 'x'", e.relayed().getStatus().getDescription());
    }

    @Test
    void aPeerThatShedsLoadIsUnavailableAtItsAddress() {
        PeerCallException e = failureOf(r -> {
            throw Overload.shed("twin-service is busy", TimeUnit.SECONDS.toNanos(1));
        });
        assertEquals(PeerCallException.Kind.UNAVAILABLE, e.kind());
        assertEquals("twin-service at twin:9091 is unavailable: twin-service is busy", e.getMessage());
        assertNull(e.relayed());
        assertEquals(Status.Code.UNAVAILABLE, e.getCause().getStatus().getCode());
    }

    @Test
    void aPeerThatCannotBeReachedIsNamedByTheAddressTried() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        PeerCallException e = assertThrows(PeerCallException.class,
                () -> twin(Duration.ofMinutes(1)).call("Echo", s -> s.echo(HELLO)));
        assertEquals(PeerCallException.Kind.UNAVAILABLE, e.kind());
        String description = e.getCause().getStatus().getDescription();
        assertNotNull(description);
        assertEquals("twin-service at twin:9091 is unreachable: " + description, e.getMessage());
    }

    @Test
    void theCauseOfAnUnreachablePeerIsNamed() {
        StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused")).asRuntimeException();
        assertEquals("twin-service at 127.0.0.1:19091 is unreachable: io exception (Connection refused)",
                PeerCallException.of("twin-service", "127.0.0.1:19091", "Echo", refused).getMessage());
    }

    @Test
    void noAnswerBeforeTheDeadlineIsUnavailableNamingTheRpc() throws Exception {
        handler.set(r -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return r;
        });
        PeerCallException e = assertThrows(PeerCallException.class,
                () -> twin(Duration.ofMillis(200)).call("Echo", s -> s.echo(HELLO)));
        assertEquals(PeerCallException.Kind.UNAVAILABLE, e.kind());
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.peerCode());
        assertEquals("twin-service at twin:9091 is unavailable: no answer to Echo before the deadline", e.getMessage());
    }

    @Test
    void anyOtherFailureNamesThePeerTheRpcAndTheStatus() {
        PeerCallException e = failureOf(r -> {
            throw Status.INTERNAL.withDescription("boom").asRuntimeException();
        });
        assertEquals(PeerCallException.Kind.FAILED, e.kind());
        assertEquals("twin-service failed on Echo: INTERNAL boom", e.getMessage());
        assertNull(e.relayed());
        PeerCallException bare = failureOf(r -> {
            throw Status.PERMISSION_DENIED.asRuntimeException();
        });
        assertEquals("twin-service failed on Echo: PERMISSION_DENIED PERMISSION_DENIED", bare.getMessage());
    }

    @Test
    void aShedCallIsRetriedWithinTheDeadlineButASingleCallIsNot() {
        handler.set(r -> {
            if (calls.get() <= 2) {
                throw Overload.shed("busy", TimeUnit.MILLISECONDS.toNanos(1));
            }
            return r;
        });
        assertArrayEquals(HELLO, twin(Duration.ofMinutes(1)).callRetrying("Echo", s -> s.echo(HELLO)));
        assertEquals(3, calls.get(), "two refusals, then the answer");

        calls.set(0);
        assertThrows(PeerCallException.class, () -> twin(Duration.ofMinutes(1)).call("Echo", s -> s.echo(HELLO)));
        assertEquals(1, calls.get());
    }

    @Test
    void onlyUnavailableIsRetried() {
        handler.set(r -> {
            throw Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException();
        });
        PeerCallException e = assertThrows(PeerCallException.class,
                () -> twin(Duration.ofMinutes(1)).callRetrying("Echo", s -> s.echo(HELLO)));
        assertEquals(PeerCallException.Kind.REJECTED, e.kind());
        assertEquals(1, calls.get());
    }

    @Test
    void theFallbackMustBePositive() {
        EchoStub stub = new EchoStub(channel, CallOptions.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> PeerCall.to("twin-service", stub, Duration.ZERO));
    }
}
