package io.twinloop.cli.command;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twinloop.cli.CliException;
import io.twinloop.model.testing.FuzzReport;
import io.twinloop.proto.common.v1.Plan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link PlanFiles#read(Path)}, the reader of the plan files given
 * to {@code twinloop simulate --plan FILE} and {@code twinloop sweep --plan FILE}. Property: a file
 * either reads as a {@link Plan} or is refused with a {@link CliException} (exit code 2) with a
 * non-blank message; nothing else escapes. In {@code ./mvnw verify} it fuzzes for
 * {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class PlanFileFuzzTest {

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong FAILURES = new AtomicLong();
    private static Path file;

    @BeforeAll
    static void tempFile() throws IOException {
        file = Files.createTempFile("twinloop-plan-fuzz", ".json");
        file.toFile().deleteOnExit();
    }

    static Stream<byte[]> seeds() {
        return Stream.of(
                "{\"actions\": [{\"setLinkWeight\": {\"linkId\": \"ATLAng_HSTNng\", \"igpWeight\": 3}}]}",
                "{\"actions\": [{\"setLinkAdminState\": {\"linkId\": \"e3~rev\", \"state\": \"LINK_STATE_SLEEP\"}},"
                        + " {\"setLinkCapacity\": {\"linkId\": \"e3\", \"capacityBps\": 1e10}}]}",
                "{\"actions\": [{\"setPathPolicy\": {\"src\": \"A\", \"dst\": \"B\", \"paths\": [{\"nodes\": [\"A\", \"C\", \"B\"],"
                        + " \"fraction\": 0.5}, {\"nodes\": [\"A\", \"B\"], \"fraction\": 0.5}]}}]}",
                "{}",
                "{\"actions\": [{\"set_link_weight\": {\"link_id\": \"x\", \"igp_weight\": \"NaN\"}}]}",
                "{\"actions\": [{\"setLinkWeight\": {}, \"setLinkCapacity\": {}}]}",
                "{\"actions\": null, \"unknown\": 1}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @DictionaryEntries({"{\"actions\": [", "{\"setLinkWeight\": {", "\"linkId\": \"", "\"igpWeight\": ",
            "{\"setLinkAdminState\": {", "\"state\": \"LINK_STATE_DOWN\"", "{\"setPathPolicy\": {", "\"src\": ",
            "\"paths\": [", "\"nodes\": [", "\"fraction\": ", "{\"setLinkCapacity\": {", "\"capacityBps\": ", "\"NaN\"",
            "\"Infinity\"", "1e400", "null", "\"@type\": "})
    @FuzzTest(maxDuration = "10s")
    void readPlanFile(byte[] input) throws IOException {
        INPUTS.incrementAndGet();
        Files.write(file, input);
        Plan plan;
        try {
            plan = PlanFiles.read(file);
        } catch (CliException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                FAILURES.incrementAndGet();
                throw new AssertionError("CliException without a message", e);
            }
            return;
        } catch (RuntimeException | Error e) {
            FAILURES.incrementAndGet();
            System.err.println("fuzz plan file: " + e.getClass().getName() + " escaped for "
                    + new String(input, 0, Math.min(input.length, 160), StandardCharsets.UTF_8));
            throw e;
        }
        if (plan == null) {
            FAILURES.incrementAndGet();
            throw new AssertionError("null plan");
        }
        ACCEPTED.incrementAndGet();
    }

    @AfterAll
    static void report() {
        FuzzReport.print("CLI plan file", INPUTS.get(), ACCEPTED.get(), "read as plans, the rest refused with a CliException",
                FAILURES.get());
    }
}
