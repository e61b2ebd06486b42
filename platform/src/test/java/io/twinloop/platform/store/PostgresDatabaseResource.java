package io.twinloop.platform.store;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Gives a Quarkus test its own PostgreSQL database and selects the PostgreSQL store. */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {
    private String database;

    @Override
    public Map<String, String> start() {
        database = PostgresServer.createDatabase();
        return Map.of(
                "twinloop.store", "postgresql",
                "quarkus.datasource.pg.jdbc.url", PostgresServer.url(database),
                "quarkus.datasource.pg.username", PostgresServer.USER);
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresServer.dropDatabase(database);
        }
    }
}
