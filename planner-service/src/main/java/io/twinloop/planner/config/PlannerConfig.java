package io.twinloop.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

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
}
