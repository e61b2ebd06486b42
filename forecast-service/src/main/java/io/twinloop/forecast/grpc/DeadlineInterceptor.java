package io.twinloop.forecast.grpc;

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

import java.util.OptionalLong;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Puts the caller's deadline (the {@code grpc-timeout} header) into the {@link io.grpc.Context}
 * of every incoming call, so that {@code Context.current().getDeadline()} works in service code
 * and calls to other services inherit what is left of it.
 *
 * <p>Needed because with {@code quarkus.grpc.server.use-separate-server=false} calls are served by
 * the Vert.x gRPC server, whose grpc-java bridge (Vert.x 4.5) copies the headers but does not set
 * a deadline on the Context, as grpc-java's own server does. When a Context deadline is already
 * present this interceptor does nothing.
 */
@ApplicationScoped
@GlobalInterceptor
public class DeadlineInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> GRPC_TIMEOUT = Metadata.Key.of("grpc-timeout", Metadata.ASCII_STRING_MARSHALLER);

    private final ScheduledThreadPoolExecutor timer = newTimer();

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "grpc-deadline-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
                                                                 ServerCallHandler<ReqT, RespT> next) {
        OptionalLong nanos = parseTimeout(headers.get(GRPC_TIMEOUT));
        if (Context.current().getDeadline() != null || nanos.isEmpty()) {
            return next.startCall(call, headers);
        }
        Context.CancellableContext context = Context.current()
                .withDeadlineAfter(nanos.getAsLong(), TimeUnit.NANOSECONDS, timer);
        ServerCall.Listener<ReqT> listener = Contexts.interceptCall(context, call, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    context.cancel(null);
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    context.cancel(null);
                }
            }
        };
    }

    /**
     * Reads a {@code grpc-timeout} value (1 to 8 digits and a unit H, M, S, m, u or n, per the
     * gRPC over HTTP/2 protocol); empty when absent or malformed.
     */
    static OptionalLong parseTimeout(String value) {
        if (value == null || value.length() < 2 || value.length() > 9) {
            return OptionalLong.empty();
        }
        String digits = value.substring(0, value.length() - 1);
        if (!digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long amount = Long.parseLong(digits);
        TimeUnit unit = switch (value.charAt(value.length() - 1)) {
            case 'H' -> TimeUnit.HOURS;
            case 'M' -> TimeUnit.MINUTES;
            case 'S' -> TimeUnit.SECONDS;
            case 'm' -> TimeUnit.MILLISECONDS;
            case 'u' -> TimeUnit.MICROSECONDS;
            case 'n' -> TimeUnit.NANOSECONDS;
            default -> null;
        };
        return unit == null ? OptionalLong.empty() : OptionalLong.of(unit.toNanos(amount));
    }

    @PreDestroy
    void shutdown() {
        timer.shutdownNow();
    }
}
