package io.twinloop.planner.optimizer;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates a file of the shared real data set ({@code ../shared/data}, system property
 * {@code twinloop.shared.data}). When it is absent the test is skipped, loudly; with
 * {@code TWINLOOP_REQUIRE_SHARED_DATA=1} (set in CI) it fails instead.
 */
public final class SharedData {

    private SharedData() {
    }

    public static Path require(String relative) {
        String dir = System.getProperty("twinloop.shared.data");
        Path file = dir == null ? null : Path.of(dir).resolve(relative);
        if (file != null && Files.isRegularFile(file)) {
            return file;
        }
        String msg = "SKIPPED: shared data file " + relative + " not found (twinloop.shared.data=" + dir
                + "); set TWINLOOP_REQUIRE_SHARED_DATA=1 to make this a failure";
        if ("1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
            Assertions.fail(msg.replace("SKIPPED: ", ""));
        }
        System.err.println("!!! " + msg);
        Assumptions.abort(msg);
        return null;
    }
}
