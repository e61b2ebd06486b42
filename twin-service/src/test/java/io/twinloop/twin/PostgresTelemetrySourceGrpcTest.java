package io.twinloop.twin;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.store.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kafka topic bindings on the PostgreSQL store, as on the embedded one. Skipped loudly without a server, unless
 * TWINLOOP_REQUIRE_POSTGRES=1.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@ExtendWith(PostgresServer.class)
class PostgresTelemetrySourceGrpcTest extends TelemetrySourceGrpcTest {
}
