package io.twinloop.model.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link NodeLinkJsonImporter}, starting from real files of {@code ../shared/data} and
 * their structure-aware mutants ({@link SeedMutator}); the property is {@link FuzzHarness}'s. In
 * {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class NodeLinkJsonFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("node-link JSON", NodeLinkJsonImporter.FORMAT);

    static Stream<byte[]> seeds() {
        return SeedMutator.json(20261126L).corpus(SeedMutator.seeds(24_000, "topologies/teal/B4.json",
                "topologies/figret/GEANT22_dote_order.json", "topologies/teal/UsCarrier.json"), 20, 24_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"\"directed\": true", "\"directed\": 1", "\"nodes\": [", "\"links\": [", "\"edges\": [",
            "\"capacity\": ", "\"weight\": ", "\"source\": ", "\"target\": ", "\"Longitude\": ", "\"latitude\": ", "\"name\": ",
            "\"label\": ", "\"id\": ", "1e400", "null", "true", "{}", "[]", "\"\\u0000\""})
    @FuzzTest(maxDuration = "10s")
    void nodeLinkJson(byte[] input) {
        HARNESS.check(input, b -> new NodeLinkJsonImporter().read("fuzz", b));
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
