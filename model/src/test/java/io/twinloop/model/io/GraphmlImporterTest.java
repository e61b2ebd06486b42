package io.twinloop.model.io;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GraphmlImporterTest {

    /**
     * Converts a Zoo GML file (read with the independent test reader) into GraphML the way the
     * Topology Zoo writes it: one {@code <key>} per attribute name and scope, ids d0, d1, ...
     */
    static String toGraphml(ZooGml g) {
        Map<String, String> graphKeys = new LinkedHashMap<>();
        Map<String, String> nodeKeys = new LinkedHashMap<>();
        Map<String, String> edgeKeys = new LinkedHashMap<>();
        int[] next = {0};
        g.graphAttrs.keySet().forEach(k -> graphKeys.put(k, "d" + next[0]++));
        g.nodes.forEach(n -> n.attrs().keySet().stream().filter(k -> !k.equals("id"))
                .forEach(k -> nodeKeys.computeIfAbsent(k, x -> "d" + next[0]++)));
        g.edges.forEach(e -> e.attrs().keySet().stream().filter(k -> !k.equals("source") && !k.equals("target"))
                .forEach(k -> edgeKeys.computeIfAbsent(k, x -> "d" + next[0]++)));
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version='1.0' encoding='utf-8'?>\n");
        sb.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
        keys(sb, graphKeys, "graph");
        keys(sb, nodeKeys, "node");
        keys(sb, edgeKeys, "edge");
        sb.append("  <graph edgedefault=\"undirected\">\n");
        g.graphAttrs.forEach((k, v) -> data(sb, "    ", graphKeys.get(k), v));
        for (ZooGml.ZNode n : g.nodes) {
            sb.append("    <node id=\"").append(esc(n.id())).append("\">\n");
            n.attrs().forEach((k, v) -> {
                if (!k.equals("id")) {
                    data(sb, "      ", nodeKeys.get(k), v);
                }
            });
            sb.append("    </node>\n");
        }
        for (ZooGml.ZEdge e : g.edges) {
            sb.append("    <edge source=\"").append(esc(e.source())).append("\" target=\"").append(esc(e.target()))
                    .append("\">\n");
            e.attrs().forEach((k, v) -> {
                if (!k.equals("source") && !k.equals("target")) {
                    data(sb, "      ", edgeKeys.get(k), v);
                }
            });
            sb.append("    </edge>\n");
        }
        sb.append("  </graph>\n</graphml>\n");
        return sb.toString();
    }

    private static void keys(StringBuilder sb, Map<String, String> keys, String scope) {
        keys.forEach((name, id) -> sb.append("  <key attr.name=\"").append(esc(name)).append("\" attr.type=\"string\" for=\"")
                .append(scope).append("\" id=\"").append(id).append("\" />\n"));
    }

    private static void data(StringBuilder sb, String indent, String key, String value) {
        sb.append(indent).append("<data key=\"").append(key).append("\">").append(esc(value)).append("</data>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Test
    void everyZooGraphGivesTheSameNetworkFromGmlAndFromGraphml() throws IOException {
        List<Path> files = GmlImporterTest.zooFiles();
        assertEquals(261, files.size());
        for (Path f : files) {
            byte[] gml = Files.readAllBytes(f);
            String name = TopologyImporters.networkName(f.getFileName().toString());
            Network fromGml = new GmlImporter().read(name, gml);
            byte[] graphml = toGraphml(ZooGml.parse(gml)).getBytes(StandardCharsets.UTF_8);
            Network fromGraphml = new GraphmlImporter().read(name, graphml);
            String ctx = f.getFileName().toString();
            for (int i = 0; i < Math.min(fromGml.nodes().size(), fromGraphml.nodes().size()); i++) {
                assertEquals(fromGml.nodes().get(i), fromGraphml.nodes().get(i), ctx);
            }
            for (int i = 0; i < Math.min(fromGml.links().size(), fromGraphml.links().size()); i++) {
                assertEquals(fromGml.links().get(i), fromGraphml.links().get(i), ctx);
            }
            assertEquals(fromGml, fromGraphml, ctx);
            assertEquals(TopologyFormat.GRAPHML, TopologyFormat.detect(name + ".graphml", graphml));
            assertEquals(TopologyFormat.GRAPHML, TopologyFormat.detect(name + ".xml", graphml));
            assertEquals(TopologyFormat.GRAPHML, TopologyFormat.detect(null, graphml));
        }
    }

    @Test
    void handWrittenSample() throws IOException {
        byte[] content;
        try (InputStream in = GraphmlImporterTest.class.getResourceAsStream("sample.graphml")) {
            content = in.readAllBytes();
        }
        Network n = new GraphmlImporter().read("sample", content);
        assertEquals(List.of("Paris#a", "Paris#b", "c", "Lyon"), n.nodes().stream().map(Node::name).toList());
        assertEquals(2.35, n.nodes().get(0).coordinates().longitude());
        assertEquals(48.86, n.nodes().get(0).coordinates().latitude());
        assertNull(n.nodes().get(2).coordinates());
        // edgedefault="directed": e0 one way; e1 directed="false" both ways; e2 self-loop dropped;
        // e3 without LinkSpeedRaw gets the key's <default> 1e9
        assertEquals(List.of("e0", "e1", "e1~rev", "e3"), n.links().stream().map(Link::id).toList());
        Link e0 = n.links().get(0);
        assertEquals("Paris#a", e0.src());
        assertEquals("Lyon", e0.dst());
        assertEquals(2.5e9, e0.capacityBps());
        Link e1rev = n.link("e1~rev").orElseThrow();
        assertEquals("c", e1rev.src());
        assertEquals("Paris#b", e1rev.dst());
        assertEquals(1e9, n.link("e3").orElseThrow().capacityBps());
    }

    @Test
    void unknownDataKeyAndMissingEndpointAreReportedWithLines() {
        String bad = """
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <key id="d0" for="node" attr.name="label"/>
                  <graph edgedefault="undirected">
                    <node id="1"><data key="d0">A</data></node>
                    <node id="2"><data key="d9">B</data></node>
                  </graph>
                </graphml>
                """;
        var e = assertThrows(io.twinloop.model.ImportException.class,
                () -> new GraphmlImporter().read("bad", bad.getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, e.line());
        assertEquals("GRAPHML", e.format());
        String dangling = """
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <graph edgedefault="undirected">
                    <node id="1"/>
                    <edge source="1" target="7"/>
                  </graph>
                </graphml>
                """;
        var d = assertThrows(io.twinloop.model.ImportException.class,
                () -> new GraphmlImporter().read("bad", dangling.getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, d.line());
        org.junit.jupiter.api.Assertions.assertTrue(d.getMessage().contains("'7'"), d.getMessage());
    }
}
