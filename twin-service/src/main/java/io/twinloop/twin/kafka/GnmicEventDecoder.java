package io.twinloop.twin.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinloop.model.telemetry.CounterKind;
import io.twinloop.model.telemetry.CounterRateConverter;
import io.twinloop.model.telemetry.CounterWidth;
import io.twinloop.twin.telemetry.LinkSample;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Format {@code gnmic-event}: gnmic's {@code event} output, a JSON array of events
 * {@code {"name", "timestamp" (ns), "tags": {"source", "interface_name", ...}, "values": {path: value}}} (a single
 * event object is read too). Per event:
 * <ul>
 *   <li>{@code source} without its {@code :port} is the device (a node name), {@code interface_name} the interface
 *       ({@link InterfaceIndex});</li>
 *   <li>a value whose path ends in {@code out-octets} is the cumulative counter of the link whose source end is
 *       (device, interface), {@code in-octets} that of the link whose destination end it is; a path ending in
 *       {@code last-clear} in the same event is the counters' discontinuity marker; other paths are ignored;</li>
 *   <li>counters become rates with {@link CounterRateConverter} (64-bit, as OpenConfig's counter64; wraps and resets
 *       handled, a backward step without a marker counted, samples over a minute in the future refused): one rate
 *       per counter sample after the first, stamped with the later sample's time (ms), {@code 8 * delta octets /
 *       delta t}, through {@link CounterFeed}.</li>
 * </ul>
 * A message that is not JSON, not events, or an event without a timestamp, source or readable counter is
 * malformed (dead-lettered). Unknown devices and interfaces are counted per device, not malformed.
 */
final class GnmicEventDecoder implements MessageDecoder {

    private final CounterFeed feed;

    GnmicEventDecoder(CounterFeed feed) {
        this.feed = feed;
    }

    @Override
    public List<LinkSample> decode(byte[] value) throws MalformedMessageException {
        JsonNode root = CounterFeed.json(value);
        if (root == null || !(root.isArray() || root.isObject())) {
            throw new MalformedMessageException("a gnmic event message is a JSON array of events");
        }
        List<JsonNode> events = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(events::add);
        } else {
            events.add(root);
        }
        // validate every event before converting any, so a malformed message changes no counter state
        for (int i = 0; i < events.size(); i++) {
            check(events.get(i), i);
        }
        feed.begin();
        for (JsonNode e : events) {
            event(e);
        }
        return feed.samples();
    }

    private static void check(JsonNode e, int i) throws MalformedMessageException {
        String where = "event " + i;
        if (!e.isObject()) {
            throw new MalformedMessageException(where + " is not an object");
        }
        if (!e.path("timestamp").canConvertToLong() || e.path("timestamp").asLong() <= 0) {
            throw new MalformedMessageException(where + ": timestamp must be a positive integer (ns since the epoch)");
        }
        if (!e.path("tags").path("source").isTextual() || e.path("tags").path("source").asText().isBlank()) {
            throw new MalformedMessageException(where + ": tags.source (the device) is missing");
        }
        JsonNode values = e.path("values");
        if (!values.isObject()) {
            throw new MalformedMessageException(where + ": values must be an object of path -> value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            if (kind(v.getKey()) != null && !CounterFeed.unsignedInteger(v.getValue())) {
                throw new MalformedMessageException(where + ": " + v.getKey() + " is not a non-negative integer: "
                        + v.getValue());
            }
        }
    }

    private void event(JsonNode e) {
        long time = e.path("timestamp").asLong();
        String source = e.path("tags").path("source").asText();
        String iface = e.path("tags").path("interface_name").asText("");
        JsonNode values = e.path("values");
        long marker = CounterRateConverter.NO_MARKER;
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            if (v.getKey().endsWith("last-clear") && v.getValue().canConvertToLong()) {
                marker = v.getValue().asLong();
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            CounterKind kind = kind(v.getKey());
            if (kind == null) {
                continue;
            }
            feed.sample(source, iface, kind, time, v.getValue().asText(), CounterWidth.BITS_64, marker);
        }
    }

    private static CounterKind kind(String path) {
        if (path.endsWith("out-octets")) {
            return CounterKind.OUT_OCTETS;
        }
        if (path.endsWith("in-octets")) {
            return CounterKind.IN_OCTETS;
        }
        return null;
    }
}
