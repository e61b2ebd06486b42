package io.twinloop.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the planner, under {@code twinloop.planner.*}. */
@ConfigMapping(prefix = "twinloop.planner")
public interface PlannerConfig {

    /** Maximum number of actions in a plan when the request's guardrails say 0. Default 10. */
    @WithDefault("10")
    int defaultMaxChanges();

    /** Maximum number of candidates returned when the request says 0. Default 5. */
    @WithDefault("5")
    int defaultMaxCandidates();

    /** Iteration budget of the IGP weight search (local-search moves tried). Default 200. */
    @WithDefault("200")
    int maxIterations();

    /** Deadline of a call to twin-service when the caller set none. Default 10 s. */
    @WithDefault("10s")
    Duration twinDeadline();

    /**
     * Planner calls in flight before more are refused with UNAVAILABLE and a retry hint (load
     * shedding, docs/limits.md). Default 16.
     */
    @WithDefault("16")
    int maxInflight();

    /** The LLM planner; off unless {@code twinloop.planner.llm.base-url} is set. */
    Llm llm();

    /** Settings of the LLM planner (see {@link io.twinloop.planner.llm.LlmSettings}). */
    interface Llm {
        /** OpenAI-compatible endpoint, e.g. {@code http://localhost:11434/v1}; absent = no LLM. */
        Optional<String> baseUrl();

        /** Model name. */
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
