package io.twinloop.model.io;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link SndlibXmlImporter}, starting from real files of {@code ../shared/data} and
 * their structure-aware mutants ({@link SeedMutator}); the property is {@link FuzzHarness}'s. In
 * {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class SndlibXmlFuzzTest {

    private static final FuzzHarness HARNESS = new FuzzHarness("SNDlib XML", SndlibXmlImporter.FORMAT);

    static Stream<byte[]> seeds() {
        return SeedMutator.xml(20261126L).corpus(SeedMutator.seeds(40_000, "topologies/sndlib/pdh.xml",
                "topologies/sndlib/abilene.xml", "topologies/sndlib/atlanta.xml", "topologies/sndlib/dfn-gwin.xml"), 20, 40_000).stream();
    }

    @MethodSource("seeds")
    @DictionaryEntries({"<node id=\"", "</node>", "<link id=\"", "</link>", "<source>", "<target>",
            "<preInstalledModule>", "<capacity>", "<addModule>", "<additionalModules>", "<routingCost>", "<demand id=\"",
            "<demandValue>", "<meta><unit>", "BITSPERSEC", "GBITPERSEC", "coordinatesType=\"pixel\"", "<coordinates><x>",
            "<!DOCTYPE", "encoding=\"UTF-16\"", "NaN", "1e309", "&#0;", "<![CDATA["})
    @FuzzTest(maxDuration = "10s")
    void sndlibXml(byte[] input) {
        HARNESS.check(input, b -> new SndlibXmlImporter().read("fuzz", b));
    }

    @AfterAll
    static void report() {
        HARNESS.report();
    }
}
