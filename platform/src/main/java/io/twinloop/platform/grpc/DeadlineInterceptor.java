package io.twinloop.platform.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts the caller's deadline (the {@code grpc-timeout} request header) on the {@link Context} of every
 * incoming call of every service, so that {@code Context.current().getDeadline()} works in service methods
 * and calls to other services inherit what is left of it. grpc-java's own server transport does this; the
 * Vert.x transport Quarkus uses when gRPC shares the HTTP port does not. When the deadline passes the
 * context is cancelled: downstream calls made in it are cancelled, and long work that checks
 * {@code Context.current().isCancelled()} stops instead of computing an answer nobody waits for. When the
 * call ends first (completed or cancelled by the caller), the context is cancelled too.
 */
@ApplicationScoped
@GlobalInterceptor
public class DeadlineInterceptor implements ServerInterceptor, Prioritized, AutoCloseable {

    static final Metadata.Key<String> GRPC_TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grpc-deadline-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                        ServerCallHandler<Q, R> next) {
        long nanos = Context.current().getDeadline() == null ? timeoutNanos(headers.get(GRPC_TIMEOUT)) : -1;
        if (nanos < 0) {
            return next.startCall(call, headers);
        }
        Context.CancellableContext ctx = Context.current().withDeadlineAfter(nanos, TimeUnit.NANOSECONDS, timer);
        ServerCall.Listener<Q> delegate = Contexts.interceptCall(ctx, call, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    ctx.cancel(null);
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    ctx.cancel(null);
                }
            }
        };
    }

    /**
     * Runs inside Quarkus' hop to a worker thread for {@code @Blocking} methods (priority
     * {@code Integer.MAX_VALUE - 60}) and its exception handler ({@code - 70}): that hop replays the call's
     * first events on the worker without the context an outer interceptor attached, so only an interceptor
     * inside it puts the deadline on the context the service method runs in.
     */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 100;
    }

    @PreDestroy
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * The {@code grpc-timeout} header in nanoseconds ("TimeoutValue TimeoutUnit": at most 8 digits and one of
     * H, M, S, m, u, n, per the gRPC-over-HTTP/2 protocol), or -1 when absent or malformed.
     */
    static long timeoutNanos(String header) {
        if (header == null || header.length() < 2 || header.length() > 9) {
            return -1;
        }
        String digits = header.substring(0, header.length() - 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long value = Long.parseLong(digits);
        TimeUnit unit = switch (header.charAt(header.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? -1 : unit.toNanos(value);
    }
}
