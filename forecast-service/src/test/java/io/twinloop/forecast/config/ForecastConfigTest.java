package io.twinloop.forecast.config;

import io.twinloop.platform.config.ConfigMappingContract;

/** {@link ForecastConfig} against application.properties and docs/configuration.md ({@link ConfigMappingContract}). */
class ForecastConfigTest extends ConfigMappingContract {
    @Override
    protected Class<?> mapping() {
        return ForecastConfig.class;
    }

    @Override
    protected String service() {
        return "forecast-service";
    }
}
