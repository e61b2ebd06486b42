package io.twinloop.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.model.Geo;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IetfNetworkJsonImporterTest {

    static byte[] sample() throws IOException {
        try (InputStream in = IetfNetworkJsonImporterTest.class.getResourceAsStream("backbone-rfc8345.json")) {
            return in.readAllBytes();
        }
    }

    private static Network read(String json) {
        return new IetfNetworkJsonImporter().read("x", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyRfcLinkBecomesOneDirectedLinkWithItsTerminationPointsAsInterfaces() throws IOException {
        byte[] raw = sample();
        Network n = new IetfNetworkJsonImporter().read("backbone", raw);
        // the L3 network is chosen although the DWDM layer comes first
        assertEquals(List.of("rtr-ams-01", "rtr-fra-01", "rtr-lon-01", "rtr-par-01"),
                n.nodes().stream().map(Node::name).toList());
        JsonNode ip = new ObjectMapper().readTree(raw).get("ietf-network:networks").get("network").get(1);
        JsonNode links = ip.get("ietf-network-topology:link");
        assertEquals(links.size(), n.links().size());
        for (int k = 0; k < links.size(); k++) {
            JsonNode jl = links.get(k);
            Link l = n.links().get(k);
            assertEquals(jl.get("link-id").asText(), l.id());
            assertEquals(jl.get("source").get("source-node").asText(), l.src());
            assertEquals(jl.get("destination").get("dest-node").asText(), l.dst());
            assertEquals(jl.get("source").get("source-tp").asText(), l.srcEnd().interfaceName());
            assertEquals(jl.get("destination").get("dest-tp").asText(), l.dstEnd().interfaceName());
        }
    }

    @Test
    void capacityMetricDelayAndSrlgsComeFromTheTeAndL3Attributes() throws IOException {
        Network n = new IetfNetworkJsonImporter().read("backbone", sample());
        Map<String, Link> byId = new java.util.HashMap<>();
        n.links().forEach(l -> byId.put(l.id(), l));
        // float32 0x1.74876ep+33 = 0x174876E * 2^9 bytes/s, not exactly 12.5e9
        Link amsFra = byId.get("rtr-ams-01,et-0/0/0,rtr-fra-01,et-0/0/0");
        assertEquals(0x174876E * 512.0 * 8, amsFra.capacityBps());
        assertEquals(12_499_999_744.0 * 8, amsFra.capacityBps());
        assertEquals(10.0, amsFra.igpWeight(), "l3 metric1 (a string, as RFC 7951 writes uint64)");
        assertEquals(3.15, amsFra.latencyMs(), 1e-12, "te-delay-metric 3150 us");
        assertEquals(List.of("1201", "1340"), amsFra.srlgs());
        Link amsLon = byId.get("rtr-ams-01,et-0/0/1,rtr-lon-01,HundredGigE0/0/0/0");
        assertEquals(100e9, amsLon.capacityBps(), "hex integer 0x2E90EDD00 bytes/s");
        assertEquals(15.0, amsLon.igpWeight(), "te-igp-metric before te-default-metric (150)");
        Link fraPar = byId.get("rtr-fra-01,et-0/0/2,rtr-par-01,Ethernet3/1");
        assertEquals(10e9, fraPar.capacityBps(), "decimal 1250000000 bytes/s");
        assertEquals(20.0, fraPar.igpWeight(), "te-default-metric");
        Link lonPar = byId.get("rtr-lon-01,HundredGigE0/0/0/1,rtr-par-01,Ethernet3/2");
        assertEquals(ImportRules.DEFAULT_CAPACITY_BPS, lonPar.capacityBps(), "no TE attributes: default");
        assertEquals(1.0, lonPar.igpWeight());
        Node lon = n.nodes().get(n.nodeIndex("rtr-lon-01"));
        Node par = n.nodes().get(n.nodeIndex("rtr-par-01"));
        assertEquals(-0.0016, lon.coordinates().longitude(), 1e-12);
        assertEquals(Geo.propagationLatencyMs(lon.coordinates(), par.coordinates()), lonPar.latencyMs(), 1e-12,
                "no delay metric: great circle from the TE geolocations");
        assertEquals(40e9, byId.get("rtr-par-01,Ethernet3/2,rtr-lon-01,HundredGigE0/0/0/1").capacityBps(),
                "0x1.2a05f2p+32 bytes/s");
    }

    @Test
    void l3TerminationPointAddressesLandOnTheEndsAndResolve() throws IOException {
        Network n = new IetfNetworkJsonImporter().read("backbone", sample());
        Link amsFra = n.links().get(0);
        assertEquals(new LinkEnd("et-0/0/0", List.of("10.255.0.0/31", "2001:db8:ff::0/127")), amsFra.srcEnd());
        assertEquals(new LinkEnd("et-0/0/0", List.of("10.255.0.1/31", "2001:db8:ff::1/127")), amsFra.dstEnd());
        InterfaceIndex ix = InterfaceIndex.of(n);
        assertEquals("rtr-lon-01,HundredGigE0/0/0/0,rtr-ams-01,et-0/0/1",
                ix.inLink("rtr-ams-01", "et-0/0/1").orElseThrow().id());
        assertEquals("rtr-par-01", ix.findByAddress("10.255.0.7").orElseThrow().device());
        assertEquals(8, ix.interfaceCount());
    }

    @Test
    void aNetworkCanBeChosenByIdAndABareNetworkListIsAccepted() throws IOException {
        Network dwdm = new IetfNetworkJsonImporter().read("x", sample(), "dwdm-core");
        assertEquals(8, dwdm.links().size());
        assertEquals("line-fra", dwdm.links().get(0).srcEnd().interfaceName());
        ImportException e = assertThrows(ImportException.class,
                () -> new IetfNetworkJsonImporter().read("x", sample(), "nope"));
        assertTrue(e.getMessage().contains("[dwdm-core, ip-backbone]"), e.getMessage());
        // unprefixed members, as some producers write them, and the RESTCONF single-network form
        Network bare = read("""
                {"ietf-network:network": [{"network-id": "n", "node": [{"node-id": "a"}, {"node-id": "b"}],
                  "link": [{"link-id": "a-b", "source": {"source-node": "a"}, "destination": {"dest-node": "b", "dest-tp": "ge-0/0/1"}}]}]}
                """);
        assertEquals(LinkEnd.NONE, bare.links().get(0).srcEnd());
        assertEquals("ge-0/0/1", bare.links().get(0).dstEnd().interfaceName());
    }

    @Test
    void withoutAnL3NetworkTheFirstWithLinksIsTaken() {
        Network n = read("""
                {"ietf-network:networks": {"network": [
                  {"network-id": "empty", "node": [{"node-id": "z"}]},
                  {"network-id": "first", "node": [{"node-id": "a"}, {"node-id": "b"}],
                   "ietf-network-topology:link": [{"link-id": "l", "source": {"source-node": "a"}, "destination": {"dest-node": "b"}}]},
                  {"network-id": "second", "node": [{"node-id": "c"}, {"node-id": "d"}],
                   "ietf-network-topology:link": [{"link-id": "l", "source": {"source-node": "c"}, "destination": {"dest-node": "d"}}]}]}}
                """);
        assertEquals(List.of("a", "b"), n.nodes().stream().map(Node::name).toList());
    }

    @Test
    void teBandwidthForms() {
        IetfNetworkJsonImporter im = new IetfNetworkJsonImporter();
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertEquals(1024.0, im.bytesPerSecond(f.textNode("0x1p10"), "b"));
        assertEquals(0.0, im.bytesPerSecond(f.textNode("0x0p0"), "b"));
        assertEquals(1.25e9, im.bytesPerSecond(f.textNode("0X1.2A05F2P+30"), "b"));
        assertEquals(255.0, im.bytesPerSecond(f.textNode("0xff"), "b"));
        assertEquals(1.25e9, im.bytesPerSecond(f.numberNode(1250000000L), "b"));
        assertThrows(ImportException.class, () -> im.bytesPerSecond(f.textNode("0x1p10,0x1p11"), "b"));
        assertThrows(ImportException.class, () -> im.bytesPerSecond(f.textNode("10G"), "b"));
        assertThrows(ImportException.class, () -> im.bytesPerSecond(f.textNode("-5"), "b"));
    }

    @Test
    void badReferencesAndValuesNameTheLink() {
        String head = "{\"ietf-network:networks\": {\"network\": [{\"network-id\": \"n\", \"node\": [{\"node-id\": \"a\"}, "
                + "{\"node-id\": \"b\"}], \"ietf-network-topology:link\": [";
        String ok = "{\"link-id\": \"l0\", \"source\": {\"source-node\": \"a\", \"source-tp\": \"p1\"}, "
                + "\"destination\": {\"dest-node\": \"b\"}}, ";
        Map<String, String> cases = Map.of(
                "{\"link-id\": \"l1\", \"source\": {\"source-node\": \"a\"}, \"destination\": {\"dest-node\": \"c\"}}",
                "ietf-network-topology:link[1] (link-id \"l1\").destination.dest-node: unknown node \"c\"",
                "{\"link-id\": \"l1\", \"source\": {\"source-node\": \"a\", \"source-tp\": \"p1\"}, \"destination\": {\"dest-node\": \"b\"}}",
                "ietf-network-topology:link[0] (link-id \"l0\") and ietf-network-topology:link[1] (link-id \"l1\") both leave from termination point \"p1\" of node \"a\"",
                "{\"link-id\": \"l1\", \"source\": {\"source-node\": \"a\"}, \"destination\": {\"dest-node\": \"b\"}, "
                        + "\"ietf-te-topology:te\": {\"te-link-attributes\": {\"max-link-bandwidth\": {\"te-bandwidth\": {\"generic\": \"fast\"}}}}}",
                "ietf-network-topology:link[1] (link-id \"l1\").ietf-te-topology:te.te-link-attributes.max-link-bandwidth.te-bandwidth.generic is not an RFC 8776 te-bandwidth",
                "{\"link-id\": \"l0\", \"source\": {\"source-node\": \"b\"}, \"destination\": {\"dest-node\": \"a\"}}",
                "ietf-network-topology:link[1] (link-id \"l0\"): duplicate link-id",
                "{\"link-id\": \"l1\", \"destination\": {\"dest-node\": \"a\"}}",
                "ietf-network-topology:link[1] (link-id \"l1\").source is missing",
                "{\"link-id\": \"l1\", \"source\": {\"source-node\": \"b\"}, \"destination\": {\"dest-node\": \"a\"}, "
                        + "\"ietf-te-topology:te\": {\"te-link-attributes\": {\"max-link-bandwidth\": {\"te-bandwidth\": {\"generic\": \"0x0p0\"}}}}}",
                "ietf-network-topology:link[1] (link-id \"l1\") has capacity 0");
        cases.forEach((link, message) -> {
            ImportException e = assertThrows(ImportException.class, () -> read(head + ok + link + "]}]}}"), link);
            assertEquals("IETF_NETWORK_JSON", e.format());
            assertTrue(e.getMessage().contains(message), e.getMessage() + "\n  expected: " + message);
        });
        assertTrue(assertThrows(ImportException.class, () -> read("{\"networks\": {}}")).getMessage()
                .contains("no \"ietf-network:networks\""));
        ImportException syntax = assertThrows(ImportException.class, () -> read("{\"ietf-network:networks\":\n {\"network\": [}"));
        assertEquals(2, syntax.line());
    }

    @Test
    void detectedByContentEvenWithoutExtensionAndImportedFromAFile(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        byte[] raw = sample();
        assertEquals(TopologyFormat.IETF_NETWORK_JSON, TopologyFormat.detect("backbone.json", raw));
        assertEquals(TopologyFormat.IETF_NETWORK_JSON, TopologyFormat.detect("upload", raw));
        Path f = dir.resolve("backbone.json");
        Files.write(f, raw);
        Network n = TopologyImporters.read(f);
        assertEquals("backbone", n.name());
        assertEquals(8, n.links().size());
    }
}
