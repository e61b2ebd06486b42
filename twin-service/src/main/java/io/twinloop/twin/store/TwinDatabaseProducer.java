package io.twinloop.twin.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.platform.store.StoreSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Exposes the one active datasource ({@link StoreSelection}) as the {@link TwinDatabase}. */
@ApplicationScoped
public class TwinDatabaseProducer {

    @Produces
    @Singleton
    @Startup
    TwinDatabase twinDatabase(TwinConfig config, @Any Instance<AgroalDataSource> dataSources) {
        StoreSelection.Selected s = StoreSelection.select("twin", config.store(), dataSources);
        return new TwinDatabase(s.dataSource(), s.kind());
    }
}
