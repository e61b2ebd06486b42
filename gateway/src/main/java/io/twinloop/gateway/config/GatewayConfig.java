package io.twinloop.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.twinloop.gateway.schedule.ScheduleConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code twinloop.*} setting of the gateway but the shared bearer-token ones
 * ({@link io.twinloop.platform.auth.AuthConfig}) and TLS ({@link io.twinloop.platform.tls.TlsConfig}), with its
 * default. docs/configuration.md lists them with their environment variables; GatewayConfigTest checks that
 * application.properties holds no other {@code twinloop.*} key and repeats these defaults, and that the table
 * agrees.
 */
@ConfigMapping(prefix = "twinloop")
public interface GatewayConfig {

    /** Data directory; the embedded database is {@code <data-dir>/gateway/}. Env {@code TWINLOOP_DATA_DIR}. */
    @WithDefault("./.twinloop/data")
    String dataDir();

    /** The database of rounds, schedules and policies: {@code embedded} (H2 file) or {@code postgresql}. */
    @WithDefault("embedded")
    String store();

    /**
     * Not a setting: the fixed table in application.properties ({@code store-active.<datasource>.<store>=true})
     * through which {@link #store()} activates exactly one datasource.
     */
    @WithName("store-active")
    Map<String, Map<String, Boolean>> storeActive();

    /**
     * Deadline of a call to the twin-service made for the REST view, retries included. The same key in every
     * service that calls the twin. (A round's calls share the round's own deadline instead.)
     */
    @WithDefault("10s")
    Duration twinDeadline();

    /** The gateway's own settings. */
    Gateway gateway();

    /** {@code twinloop.gateway.*}. */
    interface Gateway {
        /** PostgreSQL schema of the gateway's tables and Flyway history (with {@code store=postgresql}). */
        @WithDefault("gateway")
        String pgSchema();

        /** Rounds running at once (gRPC, REST, schedules and events) before more are refused with UNAVAILABLE. */
        @WithDefault("16")
        int maxRoundsInFlight();

        /** gRPC calls in flight before more are shed with UNAVAILABLE and a retry hint. */
        @WithDefault("256")
        int maxInflight();

        /** Deadline of the calls that delete a network (its forecast models, then the twin's network). */
        @WithDefault("30s")
        Duration deleteDeadline();

        /** Periodic rounds. */
        ScheduleConfig schedule();

        /** Per-client rate limit of the gRPC and REST API (docs/limits.md). */
        RateLimit rateLimit();

        /** Event-triggered rounds. */
        Events events();
    }

    /** {@code twinloop.gateway.rate-limit.*}: one token bucket per client (the token's owner, or the peer address). */
    interface RateLimit {
        /** Whether requests are rate-limited at all. */
        @WithDefault("true")
        boolean enabled();

        /** Requests per second a client may make on average. */
        @WithDefault("50")
        double requestsPerSecond();

        /** Requests a client may make in a burst. */
        @WithDefault("200")
        double burst();

        /** Token buckets kept at most (idle ones are forgotten first). */
        @WithDefault("10000")
        int maxClients();

        /** One client's own rate, by client name; unset parts fall back to the defaults above. */
        Map<String, ClientRate> client();
    }

    /** {@code twinloop.gateway.rate-limit.client.<name>.*}. */
    interface ClientRate {
        /** This client's requests per second. */
        Optional<Double> requestsPerSecond();

        /** This client's burst. */
        Optional<Double> burst();
    }

    /** {@code twinloop.gateway.events.*}. */
    interface Events {
        /** Longest wait, in seconds, between attempts to reconnect to the twin's event stream (backoff doubles). */
        @WithDefault("30")
        long reconnectMaxSeconds();
    }
}
