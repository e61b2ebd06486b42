package io.twinloop.forecast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every {@code twinloop.*} setting of the forecast-service but the shared bearer-token ones
 * ({@link io.twinloop.platform.auth.AuthConfig}) and TLS ({@link io.twinloop.platform.tls.TlsConfig}), with its
 * default. docs/configuration.md lists them with their environment variables; ForecastConfigTest checks that
 * application.properties holds no other {@code twinloop.*} key and repeats these defaults, and that the table
 * agrees.
 */
@ConfigMapping(prefix = "twinloop")
public interface ForecastConfig {

    /** Data directory; trained models live in {@code <data-dir>/forecast/models/<name>/v<version>/}. */
    @WithDefault("./.twinloop/data")
    String dataDir();

    /**
     * Deadline of a call to the twin-service when the caller set none (otherwise the caller's remaining deadline
     * is used). The same key in every service that calls the twin.
     */
    @WithDefault("10s")
    Duration twinDeadline();

    /** The forecaster's own settings. */
    Forecast forecast();

    /** {@code twinloop.forecast.*}. */
    interface Forecast {
        /** How often the model registry is rescanned for new or removed models (hot reload). */
        @WithDefault("5s")
        Duration registryScan();

        /** How often per-network health is refreshed from the twin's network list. */
        @WithDefault("10s")
        Duration healthRefresh();

        /** Calls in flight before more are shed with UNAVAILABLE and a retry hint (docs/limits.md). */
        @WithDefault("64")
        int maxInflight();

        /** Train and Backtest calls admitted at once (one trains, the others wait for it) before more are shed. */
        @WithDefault("2")
        int maxTraining();
    }
}
