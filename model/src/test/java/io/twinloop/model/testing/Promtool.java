package io.twinloop.model.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Lints a metrics exposition with Prometheus' own {@code promtool check metrics} (Debian's {@code prometheus}
 * package), shared by the services' metrics tests. Without promtool the calling test is skipped and says so, unless
 * {@code TWINLOOP_REQUIRE_PROMTOOL} is set (CI installs it), when it fails.
 */
public final class Promtool {
    private Promtool() {
    }

    /** Asserts that promtool accepts {@code exposition} with exit 0 and no lint finding; {@code what} names it. */
    public static void assertClean(String what, String exposition) throws Exception {
        Optional<Path> promtool = Stream.of("/usr/bin/promtool", "/usr/local/bin/promtool").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            assertNull(System.getenv("TWINLOOP_REQUIRE_PROMTOOL"),
                    "TWINLOOP_REQUIRE_PROMTOOL is set but promtool is not installed (apt-get install prometheus)");
            System.err.println("SKIPPED the promtool check of " + what + ": promtool is not installed "
                    + "(Debian: apt-get install prometheus)");
            Assumptions.abort("promtool is not installed");
        }
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool check metrics of " + what + ":\n" + out);
        assertEquals("", out.strip(), "no lint findings in " + what);
    }
}
