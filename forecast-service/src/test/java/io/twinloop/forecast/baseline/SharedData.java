package io.twinloop.forecast.baseline;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real public data set ({@code ../shared/data}, system property
 * {@code twinloop.shared.data} set by surefire). When it is missing the test is skipped with a
 * loud message, unless {@code TWINLOOP_REQUIRE_SHARED_DATA=1}, in which case it fails.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path file(String relative) {
        String dir = System.getProperty("twinloop.shared.data", "");
        Path file = dir.isBlank() ? null : Path.of(dir).resolve(relative);
        if (file == null || !Files.isRegularFile(file)) {
            String message = "SHARED DATA MISSING: " + (file == null ? "system property twinloop.shared.data is not set"
                    : file + " does not exist") + "; the test on real traffic did NOT run";
            if ("1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
                Assertions.fail(message);
            }
            System.err.println("*** " + message);
            Assumptions.abort(message);
        }
        return file;
    }
}
