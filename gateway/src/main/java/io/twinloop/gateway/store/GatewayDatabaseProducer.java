package io.twinloop.gateway.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.Startup;
import io.twinloop.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Exposes the one active datasource as the {@link GatewayDatabase}. Both datasources ({@code h2}
 * and {@code pg}) are built in; {@code quarkus.datasource.<name>.active} follows
 * {@code twinloop.store} through a nested property lookup in application.properties, so an
 * unknown value leaves both inactive — this producer then fails start-up with a message that
 * names the accepted values.
 */
@ApplicationScoped
public class GatewayDatabaseProducer {
    private static final Logger LOG = Logger.getLogger(GatewayDatabaseProducer.class);

    @Produces
    @Singleton
    @Startup
    GatewayDatabase gatewayDatabase(GatewayConfig config, @Any Instance<AgroalDataSource> dataSources) {
        StoreKind kind = StoreKind.parse(config.store());
        AgroalDataSource ds = dataSources.select(new DataSource.DataSourceLiteral(kind.datasource())).get();
        LOG.infof("gateway store: %s (datasource '%s')", kind.value(), kind.datasource());
        return new GatewayDatabase(ds, kind);
    }
}
