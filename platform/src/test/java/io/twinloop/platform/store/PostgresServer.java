package io.twinloop.platform.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the tests use: {@code TWINLOOP_TEST_PG_HOST}:{@code TWINLOOP_TEST_PG_PORT}
 * (default 127.0.0.1:5432), user {@code TWINLOOP_TEST_PG_USER} (default postgres). Each test
 * class makes its own database {@code twinloop_test_<random>} and drops it afterwards.
 *
 * <p>As a JUnit condition: runs the class when the server answers; otherwise skips it loudly, or
 * fails it when {@code TWINLOOP_REQUIRE_POSTGRES=1} (set by .ci/run).
 */
public final class PostgresServer implements ExecutionCondition {
    public static final String HOST = env("TWINLOOP_TEST_PG_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(env("TWINLOOP_TEST_PG_PORT", "5432"));
    public static final String USER = env("TWINLOOP_TEST_PG_USER", "postgres");

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Whether something accepts connections on the server's port. */
    public static boolean reachable() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (reachable()) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers on " + HOST + ":" + PORT);
        }
        String what = "PostgreSQL is not reachable on " + HOST + ":" + PORT;
        if ("1".equals(System.getenv("TWINLOOP_REQUIRE_POSTGRES"))) {
            throw new AssertionError(what + " and TWINLOOP_REQUIRE_POSTGRES=1: start it "
                    + "(pg_ctlcluster --skip-systemctl-redirect 15 main start) or run .ci/run");
        }
        System.err.println("*** SKIPPING " + context.getDisplayName() + ": " + what + " ***");
        return ConditionEvaluationResult.disabled(what + "; skipping the PostgreSQL tests");
    }

    /** JDBC URL of database {@code db}. */
    public static String url(String db) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + db + "?reWriteBatchedInserts=true";
    }

    /** Creates a fresh database and returns its name. */
    public static String createDatabase() {
        String name = "twinloop_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        return name;
    }

    /** Drops a database made by {@link #createDatabase()}, closing its connections. */
    public static void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL admin statement failed: " + sql, e);
        }
    }
}
