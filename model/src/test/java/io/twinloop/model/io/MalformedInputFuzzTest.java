package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random truncations and byte mutations of real files: an importer may accept the result
 * or reject it with an {@link ImportException} / {@link InvalidNetworkException}, but nothing else
 * (no NullPointerException, no raw parser exception) may escape.
 */
class MalformedInputFuzzTest {

    private static final int CASES = 150;

    private static void fuzz(String what, byte[] original, Consumer<byte[]> importer) {
        Random rnd = new Random(42);
        int rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = Arrays.copyOf(original, rnd.nextInt(original.length));
            } else {
                input = original.clone();
                int edits = 1 + rnd.nextInt(4);
                for (int k = 0; k < edits; k++) {
                    byte[] pool = "<>[]{}\"',:-0.9eE&;#\n x".getBytes(StandardCharsets.US_ASCII);
                    input[rnd.nextInt(input.length)] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : pool[rnd.nextInt(pool.length)];
                }
            }
            try {
                importer.accept(input);
            } catch (ImportException | InvalidNetworkException e) {
                rejected++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            } catch (RuntimeException | StackOverflowError e) {
                fail(what + " case " + i + ": " + e.getClass().getName() + " escaped: " + e.getMessage(), e);
            }
        }
        assertTrue(rejected > CASES / 3, what + ": most damaged inputs must be rejected, only " + rejected + " were");
    }

    @Test
    void sndlibXml() {
        fuzz("abilene.xml", SharedData.bytes("topologies/sndlib/abilene.xml"), b -> new SndlibXmlImporter().read("x", b));
    }

    @Test
    void gml() {
        fuzz("Geant2012.gml", SharedData.bytes("topologies/topology-zoo/Geant2012.gml"), b -> new GmlImporter().read("x", b));
    }

    @Test
    void graphml() {
        byte[] g = GraphmlImporterTest.toGraphml(ZooGml.parse(SharedData.bytes("topologies/topology-zoo/Geant2012.gml")))
                .getBytes(StandardCharsets.UTF_8);
        fuzz("Geant2012.graphml", g, b -> new GraphmlImporter().read("x", b));
    }

    @Test
    void nodeLinkJson() {
        fuzz("B4.json", SharedData.bytes("topologies/teal/B4.json"), b -> new NodeLinkJsonImporter().read("x", b));
    }

    @Test
    void ietfNetworkJson() throws java.io.IOException {
        fuzz("backbone-rfc8345.json", IetfNetworkJsonImporterTest.sample(), b -> new IetfNetworkJsonImporter().read("x", b));
        fuzz("backbone-rfc8345.json (detected)", IetfNetworkJsonImporterTest.sample(),
                b -> TopologyImporters.read(TopologyFormat.detect("upload", b), "x", b));
    }

    @Test
    void netboxJson() throws java.io.IOException {
        fuzz("netbox-export.json", NetboxJsonImporterTest.sample(), b -> new NetboxJsonImporter().read("x", b));
    }

    @Test
    void trafficCsv() {
        byte[] all = SharedData.bytes(TrafficCsvImporterTest.GEANT);
        fuzz("geant.csv", Arrays.copyOf(all, 30_000), b -> TrafficCsvImporter.read(b));
    }

    @Test
    void formatDetection() {
        fuzz("detect", SharedData.bytes("topologies/teal/B4.json"), b -> TopologyImporters.read(TopologyFormat.detect("upload", b), "x", b));
    }
}
