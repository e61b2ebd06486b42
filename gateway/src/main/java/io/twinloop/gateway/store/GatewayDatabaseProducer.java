package io.twinloop.gateway.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import io.twinloop.platform.store.StoreSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Exposes the one active datasource ({@link StoreSelection}) as the {@link GatewayDatabase}. */
@ApplicationScoped
public class GatewayDatabaseProducer {

    @Produces
    @Singleton
    @Startup
    GatewayDatabase gatewayDatabase(@ConfigProperty(name = "twinloop.store", defaultValue = "embedded") String store,
                                   @Any Instance<AgroalDataSource> dataSources) {
        StoreSelection.Selected s = StoreSelection.select("gateway", store, dataSources);
        return new GatewayDatabase(s.dataSource(), s.kind());
    }
}
