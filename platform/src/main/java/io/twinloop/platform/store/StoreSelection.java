package io.twinloop.platform.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * The datasource {@code twinloop.store} selects, for a service's database producer. Both datasources
 * ({@code h2} and {@code pg}) are built into the services that keep state; {@code quarkus.datasource.<name>.active}
 * follows {@code twinloop.store} through a nested property lookup in their application.properties, so an
 * unknown value leaves both inactive and {@link StoreKind#parse} fails start-up with a message that names the
 * accepted values.
 */
public final class StoreSelection {
    private static final Logger LOG = Logger.getLogger(StoreSelection.class);

    /** The chosen kind and its active datasource. */
    public record Selected(StoreKind kind, AgroalDataSource dataSource) {
    }

    private StoreSelection() {
    }

    /**
     * @param service     for the start-up log line ("twin", "gateway")
     * @param store       the {@code twinloop.store} value
     * @param dataSources every datasource of the application ({@code @Any Instance<AgroalDataSource>})
     */
    public static Selected select(String service, String store, Instance<AgroalDataSource> dataSources) {
        StoreKind kind = StoreKind.parse(store);
        AgroalDataSource ds = dataSources.select(new DataSource.DataSourceLiteral(kind.datasource())).get();
        LOG.infof("%s store: %s (datasource '%s')", service, kind.value(), kind.datasource());
        return new Selected(kind, ds);
    }
}
