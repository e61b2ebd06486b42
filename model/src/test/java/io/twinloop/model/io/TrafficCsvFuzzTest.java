package io.twinloop.model.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link TrafficCsvImporter}, starting from real files of {@code ../shared/data} and
 * their structure-aware mutants ({@link SeedMutator}); the property is {@link FuzzHarness}'s. In
 * {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class TrafficCsvFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("traffic CSV", TrafficCsvImporter.FORMAT);

    static Stream<byte[]> seeds() {
        return SeedMutator.csv(20261126L).corpus(SeedMutator.seeds(16_000, "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv",
                "traffic/geant/geant_sndlib_15min_20050504-20050506.csv",
                "traffic/germany50/germany50_sndlib_1day_20050201-20050221.csv"), 20, 16_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"time,n_demands_in_file", "->", ",,", "1e400", "-0", "0,", "20040301-0000"})
    @FuzzTest(maxDuration = "10s")
    void trafficCsv(byte[] input) {
        HARNESS.check(input, TrafficCsvImporter::read);
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
