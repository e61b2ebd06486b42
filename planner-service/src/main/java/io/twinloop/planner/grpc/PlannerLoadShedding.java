package io.twinloop.planner.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.platform.limits.SheddingInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import io.twinloop.planner.config.PlannerConfig;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Load shedding at the planner: plans are LP solves and local searches that use a core each, so beyond
 * {@code twinloop.planner.max-inflight} calls at once the planner refuses more with UNAVAILABLE and a
 * retry hint instead of queueing them into their deadlines. Health and reflection are never shed.
 */
@ApplicationScoped
@GlobalInterceptor
public class PlannerLoadShedding implements ServerInterceptor {
    private final SheddingInterceptor shedding;

    public PlannerLoadShedding(MeterRegistry registry, PlannerConfig config) {
        int maxInflight = config.planner().maxInflight();
        this.shedding = new SheddingInterceptor("planner-service", List.of(new SheddingInterceptor.Rule(
                m -> m.startsWith("twinloop.planner.v1.PlannerService/"), new ConcurrencyLimiter("plans",
                        "twinloop.planner.max-inflight", maxInflight, TimeUnit.MILLISECONDS.toNanos(200),
                        TimeUnit.SECONDS.toNanos(30), System::nanoTime))),
                (method, limiter) -> Counter.builder("twinloop_requests_shed")
                        .description("Calls refused with UNAVAILABLE because a concurrency limit was reached")
                        .tag("service", "planner-service").tag("method", method.substring(method.indexOf('/') + 1))
                        .tag("limit", limiter.setting()).register(registry).increment());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return shedding.interceptCall(call, headers, next);
    }
}
