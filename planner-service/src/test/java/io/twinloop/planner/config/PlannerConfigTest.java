package io.twinloop.planner.config;

import io.twinloop.platform.config.ConfigMappingContract;

/** {@link PlannerConfig} against application.properties and docs/configuration.md ({@link ConfigMappingContract}). */
class PlannerConfigTest extends ConfigMappingContract {
    @Override
    protected Class<?> mapping() {
        return PlannerConfig.class;
    }

    @Override
    protected String service() {
        return "planner-service";
    }
}
