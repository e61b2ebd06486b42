package io.twinloop.model;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real public data set for tests without ever copying it into the repository.
 *
 * <p>The data directory comes from the system property {@code twinloop.shared.data} (surefire sets
 * it to {@code <root>/../shared/data}). When the directory or the requested file is missing, the
 * calling test is <b>skipped</b> through a JUnit assumption with a loud message, unless the
 * environment variable {@code TWINLOOP_REQUIRE_SHARED_DATA=1} is set, in which case it <b>fails</b>
 * (for CI machines that are supposed to have the data).
 */
public final class SharedData {

    /** The system property naming the data directory. */
    public static final String PROPERTY = "twinloop.shared.data";
    /** The environment variable that turns a skip into a failure when set to {@code 1}. */
    public static final String REQUIRE_ENV = "TWINLOOP_REQUIRE_SHARED_DATA";

    private SharedData() {
    }

    /**
     * The path of {@code relative} inside the shared data directory; skips (or fails, see class
     * comment) the current test if it is not there.
     */
    public static Path require(String relative) {
        String prop = System.getProperty(PROPERTY);
        Path root = prop == null || prop.isBlank() ? null : Path.of(prop).toAbsolutePath().normalize();
        String where;
        if (root == null) {
            where = "<system property " + PROPERTY + " is not set>";
        } else if (!Files.isDirectory(root)) {
            where = root.toString();
        } else {
            Path p = root.resolve(relative).normalize();
            if (Files.exists(p)) {
                return p;
            }
            where = p.toString();
        }
        String message = "shared data not found at " + where + "; skipping";
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            Assertions.fail("shared data not found at " + where + " and " + REQUIRE_ENV + "=1; failing");
        }
        System.err.println("!!!!! WARNING: " + message + " !!!!!");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** The whole content of {@link #require(String) require(relative)}. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(require(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
