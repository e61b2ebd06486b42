package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.Network;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every importer refuses a link with capacity 0 (every imported link is up), naming the link and the line where
 * it starts in the file; the same file with a positive capacity imports.
 */
class ZeroCapacityImportTest {

    /** 1-based number of the first line of {@code text} that contains {@code marker}. */
    private static int lineOf(String text, String marker) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not in the test file");
    }

    private static void refused(BiFunction<String, byte[], Network> importer, String format, String text, String marker, String names) {
        ImportException e = assertThrows(ImportException.class,
                () -> importer.apply("x", text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(format, e.format(), e.getMessage());
        assertEquals(lineOf(text, marker), e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(names) && e.getMessage().contains("capacity 0"), e.getMessage());
    }

    private static void imports(BiFunction<String, byte[], Network> importer, String text) {
        assertEquals(2, importer.apply("x", text.getBytes(StandardCharsets.UTF_8)).links().size());
    }

    @Test
    void sndlib() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <network xmlns="http://sndlib.zib.de/network" version="1.0">
                 <networkStructure>
                  <nodes coordinatesType="pixel">
                   <node id="A"><coordinates><x>1</x><y>2</y></coordinates></node>
                   <node id="B"><coordinates><x>3</x><y>4</y></coordinates></node>
                  </nodes>
                  <links>
                   <link id="L1">
                    <source>A</source>
                    <target>B</target>
                    <preInstalledModule><capacity>CAP</capacity></preInstalledModule>
                   </link>
                  </links>
                 </networkStructure>
                </network>
                """;
        refused(new SndlibXmlImporter()::read, "SNDLIB_XML", xml.replace("CAP", "0"), "<link id=\"L1\">", "link 'L1'");
        imports(new SndlibXmlImporter()::read, xml.replace("CAP", "10"));
        // a link without any module capacity has none either
        refused(new SndlibXmlImporter()::read, "SNDLIB_XML", xml.replace("<preInstalledModule><capacity>CAP</capacity></preInstalledModule>", ""),
                "<link id=\"L1\">", "link 'L1'");
    }

    @Test
    void gml() {
        String gml = """
                graph [
                  node [ id 0 label "A" ]
                  node [ id 1 label "B" ]
                  edge [
                    source 0
                    target 1
                    LinkSpeedRaw CAP
                  ]
                ]
                """;
        refused(new GmlImporter()::read, "GML", gml.replace("CAP", "0"), "edge [", "edge 0 -> 1 (link e0)");
        imports(new GmlImporter()::read, gml.replace("CAP", "1e9"));
    }

    @Test
    void graphml() {
        String graphml = """
                <?xml version="1.0" encoding="utf-8"?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d1"/>
                  <graph edgedefault="undirected">
                    <node id="A"/>
                    <node id="B"/>
                    <edge source="A" target="B">
                      <data key="d1">CAP</data>
                    </edge>
                  </graph>
                </graphml>
                """;
        refused(new GraphmlImporter()::read, "GRAPHML", graphml.replace("CAP", "0.0"), "<edge ", "edge A -> B (link e0)");
        imports(new GraphmlImporter()::read, graphml.replace("CAP", "1e9"));
    }

    @Test
    void nodeLinkJson() {
        String json = """
                {"directed": false, "nodes": [{"id": "A"}, {"id": "B"}],
                 "links": [
                  {"source": "A", "target": "B",
                   "capacity": CAP}
                 ]}
                """;
        refused(new NodeLinkJsonImporter()::read, "NODE_LINK_JSON", json.replace("CAP", "0"), "{\"source\"", "edge A -> B (link e0)");
        imports(new NodeLinkJsonImporter()::read, json.replace("CAP", "5000"));
    }
}
