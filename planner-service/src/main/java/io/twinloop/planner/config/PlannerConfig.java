package io.twinloop.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code twinloop.*} setting of the planner-service but the shared bearer-token ones
 * ({@link io.twinloop.platform.auth.AuthConfig}) and TLS ({@link io.twinloop.platform.tls.TlsConfig}), with its
 * default. docs/configuration.md lists them with their environment variables; PlannerConfigTest checks that
 * application.properties holds no other {@code twinloop.*} key and repeats these defaults, and that the table
 * agrees.
 */
@ConfigMapping(prefix = "twinloop")
public interface PlannerConfig {

    /**
     * Deadline of a call to the twin-service when the caller set none (otherwise the caller's remaining deadline
     * is used). The same key in every service that calls the twin.
     */
    @WithDefault("10s")
    Duration twinDeadline();

    /** The planner's own settings. */
    Planner planner();

    /** {@code twinloop.planner.*}. */
    interface Planner {
        /** Maximum number of actions in a plan when the request's guardrails say 0. */
        @WithDefault("10")
        int defaultMaxChanges();

        /** Maximum number of candidates returned when the request says 0. */
        @WithDefault("5")
        int defaultMaxCandidates();

        /** Iteration budget of the IGP weight search (local-search moves tried). */
        @WithDefault("200")
        int maxIterations();

        /**
         * Planner calls in flight before more are refused with UNAVAILABLE and a retry hint (load shedding,
         * docs/limits.md).
         */
        @WithDefault("16")
        int maxInflight();

        /** The LLM planner; off unless {@code twinloop.planner.llm.base-url} is set. */
        Llm llm();
    }

    /** {@code twinloop.planner.llm.*}: the LLM planner (see {@link io.twinloop.planner.llm.LlmSettings}). */
    interface Llm {
        /** OpenAI-compatible endpoint, e.g. {@code http://localhost:11434/v1}; absent = no LLM. */
        Optional<String> baseUrl();

        /** Model name sent to the endpoint. */
        @WithDefault("gpt-4o-mini")
        String model();

        /** API key (absent for servers without auth). */
        Optional<String> apiKey();

        /** Timeout of one model call. */
        @WithDefault("60s")
        Duration timeout();

        /** Tokens one planning call may spend. */
        @WithDefault("20000")
        int maxTokensPerRound();

        /** Rejected answers the model may repair. */
        @WithDefault("2")
        int maxRepairs();

        /** Tool calls per planning call. */
        @WithDefault("12")
        int maxToolCalls();
    }
}
