package io.twinloop.model.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link GraphmlImporter}, starting from Topology Zoo graphs of
 * {@code ../shared/data} written as GraphML the way the Zoo writes it
 * ({@link GraphmlImporterTest#toGraphml}) and their structure-aware mutants ({@link SeedMutator});
 * the property is {@link FuzzHarness}'s. In {@code ./mvnw verify} it fuzzes for
 * {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class GraphmlFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("GraphML", GraphmlImporter.FORMAT);

    static Stream<byte[]> seeds() {
        List<byte[]> real = new ArrayList<>();
        for (String zoo : List.of("Abilene", "Belnet2010", "Geant2012")) {
            byte[] gml = SharedData.bytes("topologies/topology-zoo/" + zoo + ".gml");
            real.add(GraphmlImporterTest.toGraphml(ZooGml.parse(gml)).getBytes(StandardCharsets.UTF_8));
        }
        return SeedMutator.xml(20261126L).corpus(real, 20, 40_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">", "<graph edgedefault=\"directed\">",
            "edgedefault=\"undirected\"", "<key id=\"", "for=\"node\"", "for=\"edge\"", "for=\"all\"", "attr.name=\"",
            "<default>", "<data key=\"", "<node id=\"", "<edge source=\"", "target=\"", "directed=\"true\"", "<hyperedge>",
            "LinkSpeedRaw", "Longitude", "Latitude", "label", "<!DOCTYPE", "&#0;", "NaN"})
    @FuzzTest(maxDuration = "10s")
    void graphml(byte[] input) {
        HARNESS.check(input, b -> new GraphmlImporter().read("fuzz", b));
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
