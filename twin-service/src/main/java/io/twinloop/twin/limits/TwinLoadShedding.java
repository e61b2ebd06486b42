package io.twinloop.twin.limits;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.platform.limits.SheddingInterceptor;
import io.twinloop.twin.config.TwinConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.twinloop.platform.limits.SheddingInterceptor.allMethodsExcept;
import static io.twinloop.platform.limits.SheddingInterceptor.methods;

/**
 * Load shedding at the twin: calls beyond these many in flight are refused at once with
 * {@code UNAVAILABLE} and a retry hint instead of queueing into a timeout. Expensive calls
 * (simulations, failure sweeps, imports, traffic estimates) and ingest streams have limits of their own; all calls
 * (but the long-lived event watches, health and reflection) share one overall limit.
 */
@ApplicationScoped
@GlobalInterceptor
public class TwinLoadShedding implements ServerInterceptor {
    static final String TWIN = "twinloop.twin.v1.TwinService";

    private final SheddingInterceptor shedding;
    private final ConcurrencyLimiter ingestStreams;

    public TwinLoadShedding(MeterRegistry registry, TwinConfig config) {
        int maxInflight = config.twin().maxInflight();
        int maxExpensive = config.twin().maxInflightExpensive();
        int maxIngest = config.twin().maxIngestStreams();
        long min = TimeUnit.MILLISECONDS.toNanos(100);
        long max = TimeUnit.SECONDS.toNanos(30);
        this.ingestStreams = new ConcurrencyLimiter("ingest streams", "twinloop.twin.max-ingest-streams", maxIngest,
                TimeUnit.SECONDS.toNanos(1), max, System::nanoTime);
        this.shedding = new SheddingInterceptor("twin-service", List.of(
                new SheddingInterceptor.Rule(allMethodsExcept(TWIN, "WatchEvents"), new ConcurrencyLimiter(
                        "calls", "twinloop.twin.max-inflight", maxInflight, min, max, System::nanoTime)),
                new SheddingInterceptor.Rule(methods(TWIN, "Simulate", "VerifyPlans", "SweepFailures", "ImportTopology", "ImportTraffic",
                        "EstimateTraffic"),
                        new ConcurrencyLimiter("simulations, sweeps and imports", "twinloop.twin.max-inflight-expensive",
                                maxExpensive, min, max, System::nanoTime)),
                new SheddingInterceptor.Rule(methods(TWIN, "IngestTelemetry", "IngestTelemetryAcked", "IngestTraffic"),
                        ingestStreams)),
                (method, limiter) -> Counter.builder("twinloop_requests_shed")
                        .description("Calls refused with UNAVAILABLE because a concurrency limit was reached")
                        .tag("service", "twin-service").tag("method", method.substring(method.indexOf('/') + 1))
                        .tag("limit", limiter.setting()).register(registry).increment());
    }

    /** The ingest streams open now. */
    public int ingestStreamsInFlight() {
        return ingestStreams.inFlight();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return shedding.interceptCall(call, headers, next);
    }
}
