package io.twinloop.gateway.limits;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.platform.limits.SheddingInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Load shedding of the gateway's gRPC API: beyond {@code twinloop.gateway.max-inflight} calls at once,
 * calls are refused with UNAVAILABLE and a retry hint. Rounds have their own admission limit
 * ({@code twinloop.gateway.max-rounds-in-flight}, in the round runner, which also covers REST,
 * schedules and event rounds).
 */
@ApplicationScoped
@GlobalInterceptor
public class GatewayLoadShedding implements ServerInterceptor {
    private final SheddingInterceptor shedding;
    private final MeterRegistry registry;

    public GatewayLoadShedding(MeterRegistry registry, GatewayConfig config) {
        int maxInflight = config.gateway().maxInflight();
        this.shedding = new SheddingInterceptor("the gateway", List.of(new SheddingInterceptor.Rule(
                m -> m.startsWith(RateLimitInterceptor.GATEWAY), new ConcurrencyLimiter("calls", "twinloop.gateway.max-inflight",
                        maxInflight, TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30), System::nanoTime))),
                (method, limiter) -> shed(method.substring(method.indexOf('/') + 1), limiter));
        this.registry = registry;
    }

    /** Counts a refusal of {@code what} (a gRPC method, or "round:TRIGGER") by {@code limiter}. */
    public void shed(String what, ConcurrencyLimiter limiter) {
        Counter.builder("twinloop_requests_shed")
                .description("Calls refused with UNAVAILABLE because a concurrency limit was reached")
                .tag("service", "gateway").tag("method", what).tag("limit", limiter.setting()).register(registry).increment();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return shedding.interceptCall(call, headers, next);
    }
}
