package io.twinloop.forecast.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.platform.limits.SheddingInterceptor;
import io.twinloop.forecast.config.ForecastConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.twinloop.platform.limits.SheddingInterceptor.methods;

/**
 * Load shedding at the forecaster: trainings run one at a time (the others wait for the training
 * lock), so at most {@code twinloop.forecast.max-training} Train and Backtest calls are admitted (one
 * running, the rest waiting); all calls together are bounded by {@code twinloop.forecast.max-inflight}.
 * Beyond them: UNAVAILABLE with a retry hint. Health and reflection are never shed.
 */
@ApplicationScoped
@GlobalInterceptor
public class ForecastLoadShedding implements ServerInterceptor {
    static final String FORECAST = "twinloop.forecast.v1.ForecastService";

    private final SheddingInterceptor shedding;

    public ForecastLoadShedding(MeterRegistry registry, ForecastConfig config) {
        int maxInflight = config.forecast().maxInflight();
        int maxTraining = config.forecast().maxTraining();
        long max = TimeUnit.SECONDS.toNanos(60);
        this.shedding = new SheddingInterceptor("forecast-service", List.of(
                new SheddingInterceptor.Rule(m -> m.startsWith(FORECAST + "/"), new ConcurrencyLimiter("calls",
                        "twinloop.forecast.max-inflight", maxInflight, TimeUnit.MILLISECONDS.toNanos(100), max, System::nanoTime)),
                new SheddingInterceptor.Rule(methods(FORECAST, "Train", "Backtest"), new ConcurrencyLimiter(
                        "trainings and backtests", "twinloop.forecast.max-training", maxTraining, TimeUnit.SECONDS.toNanos(1),
                        max, System::nanoTime))),
                (method, limiter) -> Counter.builder("twinloop_requests_shed")
                        .description("Calls refused with UNAVAILABLE because a concurrency limit was reached")
                        .tag("service", "forecast-service").tag("method", method.substring(method.indexOf('/') + 1))
                        .tag("limit", limiter.setting()).register(registry).increment());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return shedding.interceptCall(call, headers, next);
    }
}
