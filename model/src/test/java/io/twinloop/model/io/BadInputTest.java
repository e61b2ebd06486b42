package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadInputTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ImportException importFails(String format, int line, String messagePart, Executable ex) {
        ImportException e = assertThrows(ImportException.class, ex);
        assertEquals(format, e.format(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
        if (line > 0) {
            assertTrue(e.getMessage().contains("line " + line), e.getMessage());
        }
        return e;
    }

    // ---------------------------------------------------------------- SNDlib XML

    private static final String SND_HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <network xmlns="http://sndlib.zib.de/network" version="1.0">
             <networkStructure>
              <nodes coordinatesType="geographical">
               <node id="A"><coordinates><x>1</x><y>2</y></coordinates></node>
               <node id="B"><coordinates><x>3</x><y>4</y></coordinates></node>
              </nodes>
              <links>
            """;

    @Test
    void truncatedSndlibXml() {
        byte[] full = SharedData.bytes("topologies/sndlib/abilene.xml");
        byte[] half = Arrays.copyOf(full, full.length / 2);
        ImportException e = assertThrows(ImportException.class, () -> new SndlibXmlImporter().read("abilene", half));
        assertEquals("SNDLIB_XML", e.format());
        long linesInHalf = new String(half, StandardCharsets.ISO_8859_1).lines().count();
        assertTrue(e.line() >= linesInHalf - 1 && e.line() <= linesInHalf + 1,
                "the error is at the cut (line ~" + linesInHalf + "): " + e.getMessage());
        assertTrue(e.getMessage().contains("malformed XML"), e.getMessage());
    }

    @Test
    void sndlibLinkToUnknownNode() {
        String xml = SND_HEAD + """
                   <link id="L1">
                    <source>A</source>
                    <target>C</target>
                    <preInstalledModule><capacity>10</capacity></preInstalledModule>
                   </link>
                  </links>
                 </networkStructure>
                </network>
                """;
        importFails("SNDLIB_XML", 11, "'C'", () -> new SndlibXmlImporter().read("x", b(xml)));
    }

    @Test
    void sndlibNegativeCapacityIsAnInvalidNetwork() {
        String xml = SND_HEAD + """
                   <link id="L1">
                    <source>A</source>
                    <target>B</target>
                    <preInstalledModule><capacity>-10</capacity></preInstalledModule>
                   </link>
                  </links>
                 </networkStructure>
                </network>
                """;
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> new SndlibXmlImporter().read("x", b(xml)));
        assertEquals("links[L1].capacityBps", e.field());
        assertTrue(e.reason().contains(">= 0") && e.reason().contains("line 9"), e.getMessage());
    }

    @Test
    void sndlibNonNumericValues() {
        String xml = SND_HEAD + """
                   <link id="L1">
                    <source>A</source>
                    <target>B</target>
                    <additionalModules><addModule><capacity>ten</capacity></addModule></additionalModules>
                   </link>
                  </links>
                 </networkStructure>
                </network>
                """;
        importFails("SNDLIB_XML", 12, "not a number: 'ten'", () -> new SndlibXmlImporter().read("x", b(xml)));
        String demand = SND_HEAD + """
                  </links>
                 </networkStructure>
                 <demands>
                  <demand id="D"><source>A</source><target>B</target><demandValue>1,5</demandValue></demand>
                 </demands>
                </network>
                """;
        importFails("SNDLIB_XML", 12, "demandValue", () -> new SndlibXmlImporter().read("x", b(demand)));
    }

    @Test
    void sndlibStructuralProblems() {
        importFails("SNDLIB_XML", 1, "root element is <graph>", () -> new SndlibXmlImporter().read("x", b("<graph/>")));
        importFails("SNDLIB_XML", -1, "no content", () -> new SndlibXmlImporter().read("x", null));
        assertThrows(ImportException.class, () -> new SndlibXmlImporter().read("x", new byte[0]));
        String noUnit = SND_HEAD.replace("version=\"1.0\">", "version=\"1.0\">\n <meta><unit>FURLONGS</unit></meta>")
                + "  </links>\n </networkStructure>\n</network>\n";
        importFails("SNDLIB_XML", 3, "unknown unit 'FURLONGS'", () -> new SndlibXmlImporter().read("x", b(noUnit)));
        importFails("SNDLIB_XML", 2, "no <networkStructure>",
                () -> new SndlibXmlImporter().read("x", b("<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\"/>")));
        importFails("SNDLIB_XML", -1, "name", () -> new SndlibXmlImporter().read(" ", b("<network/>")));
    }

    @Test
    void xmlExternalEntitiesAreRefused(@TempDir Path tmp) throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE network [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<network xmlns=\"http://sndlib.zib.de/network\"><networkStructure><nodes>"
                + "<node id=\"&xxe;\"/></nodes></networkStructure></network>";
        ImportException e = assertThrows(ImportException.class, () -> new SndlibXmlImporter().read("x", b(xxe)));
        assertFalse(e.getMessage().contains("TOP-SECRET"), e.getMessage());
        ImportException g = assertThrows(ImportException.class, () -> new GraphmlImporter().read("x",
                b(xxe.replace("network", "graphml"))));
        assertFalse(g.getMessage().contains("TOP-SECRET"));
        // billion laughs is refused as well (no DTD processing at all)
        String lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n"
                + "<network>&lol2;</network>";
        assertThrows(ImportException.class, () -> new SndlibXmlImporter().read("x", b(lol)));
    }

    // ---------------------------------------------------------------- GML

    @Test
    void garbageGml() {
        importFails("GML", 1, "expected a key", () -> new GmlImporter().read("x", b("!!! this is not GML")));
        importFails("GML", 2, "neither a number", () -> new GmlImporter().read("x", b("graph [\n  node [ id one ]\n]")));
        importFails("GML", -1, "no 'graph", () -> new GmlImporter().read("x", b("Creator \"me\"\nVersion 1\n")));
        importFails("GML", 2, "no GML key-value pairs", () -> new GmlImporter().read("x", b("   \n")));
        importFails("GML", 2, "unexpected ']'", () -> new GmlImporter().read("x", b("graph [ ]\n]")));
    }

    @Test
    void truncatedGml() {
        byte[] full = SharedData.bytes("topologies/topology-zoo/Abilene.gml");
        String text = new String(full, StandardCharsets.UTF_8);
        int cut = text.indexOf("label", text.indexOf("node [", text.length() / 2));
        byte[] truncated = Arrays.copyOf(full, cut + 8); // inside a quoted label
        long cutLine = text.substring(0, cut).lines().count();
        importFails("GML", (int) cutLine, "unterminated string", () -> new GmlImporter().read("x", truncated));
        byte[] atList = Arrays.copyOf(full, text.indexOf("]", text.length() / 2));
        ImportException e = assertThrows(ImportException.class, () -> new GmlImporter().read("x", atList));
        assertTrue(e.getMessage().contains("never closed") && e.line() > 0, e.getMessage());
    }

    @Test
    void gmlSemanticErrors() {
        importFails("GML", 4, "'9' is not the id of any node",
                () -> new GmlImporter().read("x", b("graph [\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 9 ]\n]")));
        importFails("GML", 3, "duplicate node id '1'",
                () -> new GmlImporter().read("x", b("graph [\n node [ id 1 ]\n node [ id 1 ]\n]")));
        importFails("GML", 2, "node without a scalar 'id'",
                () -> new GmlImporter().read("x", b("graph [\n node [ label \"a\" ]\n]")));
        importFails("GML", 3, "edge without a scalar 'target'",
                () -> new GmlImporter().read("x", b("graph [\n node [ id 1 ]\n edge [ source 1 ]\n]")));
        InvalidNetworkException neg = assertThrows(InvalidNetworkException.class, () -> new GmlImporter().read("x",
                b("graph [\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 2 LinkSpeedRaw -5 ]\n]")));
        assertEquals("links[e0].capacityBps", neg.field());
        assertTrue(neg.getMessage().contains("GML line 4"), neg.getMessage());
    }

    @Test
    void deeplyNestedGmlDoesNotOverflowTheStack() {
        String deep = "graph " + "[ a ".repeat(100_000);
        importFails("GML", 1, "nested deeper", () -> new GmlImporter().read("x", b(deep)));
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonWithMissingEndpoints() {
        String json = """
                {"directed": true,
                 "nodes": [{"id": 0}, {"id": 1}],
                 "links": [
                   {"source": 0, "target": 1, "capacity": 10},
                   {"source": 1, "target": 99, "capacity": 10}
                 ]}
                """;
        importFails("NODE_LINK_JSON", 5, "target '99' is not the id of any node",
                () -> new NodeLinkJsonImporter().read("x", b(json)));
        String noTarget = json.replace("\"target\": 99, ", "");
        importFails("NODE_LINK_JSON", 5, "links[1].target is missing", () -> new NodeLinkJsonImporter().read("x", b(noTarget)));
        importFails("NODE_LINK_JSON", -1, "no \"links\"",
                () -> new NodeLinkJsonImporter().read("x", b("{\"nodes\": [{\"id\": 0}]}")));
        importFails("NODE_LINK_JSON", -1, "no \"nodes\"", () -> new NodeLinkJsonImporter().read("x", b("{\"links\": []}")));
        importFails("NODE_LINK_JSON", 1, "not a JSON object", () -> new NodeLinkJsonImporter().read("x", b("[1, 2]")));
        importFails("NODE_LINK_JSON", 4, "links[0].capacity is not a number",
                () -> new NodeLinkJsonImporter().read("x", b(json.replace("\"capacity\": 10}", "\"capacity\": \"fast\"}"))));
    }

    @Test
    void truncatedAndMalformedJson() {
        byte[] full = SharedData.bytes("topologies/teal/B4.json");
        ImportException e = assertThrows(ImportException.class,
                () -> new NodeLinkJsonImporter().read("x", Arrays.copyOf(full, full.length / 2)));
        assertEquals("NODE_LINK_JSON", e.format());
        assertEquals(1, e.line(), "B4.json is a single line");
        assertTrue(e.getMessage().contains("malformed JSON") || e.getMessage().contains("end of input"), e.getMessage());
        importFails("NODE_LINK_JSON", 3, "malformed JSON",
                () -> new NodeLinkJsonImporter().read("x", b("{\"directed\": true,\n \"nodes\": [],\n \"links\": [}")));
    }

    @Test
    void jsonNegativeCapacityIsAnInvalidNetwork() {
        String json = "{\"directed\": true,\n\"nodes\": [{\"id\": 0}, {\"id\": 1}],\n\"links\": [\n"
                + "{\"source\": 0, \"target\": 1, \"capacity\": -1}]}";
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> new NodeLinkJsonImporter().read("x", b(json)));
        assertEquals("links[e0].capacityBps", e.field());
        assertTrue(e.getMessage().contains("NODE_LINK_JSON line 4"), e.getMessage());
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvWithWrongColumnCount() {
        String csv = "time,n_demands_in_file,a->b,b->a\n20040301-0000,2,1.0,2.0\n20040301-0005,2,1.0\n";
        importFails("TRAFFIC_CSV", 3, "expected 4 columns as in the header, found 3", () -> TrafficCsvImporter.read(b(csv)));
    }

    @Test
    void csvWithNonNumericOrNegativeValue() {
        importFails("TRAFFIC_CSV", 2, "column b->a is not a number: 'n/a'",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b,b->a\nt0,2,1.0,n/a\n")));
        importFails("TRAFFIC_CSV", 2, "column a->b is negative",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b,b->a\nt0,2,-1.0,1\n")));
        importFails("TRAFFIC_CSV", 2, "column a->b is not a number: 'NaN'",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b,b->a\nt0,2,NaN,1\n")));
        importFails("TRAFFIC_CSV", 3, "n_demands_in_file is not an integer",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b\nt0,1,1\nt1,x,1\n")));
        importFails("TRAFFIC_CSV", 2, "n_demands_in_file = 0",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b\nt0,0,1\n")));
    }

    @Test
    void csvWithBadHeader() {
        importFails("TRAFFIC_CSV", 1, "must start with time,n_demands_in_file",
                () -> TrafficCsvImporter.read(b("when,n,a->b\n")));
        importFails("TRAFFIC_CSV", 1, "not of the form SRC->DST", () -> TrafficCsvImporter.read(b("time,n_demands_in_file,ab\n")));
        importFails("TRAFFIC_CSV", 1, "must differ", () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->a\n")));
        importFails("TRAFFIC_CSV", 1, "appears twice",
                () -> TrafficCsvImporter.read(b("time,n_demands_in_file,a->b,a->b\n")));
        importFails("TRAFFIC_CSV", 1, "empty file", () -> TrafficCsvImporter.read(b("\n\n")));
    }

    // ---------------------------------------------------------------- limits and detection

    @Test
    void oversizedInputsAreRefused(@TempDir Path tmp) throws IOException {
        byte[] huge = new byte[(int) ImportRules.MAX_FILE_BYTES + 1];
        for (TopologyFormat f : TopologyFormat.values()) {
            ImportException e = assertThrows(ImportException.class, () -> TopologyImporters.read(f, "x", huge));
            assertEquals(f.name(), e.format());
            assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
        }
        assertThrows(ImportException.class, () -> TrafficCsvImporter.read(huge));
        Path big = tmp.resolve("big.gml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ImportRules.MAX_FILE_BYTES + 1); // sparse: nothing is read before the size check
        }
        ImportException e = assertThrows(ImportException.class, () -> TopologyImporters.read(big));
        assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
        assertThrows(ImportException.class, () -> TrafficCsvImporter.read(big));
    }

    @Test
    void topologiesWithTooManyLinksAreRefused() {
        StringBuilder json = new StringBuilder("{\"directed\": true, \"nodes\": [{\"id\": 0}, {\"id\": 1}], \"links\": [\n");
        for (int i = 0; i <= ImportRules.MAX_LINKS; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"source\": 0, \"target\": 1}");
        }
        json.append("]}");
        importFails("NODE_LINK_JSON", ImportRules.MAX_LINKS + 2, "more than 100000",
                () -> new NodeLinkJsonImporter().read("x", b(json.toString())));
        StringBuilder gml = new StringBuilder("graph [\n node [ id 0 ]\n node [ id 1 ]\n");
        for (int i = 0; i <= ImportRules.MAX_LINKS / 2; i++) {
            gml.append(" edge [ source 0 target 1 ]\n");
        }
        gml.append("]\n");
        importFails("GML", 4 + ImportRules.MAX_LINKS / 2, "more than 100000", () -> new GmlImporter().read("x", b(gml.toString())));
    }

    @Test
    void formatDetection() {
        assertEquals(TopologyFormat.SNDLIB_XML, TopologyFormat.detect("abilene.xml", SharedData.bytes("topologies/sndlib/abilene.xml")));
        assertEquals(TopologyFormat.SNDLIB_XML, TopologyFormat.detect("abilene", SharedData.bytes("topologies/sndlib/abilene.xml")));
        assertEquals(TopologyFormat.GML, TopologyFormat.detect("x.gml", b("")));
        assertEquals(TopologyFormat.GML, TopologyFormat.detect("upload.bin", SharedData.bytes("topologies/topology-zoo/Abilene.gml")));
        assertEquals(TopologyFormat.GML, TopologyFormat.detect(null, b("# c\nCreator \"x\"\ngraph [ ]")));
        assertEquals(TopologyFormat.NODE_LINK_JSON, TopologyFormat.detect("B4", SharedData.bytes("topologies/teal/B4.json")));
        assertEquals(TopologyFormat.GRAPHML, TopologyFormat.detect("a.GRAPHML", b("")));
        importFails("UNKNOWN", -1, "cannot detect", () -> TopologyFormat.detect("notes.txt", b("hello world")));
        importFails("UNKNOWN", -1, "neither an SNDlib network", () -> TopologyFormat.detect("x.xml", b("<html/>")));
        assertEquals("abilene", TopologyImporters.read(SharedData.require("topologies/sndlib/abilene.xml")).name());
        assertThrows(ImportException.class, () -> TopologyImporters.read(Path.of("/nonexistent/dir/x.gml")));
    }
}
