package io.twinloop.twin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.store.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Following telemetry on the PostgreSQL store: the follow table, estimated rows with their residuals and the
 * progress through Flyway's PostgreSQL schema, as on the embedded store. Skipped loudly without a server,
 * unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(PostgresServer.class)
class PostgresTrafficFollowGrpcTest extends TrafficFollowGrpcTest {
}
