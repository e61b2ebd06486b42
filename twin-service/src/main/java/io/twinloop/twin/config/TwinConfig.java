package io.twinloop.twin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code twinloop.*} setting of the twin-service but the shared bearer-token ones
 * ({@link io.twinloop.platform.auth.AuthConfig}) and TLS ({@link io.twinloop.platform.tls.TlsConfig}), with its
 * default. docs/configuration.md lists them with their environment variables; TwinConfigTest checks that
 * application.properties holds no other {@code twinloop.*} key and repeats these defaults, and that the table
 * agrees.
 */
@ConfigMapping(prefix = "twinloop")
public interface TwinConfig {

    /** Data directory; the embedded database is {@code <data-dir>/twin/twin.mv.db}. Env {@code TWINLOOP_DATA_DIR}. */
    @WithDefault("./.twinloop/data")
    String dataDir();

    /** The database: {@code embedded} (H2 file) or {@code postgresql}. Env {@code TWINLOOP_STORE}. */
    @WithDefault("embedded")
    String store();

    /**
     * Not a setting: the fixed table in application.properties ({@code store-active.<datasource>.<store>=true})
     * through which {@link #store()} activates exactly one datasource.
     */
    @WithName("store-active")
    Map<String, Map<String, Boolean>> storeActive();

    /** Sizes the twin accepts and calls it admits at once (docs/limits.md). */
    Limits twin();

    /** Telemetry ingestion. */
    Telemetry telemetry();

    /** Retention of history. */
    Retention retention();

    /** Following telemetry with estimated traffic (SetTrafficFollow). */
    Estimate estimate();

    /** Kafka telemetry sources (SetTelemetrySource). */
    Kafka kafka();

    /** {@code twinloop.twin.*}: size limits (exceeded: INVALID_ARGUMENT) and load shedding (UNAVAILABLE). */
    interface Limits {
        /** Nodes of a topology. */
        @WithDefault("20000")
        int maxNodes();

        /** Directed links of a topology; at most what the importers parse (ImportRules.MAX_LINKS). */
        @WithDefault("100000")
        int maxLinks();

        /** Demands (OD pairs) of a topology or a traffic matrix. */
        @WithDefault("1000000")
        int maxDemands();

        /** Actions of a plan. */
        @WithDefault("10000")
        int maxPlanActions();

        /** Plans x traffic matrices of one VerifyPlans call. */
        @WithDefault("256")
        int maxVerifyPairs();

        /**
         * Values one EstimateTraffic call may estimate: intervals x OD pairs (each a double held while the
         * call runs; 20,000,000 is 160 MB).
         */
        @WithDefault("20000000")
        long maxEstimateValues();

        /** Calls in flight (all but event watches, health and reflection) before more are shed. */
        @WithDefault("256")
        int maxInflight();

        /** Simulations, failure sweeps and imports in flight before more are shed. */
        @WithDefault("16")
        int maxInflightExpensive();

        /** Ingest streams open at once before more are shed. */
        @WithDefault("32")
        int maxIngestStreams();
    }

    /** {@code twinloop.telemetry.*}. */
    interface Telemetry {
        /** Samples written per database transaction while ingesting (at least 1). */
        @WithDefault("5000")
        int batchSize();

        /** Relative error between a measured and a predicted link load that counts as divergence (0.5 = 50 %). */
        @WithDefault("0.5")
        double divergenceThreshold();
    }

    /** {@code twinloop.retention.*}. */
    interface Retention {
        /** How often retention policies are enforced (a duration, e.g. {@code 5m}). */
        @WithDefault("5m")
        Duration interval();
    }

    /** {@code twinloop.estimate.*}. */
    interface Estimate {
        /** How often followed networks' new telemetry is estimated (a duration, e.g. {@code 30s}). */
        @WithDefault("30s")
        Duration followEvery();

        /**
         * Most intervals one pass estimates per network (fewer when intervals x OD pairs would exceed
         * {@code twinloop.twin.max-estimate-values}); the rest wait for the next pass.
         */
        @WithDefault("288")
        int followMaxIntervals();
    }

    /** {@code twinloop.kafka.*}. */
    interface Kafka {
        /**
         * Bootstrap servers (host:port,...) of the Kafka cluster the twin consumes bound topics from; absent, bindings
         * are kept but nothing is consumed. {@code ./twinloop up} sets it (env {@code TWINLOOP_KAFKA_BOOTSTRAP}) with
         * {@code TWINLOOP_KAFKA=1} or when that variable is set.
         */
        Optional<String> bootstrap();
    }
}
