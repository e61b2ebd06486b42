package io.twinloop.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interface names and addresses on links: validation, copies, JSON compatibility. */
class LinkEndsTest {

    /** Configured like twin-service's SnapshotCodec. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final LinkEnd ET0 = LinkEnd.of("et-0/0/0", List.of("192.0.2.0/31", "2001:db8:0:1::/127"));
    private static final LinkEnd ETH1 = LinkEnd.of("Ethernet1/1", List.of("192.0.2.1/31"));

    @Test
    void oldConstructorsGiveNoEndsAndCopiesKeepThem() {
        Link plain = new Link("a", "A", "B", 10e9, 1);
        assertSame(LinkEnd.NONE, plain.srcEnd());
        assertSame(LinkEnd.NONE, plain.dstEnd());
        Link l = plain.withEnds(ET0, ETH1);
        for (Link c : List.of(l.withIgpWeight(7), l.withCapacityBps(1e9), l.withLatencyMs(3), l.withPowerW(2),
                l.withSrlgs(List.of("duct")), l.withAdminState(LinkState.SLEEP), l.withOperState(LinkState.DOWN))) {
            assertEquals(ET0, c.srcEnd(), c.toString());
            assertEquals(ETH1, c.dstEnd(), c.toString());
        }
        assertEquals(LinkEnd.NONE, l.withEnds(null, null).srcEnd());
    }

    @Test
    void badNamesAndAddressesAreRefused() {
        assertThrows(InvalidNetworkException.class, () -> LinkEnd.of(" "));
        for (String bad : List.of("", "1.2.3", "1.2.3.256", "1.2.3.4/33", "1.2.3.4/", "2001:db8::1::2", "2001:db8::g",
                "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%eth0", "2001:db8::1/129", "r1.example.net", "01234.1.1.1")) {
            InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                    () -> LinkEnd.of("x", List.of(bad)), bad);
            assertEquals("addresses[0]", e.field(), bad);
        }
        InvalidNetworkException dup = assertThrows(InvalidNetworkException.class,
                () -> LinkEnd.of("x", List.of("2001:db8::1/64", "2001:DB8:0:0::1")));
        assertTrue(dup.reason().contains("duplicate"), dup.getMessage());
        assertEquals(List.of("::ffff:192.0.2.1", "::", "1:2:3:4:5:6:7:8/128"),
                LinkEnd.of(null, List.of("::ffff:192.0.2.1", "::", "1:2:3:4:5:6:7:8/128")).addresses());
    }

    @Test
    void addressKeysIgnoreCasePrefixAndZeroCompression() {
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddresses.hostKey("2001:DB8::1/64"));
        assertEquals("2001:db8:0:0:0:0:0:1", IpAddresses.hostKey("2001:0db8:0000:0:0:0:0:0001"));
        assertEquals("0:0:0:0:0:ffff:c000:201", IpAddresses.hostKey("::ffff:192.0.2.1"));
        assertEquals("10.0.0.1", IpAddresses.hostKey("010.0.0.1/8"));
    }

    @Test
    void jsonRoundTripsEndsAndOmitsUnknownOnes() throws Exception {
        Link l = new Link("x", "A", "B", 1e9, 2, Double.NaN, 21, List.of("duct-7"), LinkState.SLEEP, LinkState.DOWN,
                ET0, LinkEnd.of("xe-1/0/0"));
        Link back = JSON.readValue(JSON.writeValueAsString(l), Link.class);
        assertEquals(ET0, back.srcEnd());
        assertEquals(LinkEnd.of("xe-1/0/0"), back.dstEnd());
        assertEquals(l.withLatencyMs(0), back.withLatencyMs(0));

        Link plain = new Link("A->B", "A", "B", 9.92e9, 3.5, Double.NaN, 0);
        String written = JSON.writeValueAsString(plain);
        assertFalse(written.contains("End"), written);
        // a half-known link writes only the known end
        String half = JSON.writeValueAsString(plain.withEnds(LinkEnd.NONE, LinkEnd.of("ge-0/0/1")));
        assertFalse(half.contains("srcEnd"), half);
        assertTrue(half.contains("\"dstEnd\":{\"interfaceName\":\"ge-0/0/1\""), half);
    }

    @Test
    void documentsWrittenBeforeEndsExistedReadBackUnchanged() throws Exception {
        // exactly what the previous version wrote for a link (derived property included)
        String old = "{\"id\":\"A->B\",\"src\":\"A\",\"dst\":\"B\",\"capacityBps\":9.92E9,\"igpWeight\":3.5,"
                + "\"latencyMs\":12.5,\"powerW\":40.0,\"srlgs\":[\"duct-7\"],\"adminState\":\"UP\","
                + "\"operState\":\"DOWN\"}";
        Link o = JSON.readValue(old, Link.class);
        assertEquals(new Link("A->B", "A", "B", 9.92e9, 3.5, 12.5, 40, List.of("duct-7"), LinkState.UP,
                LinkState.DOWN), o);
        assertSame(LinkEnd.NONE, o.srcEnd());
        assertSame(LinkEnd.NONE, o.dstEnd());
        assertEquals(old, JSON.writeValueAsString(o), "a link without ends is written as before");
        // an end written with null members reads as NONE-like values
        Link n = JSON.readValue("{\"id\":\"a\",\"src\":\"A\",\"dst\":\"B\",\"capacityBps\":1,\"igpWeight\":1,"
                + "\"latencyMs\":1,\"powerW\":0,\"srcEnd\":{\"interfaceName\":null,\"addresses\":null}}", Link.class);
        assertNull(n.srcEnd().interfaceName());
        assertTrue(n.srcEnd().unknown());
    }
}
