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
 * Coverage-guided fuzzing (Jazzer) of an upload without a file extension: {@link TopologyFormat#detect}
 * sniffs the content and {@link TopologyImporters#read(TopologyFormat, String, byte[])} imports it.
 * Seeds are one small real file of each format from {@code ../shared/data} and their mutants; the
 * property is {@link FuzzHarness}'s (any format may be reported).
 */
class FormatDetectionFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("format detection", null);

    static Stream<byte[]> seeds() {
        List<byte[]> real = new ArrayList<>(SeedMutator.seeds(30_000, "topologies/sndlib/pdh.xml",
                "topologies/topology-zoo/Abilene.gml", "topologies/teal/B4.json"));
        real.add(GraphmlImporterTest.toGraphml(ZooGml.parse(SharedData.bytes("topologies/topology-zoo/Arpanet196912.gml")))
                .getBytes(StandardCharsets.UTF_8));
        return SeedMutator.gml(20261126L).corpus(real, 10, 30_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"graph [", "<graphml", "<network>", "sndlib.zib.de/network", "{", "# comment",
            "Creator \"x\" ", "version 1 "})
    @FuzzTest(maxDuration = "10s")
    void detectAndImport(byte[] input) {
        HARNESS.check(input, b -> TopologyImporters.read(TopologyFormat.detect("upload", b), "fuzz", b));
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
