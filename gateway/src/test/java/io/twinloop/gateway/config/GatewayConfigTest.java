package io.twinloop.gateway.config;

import io.twinloop.platform.config.ConfigMappingContract;

/** {@link GatewayConfig} against application.properties and docs/configuration.md ({@link ConfigMappingContract}). */
class GatewayConfigTest extends ConfigMappingContract {
    @Override
    protected Class<?> mapping() {
        return GatewayConfig.class;
    }

    @Override
    protected String service() {
        return "gateway";
    }
}
