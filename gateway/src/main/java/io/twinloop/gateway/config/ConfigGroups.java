package io.twinloop.gateway.config;

import io.twinloop.gateway.schedule.ScheduleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Groups of {@link GatewayConfig} that classes inject on their own. */
@ApplicationScoped
public class ConfigGroups {

    /** {@code twinloop.gateway.schedule.*}. */
    @Produces
    ScheduleConfig schedule(GatewayConfig config) {
        return config.gateway().schedule();
    }
}
