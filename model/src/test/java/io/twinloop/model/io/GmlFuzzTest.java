package io.twinloop.model.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link GmlImporter}, starting from real files of {@code ../shared/data} and
 * their structure-aware mutants ({@link SeedMutator}); the property is {@link FuzzHarness}'s. In
 * {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class GmlFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("GML", GmlImporter.FORMAT);

    static Stream<byte[]> seeds() {
        return SeedMutator.gml(20261126L).corpus(SeedMutator.seeds(30_000, "topologies/topology-zoo/Abilene.gml",
                "topologies/topology-zoo/Belnet2010.gml", "topologies/topology-zoo/Geant2012.gml",
                "topologies/topology-zoo/Interoute.gml"), 20, 30_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"graph [", "node [", "edge [", "directed 1", "LinkSpeedRaw ", "Longitude ", "Latitude ",
            "label \"", "source ", "target ", "id ", "&#x110000;", "&#55296;", "&amp;", "#", "]", "\"", "1e309"})
    @FuzzTest(maxDuration = "10s")
    void gml(byte[] input) {
        HARNESS.check(input, b -> new GmlImporter().read("fuzz", b));
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
