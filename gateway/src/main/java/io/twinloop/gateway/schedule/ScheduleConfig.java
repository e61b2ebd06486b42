package io.twinloop.gateway.schedule;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Settings of periodic rounds ({@code twinloop.gateway.schedule.*}): a group of
 * {@link io.twinloop.gateway.config.GatewayConfig}, injectable on its own through
 * {@link io.twinloop.gateway.config.ConfigGroups}.
 */
public interface ScheduleConfig {
    /** The longest interval a schedule may have: 7 days, in seconds. */
    long MAX_INTERVAL_SECONDS = 7 * 24 * 3600;

    /** The shortest interval a schedule may have, in seconds (default 10). */
    @WithDefault("10")
    long minIntervalSeconds();

    /** How often the scheduler looks for due schedules (default 1 s). */
    @WithDefault("1s")
    Duration tick();

    /** How many scheduled rounds (of different networks) may run at once (default 4). */
    @WithDefault("4")
    int workers();
}
