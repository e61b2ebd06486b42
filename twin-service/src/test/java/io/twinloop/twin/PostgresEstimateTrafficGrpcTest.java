package io.twinloop.twin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.store.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EstimateTraffic on the PostgreSQL store: estimated rows stored through Flyway's PostgreSQL schema
 * and read back marked, and refusals storing nothing, as on the embedded store. Skipped loudly
 * without a server, unless TWINLOOP_REQUIRE_POSTGRES=1.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(PostgresServer.class)
class PostgresEstimateTrafficGrpcTest extends EstimateTrafficGrpcTest {
}
