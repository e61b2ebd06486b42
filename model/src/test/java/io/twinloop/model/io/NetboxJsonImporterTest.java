package io.twinloop.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.model.ImportException;
import io.twinloop.model.InterfaceIndex;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetboxJsonImporterTest {

    /** 2/3 c in km per ms, written out independently of the importer. */
    private static final double KM_PER_MS = 199.86163866666667;

    static byte[] sample() throws IOException {
        try (InputStream in = NetboxJsonImporterTest.class.getResourceAsStream("netbox-export.json")) {
            return in.readAllBytes();
        }
    }

    private static Network read(String json) {
        return new NetboxJsonImporter().read("x", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectedInterfaceCablesBecomeTwoDirectedLinksWithBothInterfaceNames() throws IOException {
        Network n = new NetboxJsonImporter().read("dc", sample());
        assertEquals(List.of("core1.nyc", "core2.nyc", "core1.chi", "pp-nyc-0401"),
                n.nodes().stream().map(Node::name).toList());
        // cable 203 ends on a patch panel front port and 204 is planned: both left out
        assertEquals(List.of("cable-201", "cable-201~rev", "cable-202", "cable-202~rev"),
                n.links().stream().map(Link::id).toList());
        Link a = n.links().get(0);
        assertEquals("core1.nyc", a.src());
        assertEquals("core2.nyc", a.dst());
        assertEquals(new LinkEnd("et-0/0/0", List.of("10.1.0.0/31", "2001:db8:100::/127")), a.srcEnd());
        assertEquals(new LinkEnd("et-0/0/0", List.of("10.1.0.1/31")), a.dstEnd());
        Link back = n.links().get(1);
        assertEquals(a.dstEnd(), back.srcEnd());
        assertEquals(a.srcEnd(), back.dstEnd());

        // the same facts read straight from the file
        JsonNode cables = new ObjectMapper().readTree(sample()).get("cables");
        JsonNode c202 = cables.get(1);
        Link lh = n.links().get(2);
        assertEquals(c202.get("a_terminations").get(0).get("object").get("name").asText(), lh.srcEnd().interfaceName());
        assertEquals(c202.get("b_terminations").get(0).get("object").get("name").asText(), lh.dstEnd().interfaceName());
        assertEquals(c202.get("b_terminations").get(0).get("object").get("device").get("name").asText(), lh.dst());
    }

    @Test
    void capacityMetricsSrlgsAndLatencyFollowTheDocumentedFields() throws IOException {
        Network n = new NetboxJsonImporter().read("dc", sample());
        Map<String, Link> byId = new HashMap<>();
        n.links().forEach(l -> byId.put(l.id(), l));
        Link riser = byId.get("cable-201");
        assertEquals(100e9, riser.capacityBps(), "speed 100000000 kbit/s");
        assertEquals(10.0, riser.igpWeight());
        assertEquals(List.of("nyc-riser-2"), riser.srlgs());
        assertEquals(0.035 / KM_PER_MS, riser.latencyMs(), 1e-12, "35 m of fibre");
        Link east = byId.get("cable-202");
        Link west = byId.get("cable-202~rev");
        assertEquals(100e9, east.capacityBps(), "no speed: from type 100gbase-x-qsfp28");
        assertEquals(25.0, east.igpWeight(), "igp_metric of the interface the link leaves");
        assertEquals(30.0, west.igpWeight());
        assertEquals(List.of("lh-nyc-chi-north", "conduit-i80"), west.srlgs());
        assertEquals(1270 / KM_PER_MS, east.latencyMs(), 1e-9);
        assertEquals(6.354, east.latencyMs(), 1e-3);
    }

    @Test
    void interfacesAndAddressesResolveThroughTheIndex() throws IOException {
        InterfaceIndex ix = InterfaceIndex.of(new NetboxJsonImporter().read("dc", sample()));
        assertEquals("cable-202", ix.outLink("core1.nyc:57400", "et-0/0/1").orElseThrow().id());
        assertEquals("cable-202", ix.inLink("core1.chi", "et-0/0/1").orElseThrow().id());
        assertEquals("core1.chi", ix.findByAddress("10.1.0.3").orElseThrow().device());
        InterfaceIndex.Resolution r = ix.resolveAll(List.of(new InterfaceIndex.InterfaceRef("core1.nyc", "xe-0/1/0"),
                new InterfaceIndex.InterfaceRef("core1.nyc", "et-0/0/0")));
        assertEquals(Map.of("core1.nyc", new java.util.TreeSet<>(List.of("xe-0/1/0"))), r.unknownInterfaces(),
                "the interface cabled to a patch panel is reported, not dropped");
    }

    @Test
    void typeSpeeds() {
        assertEquals(100e9, NetboxJsonImporter.typeSpeedBps("100gbase-x-qsfp28"));
        assertEquals(400e9, NetboxJsonImporter.typeSpeedBps("400gbase-x-qsfpdd"));
        assertEquals(2.5e9, NetboxJsonImporter.typeSpeedBps("2.5gbase-t"));
        assertEquals(1e9, NetboxJsonImporter.typeSpeedBps("1000base-t"));
        assertEquals(100e6, NetboxJsonImporter.typeSpeedBps("100base-tx"));
        assertEquals(ImportRules.DEFAULT_CAPACITY_BPS, NetboxJsonImporter.typeSpeedBps("virtual"));
        assertEquals(ImportRules.DEFAULT_CAPACITY_BPS, NetboxJsonImporter.typeSpeedBps(null));
    }

    private static final String DEVICES = "\"devices\": [{\"id\": 1, \"name\": \"r1\"}, {\"id\": 2, \"name\": \"r2\"}], "
            + "\"interfaces\": [{\"id\": 10, \"device\": {\"id\": 1, \"name\": \"r1\"}, \"name\": \"ge-0/0/0\", \"speed\": 1000000},"
            + " {\"id\": 20, \"device\": {\"id\": 2, \"name\": \"r2\"}, \"name\": \"Gi0/1\", \"speed\": 10000000,"
            + " \"custom_fields\": {\"igp_metric\": 7}}]";

    @Test
    void preNetbox33CablesAndApiPagesAreRead() {
        Network n = read("{" + DEVICES + ", \"cables\": {\"count\": 1, \"next\": null, \"results\": [{\"id\": 5, "
                + "\"termination_a_type\": \"dcim.interface\", \"termination_a_id\": 10, "
                + "\"termination_b_type\": \"dcim.interface\", \"termination_b_id\": 20, \"status\": \"connected\", "
                + "\"custom_fields\": {\"igp_metric\": 3, \"srlg\": [\"d1\", \"d2\"]}}]}}");
        assertEquals(2, n.links().size());
        Link l = n.links().get(0);
        assertEquals(1e9, l.capacityBps(), "the slower end: 1000000 kbit/s");
        assertEquals(3.0, l.igpWeight(), "cable metric where the interface has none");
        assertEquals(7.0, n.links().get(1).igpWeight(), "interface metric first");
        assertEquals(List.of("d1", "d2"), l.srlgs());
        assertEquals("Gi0/1", l.dstEnd().interfaceName());
        assertTrue(Double.isNaN(l.latencyMs()));
    }

    @Test
    void inconsistentExportsAreRefusedNamingTheElement() {
        Map<String, String> cases = Map.of(
                "\"cables\": [{\"id\": 5, \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 99}]}]",
                "cables[0] (id 5).b_terminations[0]: interface 99 is not in \"interfaces\"",
                "\"cables\": [{\"id\": 5, \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 20}]},"
                        + " {\"id\": 6, \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 20}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10}]}]",
                "cables[0] (id 5) and cables[1] (id 6) both connect interface \"Gi0/1\" of device \"r2\"",
                "\"cables\": [{\"id\": 5, \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10},"
                        + " {\"object_type\": \"dcim.interface\", \"object_id\": 11}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 20}]}]",
                "cables[0] (id 5).a_terminations has 2 terminations",
                "\"cables\": [{\"id\": 5, \"length\": 3, \"length_unit\": {\"value\": \"furlong\"},"
                        + " \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 20}]}]",
                "cables[0] (id 5).length_unit: unknown unit \"furlong\"",
                "\"cables\": [{\"id\": 5, \"custom_fields\": {\"igp_metric\": \"heavy\"},"
                        + " \"a_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 10}],"
                        + " \"b_terminations\": [{\"object_type\": \"dcim.interface\", \"object_id\": 20}]}]",
                "cables[0] (id 5).custom_fields.igp_metric is not a number");
        cases.forEach((cables, message) -> {
            ImportException e = assertThrows(ImportException.class, () -> read("{" + DEVICES + ", " + cables + "}"), cables);
            assertEquals("NETBOX_JSON", e.format());
            assertTrue(e.getMessage().contains(message), e.getMessage() + "\n  expected: " + message);
        });
        ImportException ip = assertThrows(ImportException.class, () -> read("{" + DEVICES + ", \"cables\": [{\"id\": 5, "
                + "\"termination_a_type\": \"dcim.interface\", \"termination_a_id\": 10, \"termination_b_type\": \"dcim.interface\","
                + " \"termination_b_id\": 20}], \"ip_addresses\": [{\"address\": \"10.0.0.300/31\", "
                + "\"assigned_object_type\": \"dcim.interface\", \"assigned_object_id\": 10}]}"));
        assertTrue(ip.getMessage().contains("cables[0] (id 5)") && ip.getMessage().contains("10.0.0.300"), ip.getMessage());
        assertTrue(assertThrows(ImportException.class, () -> read("{\"interfaces\": [], \"cables\": []}")).getMessage()
                .contains("needs \"devices\" and \"cables\""));
    }

    @Test
    void detectedByItsTopLevelLists() throws IOException {
        assertEquals(TopologyFormat.NETBOX_JSON, TopologyFormat.detect("export.json", sample()));
        assertEquals(TopologyFormat.NETBOX_JSON, TopologyFormat.detect("upload", sample()));
        assertEquals(TopologyFormat.NETBOX_JSON, TopologyFormat.detect("e.json",
                ("{" + DEVICES + ", \"cables\": []}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(TopologyFormat.NODE_LINK_JSON, TopologyFormat.detect("g.json",
                "{\"nodes\": [], \"links\": [], \"cables\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, TopologyImporters.read(TopologyFormat.NETBOX_JSON, "x", ("{" + DEVICES + ", \"cables\": []}")
                .getBytes(StandardCharsets.UTF_8)).nodes().size());
    }
}
