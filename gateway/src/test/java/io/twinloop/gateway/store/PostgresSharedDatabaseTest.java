package io.twinloop.gateway.store;

import io.twinloop.platform.store.PostgresServer;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway and the twin-service can share one PostgreSQL database, whichever migrates first:
 * the twin's real migrations (from its module, with its Flyway settings: default schema and
 * history table) and the gateway's (own schema, own history table). Flyway refuses to migrate
 * a non-empty schema that has no history table of its own, so sharing one schema would fail
 * for the second service. Skipped loudly without a server, unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@ExtendWith(PostgresServer.class)
class PostgresSharedDatabaseTest {
    private static final Path TWIN_MIGRATIONS = Path.of("..", "twin-service", "src", "main", "resources", "db",
            "migration", "postgresql").toAbsolutePath().normalize();

    @Test
    void theGatewayAndTheTwinMigrateOneDatabaseInEitherOrder() throws SQLException {
        assertTrue(Files.isDirectory(TWIN_MIGRATIONS), "twin-service migrations not found at " + TWIN_MIGRATIONS);
        for (boolean gatewayFirst : new boolean[]{true, false}) {
            String database = PostgresServer.createDatabase();
            try {
                PGSimpleDataSource twin = dataSource(database, null);
                PGSimpleDataSource gateway = dataSource(database, GatewayStoreContract.PG_SCHEMA);
                if (gatewayFirst) {
                    GatewayStoreContract.migrate(gateway, StoreKind.POSTGRESQL);
                    twinFlyway(twin).migrate();
                } else {
                    twinFlyway(twin).migrate();
                    GatewayStoreContract.migrate(gateway, StoreKind.POSTGRESQL);
                }
                assertEquals(0, twinFlyway(twin).info().pending().length, "twin fully migrated");
                List<String> publicTables = tables(twin, "public");
                assertTrue(publicTables.contains("network") && publicTables.contains("flyway_schema_history"),
                        publicTables.toString());
                assertFalse(publicTables.stream().anyMatch(t -> t.startsWith("gw_") || t.startsWith("gateway_")),
                        publicTables.toString());
                assertEquals(List.of("gateway_schema_history", "gw_network_policy", "gw_round", "gw_schedule"),
                        tables(twin, GatewayStoreContract.PG_SCHEMA));

                RoundStore rounds = new RoundStore(new GatewayDatabase(gateway, StoreKind.POSTGRESQL));
                Round r = Round.newBuilder().setId("r-1").setNetwork("net").setStatus(RoundStatus.ROUND_STATUS_DRY_RUN).build();
                rounds.save(r);
                assertEquals(Optional.of(r), rounds.find("r-1"));
            } finally {
                PostgresServer.dropDatabase(database);
            }
        }
    }

    /** The twin-service's Flyway as its application.properties configures it. */
    private static Flyway twinFlyway(PGSimpleDataSource ds) {
        return Flyway.configure().dataSource(ds).locations("filesystem:" + TWIN_MIGRATIONS).load();
    }

    private static PGSimpleDataSource dataSource(String database, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(PostgresServer.url(database));
        ds.setUser(PostgresServer.USER);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }

    private static List<String> tables(PGSimpleDataSource ds, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        out.sort(null);
        return out;
    }
}
