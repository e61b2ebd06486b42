package io.twinloop.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared public data set ({@code shared/data}, see its README) for benchmarks run
 * outside Maven.
 *
 * <p>Resolution order: the system property {@code twinloop.shared.data}; the environment variable
 * {@code TWINLOOP_SHARED_DATA}; otherwise {@code ../shared/data} relative to the repository root,
 * which is found by walking up from the working directory to the first directory that contains
 * {@code bench/pom.xml}.
 */
public final class SharedDataDir {

    /** The system property that names the data directory. */
    public static final String PROPERTY = "twinloop.shared.data";

    /** The environment variable that names the data directory. */
    public static final String ENV = "TWINLOOP_SHARED_DATA";

    private SharedDataDir() {
    }

    /**
     * The shared data directory.
     *
     * @throws IllegalStateException if the resolved directory does not exist, saying how to point at it
     */
    public static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured).toAbsolutePath().normalize();
        } else {
            Path root = repoRoot();
            dir = root.resolve("../shared/data").normalize();
            source = "default ../shared/data relative to repository root " + root;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared data directory '" + dir + "' (from " + source
                    + ") does not exist; set -D" + PROPERTY + "=<dir> or " + ENV + "=<dir>");
        }
        return dir;
    }

    private static Path repoRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bench/pom.xml"))) {
                return p;
            }
        }
        return cwd;
    }
}
