package io.twinloop.gateway.store;

import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store contract on the embedded H2 file database, and the upgrade of an existing one. */
class H2GatewayStoreTest extends GatewayStoreContract {
    private static GatewayDatabase db;
    /** Keeps the database open between the stores' connections, as the service's pool does. */
    private static Connection keepOpen;

    @BeforeAll
    static void open() throws SQLException {
        JdbcDataSource ds = dataSource();
        keepOpen = ds.getConnection();
        migrate(ds, StoreKind.EMBEDDED);
        db = new GatewayDatabase(ds, StoreKind.EMBEDDED);
    }

    @AfterAll
    static void close() throws SQLException {
        keepOpen.close();
    }

    @Override
    GatewayDatabase database() {
        return db;
    }

    private static JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        Path file = Path.of("target", "store-test-" + UUID.randomUUID(), "rounds").toAbsolutePath();
        ds.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        return ds;
    }

    @Test
    void roundsOfAnExistingDatabaseSurviveTheUpgrade() throws SQLException {
        JdbcDataSource ds = dataSource();
        try (Connection open = ds.getConnection()) {
            // A gateway database as the previous release left it: version 1, table "round".
            Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").target("1").load().migrate();
            Round old = Round.newBuilder().setId("r-old").setNetwork("net").setStatus(RoundStatus.ROUND_STATUS_APPLIED)
                    .setStartedUnixMs(42).build();
            try (PreparedStatement ps = open.prepareStatement(
                    "INSERT INTO round (id, network, status, started_ms, record) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, old.getId());
                ps.setString(2, old.getNetwork());
                ps.setString(3, old.getStatus().name());
                ps.setLong(4, old.getStartedUnixMs());
                ps.setBytes(5, old.toByteArray());
                ps.executeUpdate();
            }
            migrate(ds, StoreKind.EMBEDDED);
            RoundStore store = new RoundStore(new GatewayDatabase(ds, StoreKind.EMBEDDED));
            assertEquals(Optional.of(old), store.find("r-old"));
            assertEquals(1, store.list("net", java.util.Set.of(), 0, 10).size());
        }
    }
}
