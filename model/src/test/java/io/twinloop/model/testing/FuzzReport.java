package io.twinloop.model.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * The summary lines of the fuzz targets. Each target prints
 * {@code fuzz <target>: N inputs (A accepted, ...), F failures} when it ends; as Jazzer fuzzes every
 * target in a JVM of its own, the line is also appended to {@code target/fuzz/summary.tsv}
 * (system property {@code twinloop.fuzz.summary.dir}), tagged with the build's start
 * ({@code twinloop.fuzz.run}), so that each target can also print the module's running total.
 *
 * <p>A target with failures fails here, once more, after its line: with {@code jazzer.keep_going > 1}
 * (long local runs) Jazzer logs each distinct finding and carries on without failing the test.
 *
 * <p>Shared with the fuzz targets of other modules through this module's test jar.
 */
public final class FuzzReport {

    private FuzzReport() {
    }

    public static void print(String target, long inputs, long accepted, String acceptedMeans, long failures) {
        String line = String.format(Locale.ROOT, "fuzz %s: %,d inputs (%,d %s), %,d failures", target, inputs,
                accepted, acceptedMeans, failures);
        System.out.println(line);
        total(target, inputs, failures);
        if (failures > 0) {
            throw new AssertionError(line + "; the findings are above, their inputs in target/fuzz/crash-*");
        }
    }

    private static void total(String target, long inputs, long failures) {
        String dir = System.getProperty("twinloop.fuzz.summary.dir");
        String run = System.getProperty("twinloop.fuzz.run", "");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path file = Path.of(dir).resolve("summary.tsv");
            Files.createDirectories(file.getParent());
            Files.writeString(file, run + "\t" + target + "\t" + inputs + "\t" + failures + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long total = 0;
            long totalFailures = 0;
            int targets = 0;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split("\t");
                if (f.length == 4 && f[0].equals(run)) {
                    targets++;
                    total += Long.parseLong(f[2]);
                    totalFailures += Long.parseLong(f[3]);
                }
            }
            System.out.println(String.format(Locale.ROOT, "fuzz total so far in this module: %,d inputs over %d "
                    + "targets, %,d failures", total, targets, totalFailures));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
