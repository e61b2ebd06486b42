package io.twinloop.twin.store;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.Coordinates;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCodecTest {

    @Test
    void networkRoundTripsExactlyIncludingUnknownLatencyAndMissingCoordinates() {
        Network n = new Network("x",
                List.of(new Node("A", new Coordinates(-122.33, 47.61)), new Node("B", null)),
                List.of(new Link("A->B", "A", "B", 9.92e9, 3.5, Double.NaN, 0),
                        new Link("B->A", "B", "A", 2.48e9, 1, 12.25, 150)),
                List.of(new Demand("A", "B", 1.5e6)));
        Network back = SnapshotCodec.decode("x", SnapshotCodec.encode(n));
        assertEquals(n.nodes(), back.nodes());
        assertNull(back.nodes().get(1).coordinates());
        assertEquals(n.demands(), back.demands());
        assertEquals(2, back.links().size());
        assertTrue(Double.isNaN(back.links().get(0).latencyMs()));
        assertEquals(n.links().get(1), back.links().get(1));
        assertEquals(3.5, back.links().get(0).igpWeight());
    }

    @Test
    void interfaceNamesAndAddressesRoundTripAndOldSnapshotsReadBackUnchanged() {
        Link a = new Link("c1", "A", "B", 100e9, 10).withEnds(
                LinkEnd.of("et-0/0/0", List.of("192.0.2.0/31", "2001:db8::/127")), LinkEnd.of("Ethernet1/1"));
        Network n = new Network("x", List.of(new Node("A", null), new Node("B", null)),
                List.of(a, new Link("c1~rev", "B", "A", 100e9, 10).withEnds(a.dstEnd(), a.srcEnd())), List.of());
        Network back = SnapshotCodec.decode("x", SnapshotCodec.encode(n));
        assertEquals(n.links(), back.links());
        assertEquals("Ethernet1/1", back.links().get(1).srcEnd().interfaceName());

        // a snapshot document as stored before links had ends
        String old = "{\"nodes\":[{\"name\":\"A\",\"coordinates\":null},{\"name\":\"B\",\"coordinates\":null}],"
                + "\"links\":[{\"id\":\"A->B\",\"src\":\"A\",\"dst\":\"B\",\"capacityBps\":9.92E9,\"igpWeight\":3.5,"
                + "\"latencyMs\":\"NaN\",\"powerW\":0.0,\"srlgs\":[],\"adminState\":\"UP\",\"operState\":\"UP\"}],"
                + "\"demands\":[],\"pathPolicies\":[]}";
        Network legacy = SnapshotCodec.decode("x", old);
        assertEquals(List.of(new Link("A->B", "A", "B", 9.92e9, 3.5, Double.NaN, 0)), legacy.links());
        assertEquals(LinkEnd.NONE, legacy.links().get(0).srcEnd());
        // and a network without ends is stored exactly as before
        assertEquals(old, SnapshotCodec.encode(legacy));
    }

    @Test
    void odPairsRoundTripInOrder() {
        List<OdPair> pairs = List.of(new OdPair("b", "a"), new OdPair("a", "b"));
        assertEquals(pairs, SnapshotCodec.decodePairs(SnapshotCodec.encodePairs(pairs)));
    }

    @Test
    void timeLabelsOfTheSharedCsvLayoutsAndTheirStep() {
        assertEquals(1078099500L, TimeLabels.epochSeconds("20040301-0005").orElseThrow());
        assertEquals(1107216000L, TimeLabels.epochSeconds("20050201").orElseThrow());
        assertEquals(1078099500L, TimeLabels.epochSeconds("2004-03-01T00:05:00Z").orElseThrow());
        assertTrue(TimeLabels.epochSeconds("yesterday").isEmpty());
        assertEquals(900, TimeLabels.stepSeconds(List.of("20050504-1500", "20050504-1515", "20050504-1530", "20050504-1600")));
        assertEquals(0, TimeLabels.stepSeconds(List.of("20050504-1500")));
    }
}
