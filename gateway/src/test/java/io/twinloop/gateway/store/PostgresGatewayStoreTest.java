package io.twinloop.gateway.store;

import io.twinloop.platform.store.PostgresServer;
import io.twinloop.platform.store.StoreKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on PostgreSQL, in a database of its own that is dropped afterwards.
 * Skipped loudly when no server answers, unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@ExtendWith(PostgresServer.class)
class PostgresGatewayStoreTest extends GatewayStoreContract {
    private static String database;
    private static GatewayDatabase db;

    @BeforeAll
    static void open() {
        database = PostgresServer.createDatabase();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PostgresServer.url(database));
        ds.setUser(PostgresServer.USER);
        ds.setCurrentSchema(PG_SCHEMA);
        migrate(ds, StoreKind.POSTGRESQL);
        db = new GatewayDatabase(ds, StoreKind.POSTGRESQL);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            PostgresServer.dropDatabase(database);
        }
    }

    @Override
    GatewayDatabase database() {
        return db;
    }
}
