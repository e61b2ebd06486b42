package io.twinloop.twin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.store.PostgresServer;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.twin.store.TwinStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same build on PostgreSQL (twinloop.store=postgresql): Flyway's PostgreSQL migrations run,
 * the producer hands the pg datasource to the store, and the gRPC ingestion and watch tests pass
 * unchanged. Skipped loudly without a server, unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(PostgresServer.class)
class PostgresStoreGrpcTest extends ObservedStateGrpcTest {
    @Inject
    TwinStore store;

    @Test
    void runsOnPostgres() {
        assertEquals(StoreKind.POSTGRESQL, store.kind());
    }
}
