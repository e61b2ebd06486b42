package io.twinloop.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.twinloop.model.io.SndlibXmlImporter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeoPowerLinkTest {

    /** Configured like twin-service's SnapshotCodec. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void haversineMatchesAKnownCityPair() {
        // London (Charing Cross) - Paris (Notre-Dame): 343.5 km great-circle, as published
        Coordinates london = new Coordinates(-0.1278, 51.5074);
        Coordinates paris = new Coordinates(2.3522, 48.8566);
        assertEquals(343.5, Geo.distanceKm(london, paris), 0.6);
        assertEquals(Geo.distanceKm(london, paris), Geo.distanceKm(paris, london), 1e-9);
        // New York JFK - London Heathrow: 5,540 km (published great-circle distance, +- 10 km)
        assertEquals(5540, Geo.distanceKm(new Coordinates(-73.7781, 40.6413), new Coordinates(-0.4543, 51.4700)), 10);
        // latency: 343.5 km at 199,861.64 km/s = 1.7187 ms
        assertEquals(1.7187, Geo.propagationLatencyMs(london, paris), 0.003);
        // a quarter of the equator: pi/2 R exactly
        assertEquals(Math.PI / 2 * 6371.0088, Geo.distanceKm(new Coordinates(0, 0), new Coordinates(90, 0)), 1e-9);
        assertThrows(InvalidNetworkException.class, () -> Geo.distanceKm(new Coordinates(500, 0), london));
    }

    @Test
    void importersSetLatencyOnlyForGeographicCoordinates() {
        Network atlanta = new SndlibXmlImporter().read("atlanta", SharedData.bytes("topologies/sndlib/atlanta.xml"));
        assertTrue(atlanta.links().stream().noneMatch(Link::hasLatency), "pixel coordinates give no latency");
        Network geant = new SndlibXmlImporter().read("geant", SharedData.bytes("topologies/sndlib/geant.xml"));
        assertTrue(geant.links().stream().allMatch(l -> l.hasLatency() && l.latencyMs() > 0 && l.latencyMs() < 40), "at most New York - Europe, 6,200 km");
        assertTrue(geant.links().stream().allMatch(l -> l.powerW() == 20 + l.capacityBps() / 1e9));
    }

    @Test
    void powerByStateAddsUpByHand() {
        Link tenG = new Link("a", "A", "B", 10e9, 1);
        Link hundredGSleeping = new Link("b", "B", "A", 100e9, 1).withAdminState(LinkState.SLEEP);
        Link fortyGDown = new Link("c", "A", "C", 40e9, 1).withOperState(LinkState.DOWN);
        Link given = new Link("d", "C", "A", 10e9, 1, Double.NaN, 50);
        assertEquals(30.0, PowerModel.powerW(tenG), 1e-12);               // 20 + 10
        assertEquals(12.0, PowerModel.powerW(hundredGSleeping), 1e-12);   // 0.1 x (20 + 100)
        assertEquals(0.0, PowerModel.powerW(fortyGDown), 1e-12);
        assertEquals(50.0, PowerModel.powerW(given), 1e-12);               // the link's own figure
        assertEquals(60.0, PowerModel.physicalLinkPowerW(10e9), 1e-12);   // 2 (20 + 10)
        assertTrue(tenG.carriesTraffic());
        assertFalse(hundredGSleeping.carriesTraffic());
        assertFalse(fortyGDown.carriesTraffic());
    }

    @Test
    void linkJsonRoundTripsAndOldDocumentsReadAsUp() throws Exception {
        Link full = new Link("x", "A", "B", 1e9, 2, Double.NaN, 21, List.of("duct-7", "cable-2"), LinkState.SLEEP,
                LinkState.DOWN);
        Link back = JSON.readValue(JSON.writeValueAsString(full), Link.class);
        assertEquals(full.srlgs(), back.srlgs());
        assertEquals(LinkState.SLEEP, back.adminState());
        assertEquals(LinkState.DOWN, back.operState());
        assertTrue(Double.isNaN(back.latencyMs()));
        // a document written before srlgs/adminState/operState existed (with a derived property)
        String old = "{\"id\":\"A->B\",\"src\":\"A\",\"dst\":\"B\",\"capacityBps\":9.92E9,\"igpWeight\":3.5,"
                + "\"latencyMs\":\"NaN\",\"powerW\":0.0,\"hasLatency\":false}";
        Link o = JSON.readValue(old, Link.class);
        assertEquals(new Link("A->B", "A", "B", 9.92e9, 3.5, Double.NaN, 0), o);
        assertEquals(List.of(), o.srlgs());
        assertEquals(LinkState.UP, o.adminState());
        assertEquals(LinkState.UP, o.operState());
        assertThrows(InvalidNetworkException.class, () -> tenG().withSrlgs(List.of("a", "a")));
    }

    private static Link tenG() {
        return new Link("a", "A", "B", 10e9, 1);
    }
}
