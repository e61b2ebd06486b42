package io.twinloop.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeLinkJsonImporterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"teal/B4.json,12,38", "teal/UsCarrier.json,158,378", "teal/Kdl.json,754,1790",
            "teal/ASN2k.json,1739,8558", "figret/GEANT22_dote_order.json,22,72"})
    void capacitatedTopologiesParseLinkByLink(String file, int nodes, int links) throws IOException {
        byte[] raw = SharedData.bytes("topologies/" + file);
        Network n = TopologyImporters.read(SharedData.require("topologies/" + file));
        assertEquals(TopologyImporters.networkName(file), n.name());
        assertEquals(nodes, n.nodes().size());
        assertEquals(links, n.links().size(), "directed: links as listed, no doubling");
        JsonNode json = new ObjectMapper().readTree(raw);
        for (int k = 0; k < links; k++) {
            JsonNode jl = json.get("links").get(k);
            Link l = n.links().get(k);
            assertEquals("e" + k, l.id());
            assertEquals(jl.get("source").asText(), l.src());
            assertEquals(jl.get("target").asText(), l.dst());
            assertEquals(jl.get("capacity").asDouble(), l.capacityBps(), "capacity taken as bit/s, unconverted");
            assertEquals(1.0, l.igpWeight());
        }
    }

    @Test
    void b4CapacitiesAreKeptAsGiven() {
        Network b4 = TopologyImporters.read(SharedData.require("topologies/teal/B4.json"));
        assertTrue(b4.links().stream().allMatch(l -> l.capacityBps() == 5000.0));
    }

    @Test
    void figretGeantHasRealCapacitiesAndTheSndlibLinkSet() {
        Network figret = TopologyImporters.read(SharedData.require("topologies/figret/GEANT22_dote_order.json"));
        Set<Double> caps = new TreeSet<>();
        figret.links().forEach(l -> caps.add(l.capacityBps()));
        assertEquals(Set.of(155e6, 2.4e9, 10e9), caps);
        // README 5: node i of figret is the i-th SNDlib GEANT node in sorted order, and the link sets agree
        Network geant = SndlibXmlImporterTest.load("geant");
        List<String> sorted = geant.nodes().stream().map(Node::name).sorted().toList();
        Set<String> figretPairs = new HashSet<>();
        for (Link l : figret.links()) {
            figretPairs.add(sorted.get(Integer.parseInt(l.src())) + ">" + sorted.get(Integer.parseInt(l.dst())));
        }
        Set<String> geantPairs = new HashSet<>();
        geant.links().forEach(l -> geantPairs.add(l.src() + ">" + l.dst()));
        assertEquals(geantPairs, figretPairs);
    }

    @Test
    void undirectedGraphsWithEdgesKeyNamesWeightsAndCoordinates() {
        String json = """
                {"directed": false, "multigraph": false, "graph": {"name": "x"},
                 "nodes": [{"id": "r1", "name": "Router 1", "Longitude": 8.5, "Latitude": 47.4},
                           {"id": 2, "label": "Two"},
                           {"id": 3}],
                 "edges": [{"source": "r1", "target": 2, "capacity": 1e9, "weight": 10},
                           {"source": 2, "target": 3},
                           {"source": 3, "target": 3}]}
                """;
        Network n = new NodeLinkJsonImporter().read("x", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("Router 1", "Two", "3"), n.nodes().stream().map(Node::name).toList());
        assertEquals(8.5, n.nodes().get(0).coordinates().longitude());
        assertEquals(List.of("e0", "e0~rev", "e1", "e1~rev"), n.links().stream().map(Link::id).toList());
        Link e0rev = n.links().get(1);
        assertEquals("Two", e0rev.src());
        assertEquals("Router 1", e0rev.dst());
        assertEquals(1e9, e0rev.capacityBps());
        assertEquals(10.0, e0rev.igpWeight());
        assertEquals(ImportRules.DEFAULT_CAPACITY_BPS, n.links().get(2).capacityBps());
        assertEquals(1.0, n.links().get(2).igpWeight());
    }
}
