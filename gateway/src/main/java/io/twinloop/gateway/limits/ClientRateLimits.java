package io.twinloop.gateway.limits;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.platform.limits.Overload;
import io.twinloop.platform.limits.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Optional;

/**
 * Per-client rate limits of the gateway's API, one token bucket per client for gRPC and REST
 * together. A client is the authenticated token's owner, or (authentication off, or an anonymous
 * read) the peer's IP address. Defaults: {@code twinloop.gateway.rate-limit.requests-per-second} and
 * {@code .burst}; one client's own rate:
 * {@code twinloop.gateway.rate-limit.client.<name>.requests-per-second} / {@code .burst}. At most
 * {@code .max-clients} buckets are kept (idle ones are forgotten first).
 */
@ApplicationScoped
public class ClientRateLimits {
    private static final Logger LOG = Logger.getLogger(ClientRateLimits.class);

    private final boolean enabled;
    private final RateLimiter limiter;
    private final MeterRegistry registry;

    public ClientRateLimits(GatewayConfig config, MeterRegistry registry) {
        GatewayConfig.RateLimit settings = config.gateway().rateLimit();
        boolean enabled = settings.enabled();
        double perSecond = settings.requestsPerSecond();
        double burst = settings.burst();
        int maxClients = settings.maxClients();
        RateLimiter.Rate fallback = new RateLimiter.Rate(perSecond, burst);
        this.enabled = enabled;
        this.registry = registry;
        this.limiter = new RateLimiter(client -> {
            GatewayConfig.ClientRate own = settings.client().get(client);
            return own == null || own.requestsPerSecond().isEmpty() && own.burst().isEmpty() ? fallback
                    : new RateLimiter.Rate(own.requestsPerSecond().orElse(fallback.perSecond()),
                            own.burst().orElse(fallback.burst()));
        }, maxClients, System::nanoTime);
        LOG.infof(enabled ? "rate limit: %s requests/s per client, bursts of %s" : "rate limit: off", fmt(perSecond), fmt(burst));
    }

    /**
     * Takes a token for {@code client}.
     *
     * @param via "grpc" or "rest", for the metric
     * @return empty when the request may proceed; else the RESOURCE_EXHAUSTED status (with RetryInfo) to answer
     */
    public Optional<StatusRuntimeException> check(String client, String via) {
        if (!enabled) {
            return Optional.empty();
        }
        RateLimiter.Decision d = limiter.tryAcquire(client);
        if (d.allowed()) {
            return Optional.empty();
        }
        Counter.builder("twinloop_rate_limited").description("Requests refused with RESOURCE_EXHAUSTED by the per-client rate limit")
                .tag("service", "gateway").tag("via", via).register(registry).increment();
        return Optional.of(Overload.rateLimited("rate limit of " + fmt(d.rate().perSecond()) + " requests/s (bursts of "
                + fmt(d.rate().burst()) + ") for client '" + client + "' exceeded; retry in "
                + Overload.seconds(d.retryAfterNanos()), d.retryAfterNanos()));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
