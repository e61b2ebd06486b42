package io.twinloop.twin;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Locates the shared real data (../shared/data). Missing data skips the test loudly, unless
 * {@code TWINLOOP_REQUIRE_SHARED_DATA=1} (set by CI), which makes it a failure.
 */
final class SharedData {
    private SharedData() {
    }

    static Path require(String relative) {
        Path dir = Path.of(System.getProperty("twinloop.shared.data", "../../shared/data"));
        Path file = dir.resolve(relative);
        boolean present = Files.exists(file);
        if (!present && "1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
            throw new AssertionError("shared data required (TWINLOOP_REQUIRE_SHARED_DATA=1) but missing: " + file);
        }
        if (!present) {
            System.err.println("*** SKIPPING: shared data not found at " + file.toAbsolutePath() + " ***");
        }
        assumeTrue(present, "shared data not found at " + file + "; skipping");
        return file;
    }
}
