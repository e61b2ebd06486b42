package io.twinloop.gateway.store;

import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved round survives the gateway's process being killed right after the save returns, with
 * the embedded database URL of application.properties (H2 otherwise keeps the last second of
 * commits in memory). The writer is a separate JVM that halts without closing anything.
 */
class H2DurabilityTest {
    private static final Round ROUND = Round.newBuilder().setId("r-durable").setNetwork("net")
            .setStatus(RoundStatus.ROUND_STATUS_APPLIED).setStartedUnixMs(7).setChoiceReason("kept").build();

    @Test
    void aSavedRoundSurvivesAKilledProcess() throws Exception {
        Path dir = Path.of("target", "durability-" + UUID.randomUUID()).toAbsolutePath();
        String url = configuredUrl().replace("${twinloop.data-dir}", dir.toString());
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), url)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "the writer did not finish");
        assertEquals(Writer.HALTED, writer.exitValue(), "the writer halted right after saving");

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        assertEquals(Optional.of(ROUND), new RoundStore(new GatewayDatabase(ds, StoreKind.EMBEDDED)).find(ROUND.getId()));
    }

    /** The embedded datasource's URL as application.properties sets it. */
    private static String configuredUrl() throws IOException {
        Properties p = new Properties();
        try (InputStream in = H2DurabilityTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        String url = p.getProperty("quarkus.datasource.h2.jdbc.url");
        assertTrue(url != null && url.startsWith("jdbc:h2:file:${twinloop.data-dir}/"), String.valueOf(url));
        return url;
    }

    /**
     * Migrates, saves {@link #ROUND}, then halts the JVM: no close, no shutdown hooks. A
     * connection stays open throughout, as in the service's pool (H2 closes, and so flushes, a
     * database when its last connection closes).
     */
    public static final class Writer {
        static final int HALTED = 42;

        public static void main(String[] args) throws java.sql.SQLException {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(args[0]);
            ds.setUser("sa");
            java.sql.Connection pool = ds.getConnection();
            GatewayStoreContract.migrate(ds, StoreKind.EMBEDDED);
            new RoundStore(new GatewayDatabase(ds, StoreKind.EMBEDDED)).save(ROUND);
            Runtime.getRuntime().halt(pool.isClosed() ? 1 : HALTED);
        }
    }
}
