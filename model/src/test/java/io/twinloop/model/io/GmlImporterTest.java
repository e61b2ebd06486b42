package io.twinloop.model.io;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GmlImporterTest {

    static List<Path> zooFiles() throws IOException {
        Path dir = SharedData.require("topologies/topology-zoo");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".gml")).sorted().toList();
        }
    }

    static Network load(String name) {
        return new GmlImporter().read(name, SharedData.bytes("topologies/topology-zoo/" + name + ".gml"));
    }

    @Test
    void all261ZooGraphsParseAndMatchAnIndependentReading() throws IOException {
        List<Path> files = zooFiles();
        assertEquals(261, files.size());
        int withCapacity = 0;
        int selfLoops = 0;
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            String name = TopologyImporters.networkName(f.getFileName().toString());
            Network n = new GmlImporter().read(name, raw);
            ZooGml z = ZooGml.parse(raw);
            String ctx = f.getFileName().toString();
            assertEquals(z.nodes.size(), n.nodes().size(), ctx + " nodes");
            assertTrue(n.nodes().size() > 0, ctx);
            Map<String, String> names = z.expectedNames();
            for (int i = 0; i < z.nodes.size(); i++) {
                ZooGml.ZNode zn = z.nodes.get(i);
                Node node = n.nodes().get(i);
                assertEquals(names.get(zn.id()), node.name(), ctx + " node " + zn.id());
                if (zn.attrs().containsKey("Longitude") && zn.attrs().containsKey("Latitude")) {
                    assertEquals(Double.parseDouble(zn.attrs().get("Longitude")), node.coordinates().longitude());
                    assertEquals(Double.parseDouble(zn.attrs().get("Latitude")), node.coordinates().latitude());
                } else {
                    assertNull(node.coordinates(), ctx);
                }
            }
            int expectedLinks = 0;
            for (int k = 0; k < z.edges.size(); k++) {
                ZooGml.ZEdge e = z.edges.get(k);
                if (e.source().equals(e.target())) {
                    selfLoops++;
                    assertTrue(n.link("e" + k).isEmpty(), ctx + " self-loop e" + k + " must be dropped");
                    continue;
                }
                expectedLinks += 2;
                String raw1 = e.attrs().get("LinkSpeedRaw");
                double cap = raw1 == null ? 10e9 : Double.parseDouble(raw1);
                if (raw1 != null) {
                    withCapacity++;
                }
                Link fwd = n.link("e" + k).orElseThrow();
                Link rev = n.link("e" + k + "~rev").orElseThrow();
                assertEquals(names.get(e.source()), fwd.src(), ctx + " e" + k);
                assertEquals(names.get(e.target()), fwd.dst(), ctx + " e" + k);
                assertEquals(fwd.src(), rev.dst());
                assertEquals(fwd.dst(), rev.src());
                assertEquals(cap, fwd.capacityBps(), ctx + " e" + k);
                assertEquals(cap, rev.capacityBps());
                assertEquals(1.0, fwd.igpWeight());
            }
            assertEquals(expectedLinks, n.links().size(), ctx + " links");
            assertTrue(z.edges.isEmpty() || n.links().size() > 0, ctx);
        }
        assertEquals(3761, withCapacity, "edges with LinkSpeedRaw over the whole Zoo");
        assertEquals(2, selfLoops, "Interoute's two self-loops");
    }

    @Test
    void geant2012HasLinkSpeedRawOnSomeLinks() {
        Network n = load("Geant2012");
        assertEquals(40, n.nodes().size());
        // edge 3 of the file: source 0 (NL), target 34, LinkSpeedRaw 2500000000.0
        Link l = n.link("e3").orElseThrow();
        assertEquals("NL", l.src());
        assertEquals(2.5e9, l.capacityBps());
        // edge 0: NL - BE without LinkSpeedRaw -> documented default
        Link d = n.link("e0").orElseThrow();
        assertEquals("NL", d.src());
        assertEquals("BE", d.dst());
        assertEquals(ImportRules.DEFAULT_CAPACITY_BPS, d.capacityBps());
        long fromFile = n.links().stream().filter(x -> x.capacityBps() != ImportRules.DEFAULT_CAPACITY_BPS).count();
        assertTrue(fromFile > 0 && fromFile <= 2 * 39, "between 1 and 78 directed links carry LinkSpeedRaw: " + fromFile);
    }

    @Test
    void duplicateLabelsAreDisambiguatedWithTheId() {
        Network n = load("Arpanet19719");
        Set<String> names = new HashSet<>();
        n.nodes().forEach(x -> names.add(x.name()));
        assertFalse(names.contains("BBN"), "a shared label is never used bare");
        assertEquals(2, names.stream().filter(s -> s.startsWith("BBN#")).count());
        assertTrue(names.contains("MIT"));
    }

    @Test
    void multigraphParallelEdgesStaySeparateLinks() {
        // Kdl.gml has 899 edges, some of them parallel; Teal's simple-graph Kdl has 1790 directed links
        Network kdl = load("Kdl");
        assertEquals(754, kdl.nodes().size());
        assertEquals(2 * 899, kdl.links().size());
        Set<String> pairs = new HashSet<>();
        kdl.links().forEach(l -> pairs.add(l.src() + "\u0000" + l.dst()));
        assertEquals(1790, pairs.size(), "distinct directed node pairs = Teal's link count");
        Network us = load("UsCarrier");
        assertEquals(158, us.nodes().size());
        assertEquals(378, us.links().size());
    }

    @Test
    void tokenizerHandlesCommentsEntitiesDirectedAndParallelEdges() {
        String gml = """
                # a comment line
                Creator "test"
                graph [
                  directed 1
                  label "tiny"
                  node [ id 1 label "A &amp; B" Longitude -1.5e1 Latitude 2 ]
                  node [ id 2 label "C" ]
                  node [ id 3 ]
                  edge [ source 1 target 2 LinkSpeedRaw 1e9 ]
                  edge [ source 1 target 2 ]
                  edge [ source 3 target 3 ]
                  edge [ source 2 target 3 nested [ x 1 ] ]
                ]
                """;
        Network n = new GmlImporter().read("tiny", gml.getBytes());
        assertEquals(List.of("A & B", "C", "3"), n.nodes().stream().map(Node::name).toList());
        assertEquals(-15.0, n.nodes().get(0).coordinates().longitude());
        assertEquals(List.of("e0", "e1", "e3"), n.links().stream().map(Link::id).toList(), "directed: no ~rev, self-loop e2 dropped");
        assertEquals(1e9, n.links().get(0).capacityBps());
        assertEquals(10e9, n.links().get(1).capacityBps());
    }
}
