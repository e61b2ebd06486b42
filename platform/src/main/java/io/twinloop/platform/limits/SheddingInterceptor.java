package io.twinloop.platform.limits;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Load shedding for a gRPC server: each call takes a permit from every {@link Rule} whose methods
 * it matches, for as long as it runs (a stream: until it ends); when one is not available the call
 * is refused at once with {@code UNAVAILABLE} and a {@code RetryInfo} detail, and nothing of it runs.
 * Health checks and reflection ({@code grpc.*}) are never shed.
 */
public final class SheddingInterceptor implements ServerInterceptor {

    /** Calls of the methods {@code methods} accepts (full names, "pkg.Service/Method") share {@code limiter}. */
    public record Rule(Predicate<String> methods, ConcurrencyLimiter limiter) {
        public Rule {
            Objects.requireNonNull(methods, "methods");
            Objects.requireNonNull(limiter, "limiter");
        }
    }

    /** Told about every refused call (for metrics). */
    @FunctionalInterface
    public interface ShedListener {
        void shed(String fullMethodName, ConcurrencyLimiter limiter);
    }

    /** The methods {@code names} of {@code grpcService} ("twinloop.twin.v1.TwinService"). */
    public static Predicate<String> methods(String grpcService, String... names) {
        java.util.Set<String> full = new java.util.HashSet<>();
        for (String n : names) {
            full.add(grpcService + "/" + n);
        }
        return full::contains;
    }

    /** Every method of {@code grpcService} but {@code names}. */
    public static Predicate<String> allMethodsExcept(String grpcService, String... names) {
        Predicate<String> excluded = methods(grpcService, names);
        return m -> m.startsWith(grpcService + "/") && !excluded.test(m);
    }

    private final String service;
    private final List<Rule> rules;
    private final ShedListener listener;

    /**
     * @param service  the service's name, for messages ("twin-service")
     * @param rules    the limits; a call may match several
     * @param listener told about refusals
     */
    public SheddingInterceptor(String service, List<Rule> rules, ShedListener listener) {
        this.service = service;
        this.rules = List.copyOf(rules);
        this.listener = listener;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.startsWith("grpc.")) {
            return next.startCall(call, headers);
        }
        List<ConcurrencyLimiter.Permit> held = new ArrayList<>(2);
        for (Rule r : rules) {
            if (!r.methods().test(method)) {
                continue;
            }
            ConcurrencyLimiter.Permit p = r.limiter().tryAcquire();
            if (p == null) {
                held.forEach(ConcurrencyLimiter.Permit::close);
                listener.shed(method, r.limiter());
                StatusRuntimeException e = Overload.shed(r.limiter().refusal(service), r.limiter().retryAfterNanos());
                call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
                return new ServerCall.Listener<>() {
                };
            }
            held.add(p);
        }
        if (held.isEmpty()) {
            return next.startCall(call, headers);
        }
        Runnable release = () -> held.forEach(ConcurrencyLimiter.Permit::close);
        ServerCall<Q, R> releasing = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                release.run(); // first: a caller told "done" may start its next call at once
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> delegate;
        try {
            delegate = next.startCall(releasing, headers);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    release.run();
                }
            }

            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    release.run();
                }
            }
        };
    }
}
