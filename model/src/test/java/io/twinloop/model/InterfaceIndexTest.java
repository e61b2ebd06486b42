package io.twinloop.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterfaceIndexTest {

    /** r1 et-0/0/0 <-> r2 Ethernet1 (one cable, two directed links), r2 Ethernet2 -> r3 (one direction named). */
    private static Network net() {
        Link a = new Link("c1", "r1", "r2", 100e9, 10).withEnds(
                LinkEnd.of("et-0/0/0", List.of("10.0.0.0/31", "2001:db8::/127")),
                LinkEnd.of("Ethernet1", List.of("10.0.0.1/31", "2001:db8::1/127")));
        Link b = new Link("c1~rev", "r2", "r1", 100e9, 10).withEnds(a.dstEnd(), a.srcEnd());
        Link c = new Link("c2", "r2", "r3", 10e9, 5).withEnds(LinkEnd.of("Ethernet2"), LinkEnd.NONE);
        Link d = new Link("c2~rev", "r3", "r2", 10e9, 5);
        return new Network("n", List.of(new Node("r1", null), new Node("r2", null), new Node("r3", null)),
                List.of(a, b, c, d), List.of());
    }

    @Test
    void interfacesResolveToTheirOutAndInLinks() {
        InterfaceIndex ix = InterfaceIndex.of(net());
        assertEquals("c1", ix.outLink("r1", "et-0/0/0").orElseThrow().id());
        assertEquals("c1~rev", ix.inLink("r1", "et-0/0/0").orElseThrow().id());
        assertEquals("c1~rev", ix.outLink("r2", "Ethernet1").orElseThrow().id());
        assertEquals("c1", ix.inLink("r2", "Ethernet1").orElseThrow().id());
        assertEquals("c2", ix.outLink("r2", "Ethernet2").orElseThrow().id());
        assertTrue(ix.inLink("r2", "Ethernet2").isEmpty(), "c2~rev has no destination interface");
        assertTrue(ix.find("r1", "Ethernet1").isEmpty(), "interface names are per device");
        assertEquals(3, ix.interfaceCount());
    }

    @Test
    void gnmiSourcesMapToDevices() {
        assertEquals("r1", InterfaceIndex.deviceName("r1:57400"));
        assertEquals("r1.example.net", InterfaceIndex.deviceName("r1.example.net:6030"));
        assertEquals("2001:db8::1", InterfaceIndex.deviceName("[2001:db8::1]:57400"));
        assertEquals("2001:db8::1", InterfaceIndex.deviceName("2001:db8::1"));
        assertEquals("r1", InterfaceIndex.deviceName("r1"));
        InterfaceIndex ix = InterfaceIndex.of(net());
        assertEquals("c1", ix.outLink("r1:57400", "et-0/0/0").orElseThrow().id());
        assertEquals("r2", ix.node("r2:9339").orElseThrow());
        assertTrue(ix.node("r9:9339").isEmpty());
    }

    @Test
    void addressesResolveToTheInterfaceWhateverTheirSpelling() {
        InterfaceIndex ix = InterfaceIndex.of(net());
        InterfaceIndex.Match m = ix.findByAddress("10.0.0.1").orElseThrow();
        assertEquals("r2", m.device());
        assertEquals("Ethernet1", m.interfaceName());
        assertEquals("c1~rev", m.outLink().id());
        assertEquals("c1", m.inLink().id());
        assertEquals("et-0/0/0", ix.findByAddress("2001:DB8:0::0/64").orElseThrow().interfaceName());
        assertTrue(ix.findByAddress("10.0.0.2").isEmpty());
        assertTrue(ix.findByAddress("not an address").isEmpty());
    }

    @Test
    void unknownDevicesAndInterfacesAreReportedPerDevice() {
        InterfaceIndex ix = InterfaceIndex.of(net());
        List<InterfaceIndex.InterfaceRef> refs = List.of(
                new InterfaceIndex.InterfaceRef("r1:57400", "et-0/0/0"),
                new InterfaceIndex.InterfaceRef("r1", "et-0/0/9"),
                new InterfaceIndex.InterfaceRef("r2", "Ethernet9"),
                new InterfaceIndex.InterfaceRef("r2:57400", "Ethernet3"),
                new InterfaceIndex.InterfaceRef("r1", "lo0"),
                new InterfaceIndex.InterfaceRef("r7:57400", "et-0/0/0"),
                new InterfaceIndex.InterfaceRef("r2", "Ethernet1"));
        InterfaceIndex.Resolution r = ix.resolveAll(refs);
        assertEquals(Set.of(refs.get(0), refs.get(6)), r.found().keySet());
        assertEquals(Set.of("r7:57400"), r.unknownDevices());
        assertEquals(Map.of("r1", new TreeSet<>(List.of("et-0/0/9", "lo0")),
                "r2", new TreeSet<>(List.of("Ethernet3", "Ethernet9"))), r.unknownInterfaces());
        SortedSet<String> r1 = r.unknownInterfaces().get("r1");
        assertEquals("et-0/0/9", r1.first());
        assertTrue(!r.complete());
        assertTrue(ix.resolveAll(List.of(refs.get(0))).complete());
    }

    @Test
    void twoLinksOnOneInterfaceAreRefusedNamingBoth() {
        Network n = net();
        Link dup = new Link("c3", "r1", "r3", 1e9, 1).withEnds(LinkEnd.of("et-0/0/0"), LinkEnd.NONE);
        List<Link> links = new java.util.ArrayList<>(n.links());
        links.add(dup);
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> new Network("n", n.nodes(), links, List.of()));
        assertTrue(e.getMessage().contains("'c1'") && e.getMessage().contains("'c3'"), e.getMessage());
        assertTrue(e.getMessage().contains("et-0/0/0"), e.getMessage());

        Link sameAddress = new Link("c3", "r3", "r1", 1e9, 1).withEnds(LinkEnd.of("ge-0", List.of("10.0.0.1/31")),
                LinkEnd.NONE);
        List<Link> links2 = new java.util.ArrayList<>(n.links());
        links2.add(sameAddress);
        InvalidNetworkException e2 = assertThrows(InvalidNetworkException.class,
                () -> new Network("n", n.nodes(), links2, List.of()));
        assertTrue(e2.getMessage().contains("10.0.0.1"), e2.getMessage());
        assertTrue(e2.getMessage().contains("c1") && e2.getMessage().contains("c3"), e2.getMessage());

        // the same interface name on two different devices is fine
        Link other = new Link("c3", "r3", "r1", 1e9, 1).withEnds(LinkEnd.of("Ethernet1"), LinkEnd.NONE);
        List<Link> links3 = new java.util.ArrayList<>(n.links());
        links3.add(other);
        assertEquals("c3", InterfaceIndex.of(new Network("n", n.nodes(), links3, List.of()))
                .outLink("r3", "Ethernet1").orElseThrow().id());
    }
}
