package io.twinloop.twin.config;

import io.twinloop.platform.config.ConfigMappingContract;

/** {@link TwinConfig} against application.properties and docs/configuration.md ({@link ConfigMappingContract}). */
class TwinConfigTest extends ConfigMappingContract {
    @Override
    protected Class<?> mapping() {
        return TwinConfig.class;
    }

    @Override
    protected String service() {
        return "twin-service";
    }
}
