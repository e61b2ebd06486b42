package io.twinloop.twin.store;

import io.twinloop.platform.store.StoreKind;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/** The store contract on the embedded H2 file database. */
class H2TwinStoreTest extends TwinStoreContract {
    private static TwinDatabase db;
    /** Keeps the database open between the store's connections, as the service's pool does. */
    private static Connection keepOpen;

    @BeforeAll
    static void open() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        Path file = Path.of("target", "store-test-" + UUID.randomUUID(), "twin").toAbsolutePath();
        ds.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"); // as the service (application.properties)
        ds.setUser("sa");
        keepOpen = ds.getConnection();
        migrate(ds, StoreKind.EMBEDDED);
        db = new TwinDatabase(ds, StoreKind.EMBEDDED);
    }

    @AfterAll
    static void close() throws SQLException {
        keepOpen.close();
    }

    @Override
    TwinDatabase database() {
        return db;
    }
}
