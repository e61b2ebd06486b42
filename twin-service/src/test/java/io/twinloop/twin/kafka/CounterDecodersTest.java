package io.twinloop.twin.kafka;

import io.twinloop.model.InterfaceIndex;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.telemetry.SampleOutcome;
import io.twinloop.twin.telemetry.DataQuality;
import io.twinloop.twin.telemetry.LinkSample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counter formats' decoders on a two-router network (r1 Ethernet1 -> r2 Ethernet2 is "l12", back is "l21"),
 * every rate computed by hand: gnmic events and Telegraf JSON metrics (gnmi and snmp inputs, seconds and
 * nanosecond timestamps, a batch, a 32-bit SNMP wrap, a marked reset), unknown interfaces counted, malformed
 * messages refused before any counter state changes.
 */
class CounterDecodersTest {
    private static final long T0 = 1_700_000_000L; // seconds

    private final Map<SampleOutcome, Integer> outcomes = new EnumMap<>(SampleOutcome.class);
    private final List<String> unknown = new ArrayList<>();
    private final DataQuality quality = new DataQuality();

    private CounterFeed feed() {
        Network net = new Network("two", List.of(new Node("r1"), new Node("r2")), List.of(
                new Link("l12", "r1", "r2", 1e9, 1).withEnds(LinkEnd.of("Ethernet1"), LinkEnd.of("Ethernet2")),
                new Link("l21", "r2", "r1", 1e9, 1).withEnds(LinkEnd.of("Ethernet2"), LinkEnd.of("Ethernet1"))), List.of());
        InterfaceIndex index = InterfaceIndex.of(net);
        return new CounterFeed("two", () -> index, new CounterFeed.Counts() {
            @Override
            public void counter(SampleOutcome outcome) {
                outcomes.merge(outcome, 1, Integer::sum);
            }

            @Override
            public void unknown(String device, String iface) {
                unknown.add(device + "/" + iface);
            }
        }, quality);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void sample(LinkSample s, String link, long timeMs, double bps) {
        assertEquals(link, s.linkId(), s.toString());
        assertEquals(timeMs, s.timeUnixMs(), s.toString());
        assertEquals(bps, s.rateBps(), 1e-9 * bps, s.toString());
    }

    private static String telegrafGnmi(long ts, String source, String iface, long out, long in) {
        return "{\"fields\": {\"out-octets\": " + out + ", \"in-octets\": " + in + ", \"in-errors\": 0},"
                + " \"name\": \"ifcounters\", \"tags\": {\"host\": \"collector\", \"name\": \"" + iface + "\","
                + " \"path\": \"openconfig-interfaces:/interfaces/interface/state/counters\", \"source\": \"" + source + "\"},"
                + " \"timestamp\": " + ts + "}";
    }

    @Test
    void telegrafGnmiMetricsInSecondsAndNanosecondsBecomeRates() throws Exception {
        TelegrafJsonDecoder d = new TelegrafJsonDecoder(feed());
        assertEquals(List.of(), d.decode(utf8(telegrafGnmi(T0, "10.0.0.1:57400", "Ethernet1", 1000, 0))), "baseline");
        assertEquals(List.of("10.0.0.1/Ethernet1", "10.0.0.1/Ethernet1"), unknown, "an address that is no node: counted");
        unknown.clear();
        assertEquals(List.of(), d.decode(utf8(telegrafGnmi(T0, "r1:57400", "Ethernet1", 1000, 0))));
        // 30 s later +37,500,000 octets: 10 Mbit/s on l12, stamped with the later sample
        List<LinkSample> s = d.decode(utf8(telegrafGnmi(T0 + 30, "r1:57400", "Ethernet1", 37_501_000, 0)));
        assertEquals(1, s.size());
        sample(s.get(0), "l12", (T0 + 30) * 1000, 1e7);
        // the same counter in ns: +5 s, +625,000 octets = 1 Mbit/s
        s = d.decode(utf8(telegrafGnmi((T0 + 35) * 1_000_000_000L, "r1", "Ethernet1", 38_126_000, 0)));
        sample(s.get(0), "l12", (T0 + 35) * 1000, 1e6);
        assertTrue(unknown.isEmpty(), unknown.toString());
    }

    @Test
    void telegrafSnmpBatchWraps32BitCountersAndHonoursTheDiscontinuityMarker() throws Exception {
        TelegrafJsonDecoder d = new TelegrafJsonDecoder(feed());
        String first = "{\"metrics\": ["
                + "{\"fields\": {\"ifOutOctets\": 4294967000, \"ifCounterDiscontinuityTime\": 0}, \"name\": \"interface\","
                + " \"tags\": {\"agent_host\": \"192.0.2.2\", \"hostname\": \"r2\", \"ifName\": \"Ethernet2\"}, \"timestamp\": " + T0 + "},"
                + "{\"fields\": {\"sysUpTime\": 12345}, \"name\": \"snmp\", \"tags\": {\"agent_host\": \"192.0.2.2\"}, \"timestamp\": " + T0 + "}]}";
        assertEquals(List.of(), d.decode(utf8(first)), "baseline; the other measurement is ignored");
        // 10 s later the 32-bit counter wrapped: 4294967296 - 4294967000 + 1204 = 1500 octets -> 1200 bit/s on l21
        List<LinkSample> s = d.decode(utf8("{\"fields\": {\"ifOutOctets\": 1204, \"ifCounterDiscontinuityTime\": 0},"
                + " \"name\": \"interface\", \"tags\": {\"hostname\": \"r2\", \"ifName\": \"Ethernet2\"}, \"timestamp\": " + (T0 + 10) + "}"));
        sample(s.get(0), "l21", (T0 + 10) * 1000, 1200);
        assertEquals(1, outcomes.get(SampleOutcome.WRAP));
        assertEquals(1, quality.of("two", "l21").wraps());
        // the agent reports a discontinuity: no rate, counted as a marked reset
        s = d.decode(utf8("{\"fields\": {\"ifOutOctets\": 5000, \"ifCounterDiscontinuityTime\": 777},"
                + " \"name\": \"interface\", \"tags\": {\"hostname\": \"r2\", \"ifName\": \"Ethernet2\"}, \"timestamp\": " + (T0 + 20) + "}"));
        assertEquals(List.of(), s);
        assertEquals(1, outcomes.get(SampleOutcome.RESET_MARKED));
        assertEquals(1, quality.of("two", "l21").resets());
    }

    @Test
    void gnmicEventsInOctetsAreNotStoredAndMalformedMessagesChangeNothing() throws Exception {
        GnmicEventDecoder d = new GnmicEventDecoder(feed());
        String ev = "{\"name\": \"sub\", \"timestamp\": %d, \"tags\": {\"source\": \"r2:6030\", \"interface_name\": \"Ethernet2\"},"
                + " \"values\": {\"/interfaces/interface/state/counters/in-octets\": %d,"
                + " \"/interfaces/interface/state/counters/out-octets\": %d}}";
        long ns = T0 * 1_000_000_000L;
        assertEquals(List.of(), d.decode(utf8("[" + String.format(ev, ns, 0, 0) + "]")));
        // a malformed message (second event without timestamp) is refused whole: the first event's counters do not move
        assertThrows(MalformedMessageException.class, () -> d.decode(utf8("[" + String.format(ev, ns + 5_000_000_000L, 10, 10)
                + ", {\"tags\": {\"source\": \"r2\"}, \"values\": {}}]")));
        assertThrows(MalformedMessageException.class, () -> d.decode(utf8("[" + String.format(ev, ns, 0, 0).replace(": 0}}", ": -5}}") + "]")));
        // 10 s after the baseline: out +1,250,000 = 1 Mbit/s on l21; in-octets (l12's far end) are not stored
        List<LinkSample> s = d.decode(utf8("[" + String.format(ev, ns + 10_000_000_000L, 2_500_000, 1_250_000) + "]"));
        assertEquals(1, s.size(), s.toString());
        sample(s.get(0), "l21", (T0 + 10) * 1000, 1e6);
        assertEquals(2, outcomes.get(SampleOutcome.RATE), "both counters gave a rate");
        // the data quality: l21's source end says 1 Mbit/s; l12's destination end (r2's in-octets) 2 Mbit/s
        assertEquals(1e6, quality.of("two", "l21").outBps(), 1e-6);
        assertEquals(2e6, quality.of("two", "l12").inBps(), 1e-6);
        assertEquals(-1, quality.of("two", "l12").disagreement(), "l12's source end has not reported");
    }

    @Test
    void timestampsAreReadInTheirUnit() {
        assertEquals(1_700_000_000_000_000_000L, TelegrafJsonDecoder.nanos(1_700_000_000L));
        assertEquals(1_700_000_000_123_000_000L, TelegrafJsonDecoder.nanos(1_700_000_000_123L));
        assertEquals(1_700_000_000_123_456_000L, TelegrafJsonDecoder.nanos(1_700_000_000_123_456L));
        assertEquals(1_700_000_000_123_456_789L, TelegrafJsonDecoder.nanos(1_700_000_000_123_456_789L));
    }
}
