package io.twinloop.model.io;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SndlibXmlImporterTest {

    static Network load(String name) {
        return new SndlibXmlImporter().read(name, SharedData.bytes("topologies/sndlib/" + name + ".xml"));
    }

    /** Counts from README 1.1: nodes | links | demands; demands after summing duplicate pairs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "abilene,12,15,132", "atlanta,15,22,210", "brain,161,332,14311", "dfn-bwin,10,45,90",
            "dfn-gwin,11,47,110", "di-yuan,11,42,22", "france,25,45,300", "geant,22,36,462",
            "germany50,50,88,662", "giul39,39,172,1471", "janos-us,26,84,650", "janos-us-ca,39,122,1482",
            "newyork,16,49,240", "nobel-germany,17,26,121", "nobel-us,14,21,91", "norway,27,51,702",
            "pdh,11,34,24", "polska,12,18,66", "sun,27,102,67",
            // ta1, ta2 and zib54 repeat (source, target) pairs; README: 396, 1869, 1501 demand entries
            "ta1,24,55,326", "ta2,65,108,1614", "zib54,54,81,1246"})
    void everySndlibInstanceParsesWithTheDocumentedCounts(String name, int nodes, int links, int demandPairs) {
        byte[] raw = SharedData.bytes("topologies/sndlib/" + name + ".xml");
        Network n = new SndlibXmlImporter().read(name, raw);
        assertEquals(name, n.name());
        assertEquals(nodes, n.nodes().size(), "nodes");
        assertEquals(2 * links, n.links().size(), "each undirected link becomes two directed links");
        assertEquals(demandPairs, n.demands().size(), "demands after summing duplicate pairs");

        // total demand equals the sum of every <demandValue> in the file (independent regex count)
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        double unit = text.contains("<unit>BITSPERSEC</unit>") ? 1 : 1e6;
        double expected = 0;
        Matcher mm = Pattern.compile("<demandValue>([^<]+)</demandValue>").matcher(text);
        int entries = 0;
        while (mm.find()) {
            expected += Double.parseDouble(mm.group(1).trim()) * unit;
            entries++;
        }
        assertTrue(entries >= demandPairs);
        assertEquals(expected, n.totalDemandBps(), expected * 1e-12, "total demand");

        // every link X has a reverse X~rev with swapped endpoints and the same capacity and weight
        for (int i = 0; i < n.links().size(); i += 2) {
            Link fwd = n.links().get(i);
            Link rev = n.links().get(i + 1);
            assertEquals(fwd.id() + "~rev", rev.id());
            assertEquals(fwd.src(), rev.dst());
            assertEquals(fwd.dst(), rev.src());
            assertEquals(fwd.capacityBps(), rev.capacityBps());
            assertEquals(fwd.igpWeight(), rev.igpWeight());
            assertTrue(fwd.capacityBps() > 0, "every SNDlib link has module capacities");
        }
    }

    @Test
    void abileneCapacitiesDirectionAndDemands() {
        Network n = load("abilene");
        long full = n.links().stream().filter(l -> l.capacityBps() == 9.92e9).count();
        long thin = n.links().stream().filter(l -> l.capacityBps() == 2.48e9).count();
        assertEquals(28, full);
        assertEquals(2, thin);
        Link thinLink = n.link("ATLAng_IPLSng").orElseThrow();
        assertEquals(2.48e9, thinLink.capacityBps());
        // the id runs against the direction: ATLAM5_ATLAng has source ATLAng and target ATLAM5
        Link l = n.link("ATLAM5_ATLAng").orElseThrow();
        assertEquals("ATLAng", l.src());
        assertEquals("ATLAM5", l.dst());
        Link r = n.link("ATLAM5_ATLAng~rev").orElseThrow();
        assertEquals("ATLAM5", r.src());
        assertEquals("ATLAng", r.dst());
        assertTrue(n.links().stream().allMatch(x -> x.igpWeight() == 1.0), "no routingCost -> weight 1");
        // geographic coordinates: latency = great-circle fibre latency (checked independently in GeoTest)
        assertTrue(n.links().stream().allMatch(x -> x.latencyMs() > 0 && Double.isFinite(x.latencyMs())));
        assertEquals(io.twinloop.model.Geo.propagationLatencyMs(n.node("ATLAng").orElseThrow().coordinates(),
                n.node("ATLAM5").orElseThrow().coordinates()), l.latencyMs(), 1e-12);
        // power from capacity: P0 + k C per directed link
        assertEquals(20.0 + 2.48, thinLink.powerW(), 1e-9);
        assertEquals(-84.3833, n.node("ATLAM5").orElseThrow().coordinates().longitude());
        assertEquals(33.75, n.node("ATLAM5").orElseThrow().coordinates().latitude());
        // first demand of the file: IPLSng -> STTLng 3580.0 Mbit/s
        assertEquals(new Demand("IPLSng", "STTLng", 3.58e9), n.demands().get(0));
        List<String> names = n.nodes().stream().map(x -> x.name()).toList();
        assertEquals(List.of("ATLAM5", "ATLAng", "CHINng", "DNVRng", "HSTNng", "IPLSng", "KSCYng", "LOSAng",
                "NYCMng", "SNVAng", "STTLng", "WASHng"), names);
    }

    @Test
    void brainIsInBitsPerSecondAndListsLinksOncePerDirection() {
        Network n = load("brain");
        // HU_HU5: addModules 1.0E9 and 1.0E10 in BITSPERSEC -> capacity is the largest option, unscaled
        Link l = n.link("HU_HU5").orElseThrow();
        assertEquals("HU", l.src());
        assertEquals("HU5", l.dst());
        assertEquals(1.0e10, l.capacityBps());
        Demand d = n.demands().stream().filter(x -> x.src().equals("ADH10") && x.dst().equals("ADH11"))
                .findFirst().orElseThrow();
        assertEquals(3.0, d.rateBps(), "demandValue 3.0 in BITSPERSEC stays 3 bit/s");
        // brain lists each link once per direction, so the doubling rule gives parallel links
        Map<String, Integer> perPair = new HashMap<>();
        for (Link x : n.links()) {
            perPair.merge(x.src() + ">" + x.dst(), 1, Integer::sum);
        }
        assertTrue(perPair.values().stream().anyMatch(c -> c >= 2), "expected parallel links in brain");
    }

    @Test
    void atlantaAndNewyorkUseRoutingCost() {
        Network atlanta = load("atlanta");
        Link l1 = atlanta.link("L1").orElseThrow();
        assertEquals(67.8, l1.igpWeight());
        assertEquals(11000e6, l1.capacityBps());
        assertEquals("N1", l1.src());
        assertEquals("N6", l1.dst());
        assertTrue(atlanta.links().stream().allMatch(x -> x.igpWeight() == 67.8));
        Network ny = load("newyork");
        assertTrue(ny.links().stream().allMatch(x -> x.igpWeight() == 2.0));
    }

    @Test
    void capacityRules() {
        // geant: only additional modules (40000 Mbit/s) -> the largest option
        Network geant = load("geant");
        assertEquals(40000e6, geant.link("at1.at_ch1.ch").orElseThrow().capacityBps());
        // ta2: preInstalledModule 504000 wins over the larger addModule options (up to 1.1088E7)
        Network ta2 = load("ta2");
        assertEquals(504000e6, ta2.link("L3_N5_N51").orElseThrow().capacityBps());
        assertEquals(1.1088e7 * 1e6, ta2.link("L1_N1_N31").orElseThrow().capacityBps());
        // dfn-gwin: preinstalled 622 Mbit/s on Frankfurt_IP (source IP, target Frankfurt)
        Network gwin = load("dfn-gwin");
        Link f = gwin.link("Frankfurt_IP").orElseThrow();
        assertEquals("IP", f.src());
        assertEquals("Frankfurt", f.dst());
        assertEquals(622e6, f.capacityBps());
    }

    @Test
    void duplicateDemandsAreSummed() {
        Network zib = load("zib54");
        Demand d = zib.demands().stream().filter(x -> x.src().equals("N26") && x.dst().equals("N23"))
                .findFirst().orElseThrow();
        assertEquals((484.0 + 455.0) * 1e6, d.rateBps(), 1e-3);
        assertEquals(1, zib.demands().stream().filter(x -> x.src().equals("N26") && x.dst().equals("N23")).count());
    }

    @Test
    void pixelCoordinatesAreKept() {
        Network atlanta = load("atlanta");
        assertNotNull(atlanta.nodes().get(0).coordinates());
    }
}
