package io.twinloop.gateway.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.platform.store.StoreSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Exposes the one active datasource ({@link StoreSelection}) as the {@link GatewayDatabase}. */
@ApplicationScoped
public class GatewayDatabaseProducer {

    @Produces
    @Singleton
    @Startup
    GatewayDatabase gatewayDatabase(GatewayConfig config, @Any Instance<AgroalDataSource> dataSources) {
        StoreSelection.Selected s = StoreSelection.select("gateway", config.store(), dataSources);
        return new GatewayDatabase(s.dataSource(), s.kind());
    }
}
