package io.twinloop.twin.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinloop.model.telemetry.CounterKind;
import io.twinloop.model.telemetry.CounterRateConverter;
import io.twinloop.model.telemetry.CounterWidth;
import io.twinloop.twin.telemetry.LinkSample;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;


/**
 * Format {@code telegraf-json}: Telegraf's JSON serializer, one metric {@code {"fields", "name", "tags",
 * "timestamp"}} per message or a batch {@code {"metrics": [...]}}, from its {@code gnmi} and {@code snmp} inputs:
 * <ul>
 *   <li><b>timestamp</b>: seconds by default ({@code json_timestamp_units = "1s"}); milli-, micro- and nanoseconds
 *       are told apart by magnitude (a value below 1e11 is seconds, below 1e14 ms, below 1e17 µs, else ns). Set
 *       {@code json_timestamp_units = "1ms"} or finer: with whole seconds, rates are over whole seconds;</li>
 *   <li><b>device</b>: tag {@code source} (gnmi: the target's address, {@code :port} stripped), else {@code hostname},
 *       else {@code agent_host} (snmp); <b>interface</b>: tag {@code name} (gnmi: the interface key), else
 *       {@code ifName}, else {@code ifDescr}, else {@code interface_name};</li>
 *   <li><b>counters</b>: fields {@code out-octets} / {@code out_octets} (gnmi, 64-bit), {@code ifHCOutOctets} (snmp,
 *       64-bit), {@code ifOutOctets} (snmp, 32-bit: wraps every 2^32 octets), and the {@code in} ones alike; the
 *       discontinuity marker is field {@code last-clear} (a number or an RFC 3339 time) or
 *       {@code ifCounterDiscontinuityTime}. Out-octets become the rate of the link whose source end is the
 *       interface ({@link CounterFeed}).</li>
 * </ul>
 * A metric without counter fields (another measurement) is ignored. A message that is not JSON, not a metric or a
 * batch of them, or has a counter without a device, a timestamp or a readable value is malformed (dead-lettered).
 */
final class TelegrafJsonDecoder implements MessageDecoder {
    private static final List<String> DEVICE_TAGS = List.of("source", "hostname", "agent_host");
    private static final List<String> INTERFACE_TAGS = List.of("name", "ifName", "ifDescr", "interface_name");

    private record Counter(String field, CounterKind kind, CounterWidth width) {
    }

    private static final List<Counter> COUNTERS = List.of(
            new Counter("out-octets", CounterKind.OUT_OCTETS, CounterWidth.BITS_64),
            new Counter("out_octets", CounterKind.OUT_OCTETS, CounterWidth.BITS_64),
            new Counter("ifHCOutOctets", CounterKind.OUT_OCTETS, CounterWidth.BITS_64),
            new Counter("ifOutOctets", CounterKind.OUT_OCTETS, CounterWidth.BITS_32),
            new Counter("in-octets", CounterKind.IN_OCTETS, CounterWidth.BITS_64),
            new Counter("in_octets", CounterKind.IN_OCTETS, CounterWidth.BITS_64),
            new Counter("ifHCInOctets", CounterKind.IN_OCTETS, CounterWidth.BITS_64),
            new Counter("ifInOctets", CounterKind.IN_OCTETS, CounterWidth.BITS_32));

    private final CounterFeed feed;

    TelegrafJsonDecoder(CounterFeed feed) {
        this.feed = feed;
    }

    @Override
    public List<LinkSample> decode(byte[] value) throws MalformedMessageException {
        JsonNode root = CounterFeed.json(value);
        List<JsonNode> metrics = new ArrayList<>();
        if (root != null && root.isObject() && root.path("metrics").isArray()) {
            root.path("metrics").forEach(metrics::add);
        } else if (root != null && root.isObject()) {
            metrics.add(root);
        } else if (root != null && root.isArray()) {
            root.forEach(metrics::add);
        } else {
            throw new MalformedMessageException("a telegraf-json message is a metric object or {\"metrics\": [...]}");
        }
        for (int i = 0; i < metrics.size(); i++) {
            check(metrics.get(i), "metric " + i);
        }
        feed.begin();
        for (JsonNode m : metrics) {
            metric(m);
        }
        return feed.samples();
    }

    private static void check(JsonNode m, String where) throws MalformedMessageException {
        if (!m.isObject() || !m.path("fields").isObject()) {
            throw new MalformedMessageException(where + ": a metric needs an object 'fields'");
        }
        boolean counters = false;
        for (Counter c : COUNTERS) {
            JsonNode v = m.path("fields").get(c.field());
            if (v != null) {
                counters = true;
                if (value(v) == null) {
                    throw new MalformedMessageException(where + ": field " + c.field() + " is not a non-negative integer: " + v);
                }
            }
        }
        if (!counters) {
            return;
        }
        if (!m.path("timestamp").canConvertToLong() || m.path("timestamp").asLong() <= 0) {
            throw new MalformedMessageException(where + ": timestamp must be a positive integer");
        }
        if (tag(m, DEVICE_TAGS).isEmpty()) {
            throw new MalformedMessageException(where + ": no device tag (source, hostname or agent_host)");
        }
    }

    private void metric(JsonNode m) {
        String device = tag(m, DEVICE_TAGS);
        String iface = tag(m, INTERFACE_TAGS);
        long timeNs = nanos(m.path("timestamp").asLong());
        long marker = marker(m.path("fields"));
        for (Counter c : COUNTERS) {
            JsonNode v = m.path("fields").get(c.field());
            if (v != null && !device.isEmpty()) {
                feed.sample(device, iface, c.kind(), timeNs, value(v), c.width(), marker);
            }
        }
    }

    /** Nanoseconds from a timestamp in s, ms, µs or ns (told apart by magnitude). */
    static long nanos(long t) {
        if (t < 100_000_000_000L) {
            return t * 1_000_000_000L;
        }
        if (t < 100_000_000_000_000L) {
            return t * 1_000_000L;
        }
        if (t < 100_000_000_000_000_000L) {
            return t * 1_000L;
        }
        return t;
    }

    private static long marker(JsonNode fields) {
        for (String f : List.of("last-clear", "last_clear", "ifCounterDiscontinuityTime")) {
            JsonNode v = fields.get(f);
            if (v == null) {
                continue;
            }
            if (v.canConvertToLong()) {
                return v.asLong();
            }
            if (v.isTextual()) {
                try {
                    return Instant.parse(v.asText()).toEpochMilli();
                } catch (DateTimeParseException e) {
                    return v.asText().hashCode(); // only compared for change
                }
            }
        }
        return CounterRateConverter.NO_MARKER;
    }

    private static String tag(JsonNode m, List<String> names) {
        JsonNode tags = m.path("tags");
        for (String n : names) {
            JsonNode t = tags.get(n);
            if (t != null && t.isTextual() && !t.asText().isBlank()) {
                return t.asText();
            }
        }
        return "";
    }

    /** The counter as an unsigned decimal, or null when it is not a non-negative integer (whole floats accepted). */
    private static String value(JsonNode v) {
        if (CounterFeed.unsignedInteger(v)) {
            return v.asText();
        }
        if (v.isFloatingPointNumber() && v.doubleValue() >= 0 && v.doubleValue() < 0x1p53 && v.doubleValue() == Math.rint(v.doubleValue())) {
            return Long.toString((long) v.doubleValue());
        }
        return null;
    }

}
