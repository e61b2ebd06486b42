package io.twinloop.twin.kafka;

import io.twinloop.model.InterfaceIndex;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.telemetry.CounterKey;
import io.twinloop.model.telemetry.CounterKind;
import io.twinloop.model.telemetry.CounterRateConverter;
import io.twinloop.model.telemetry.CounterWidth;
import io.twinloop.model.telemetry.RateConfig;
import io.twinloop.model.telemetry.SampleOutcome;
import io.twinloop.twin.telemetry.DataQuality;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cumulative interface octet counters of one topic, as the counter formats ({@code gnmic-event},
 * {@code telegraf-json}) read them, turned into link samples: (device, interface) resolved with the network's
 * {@link InterfaceIndex}, counters made rates with {@link CounterRateConverter} (times in ns; samples over a minute
 * in the future refused), an out-octets rate stored as the rate of the link whose source end is the interface,
 * stamped with the later sample's time (ms); in-octets rates are the destination end's view, kept for reconciliation
 * and not stored; both ends' rates, resets and wraps go to {@link DataQuality}. Unknown devices and interfaces and
 * every counter outcome are counted.
 */
final class CounterFeed {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Counts what the feed could not use (counter outcomes, unknown devices and interfaces). */
    interface Counts {
        void counter(SampleOutcome outcome);

        void unknown(String device, String iface);
    }

    private final String network;
    private final Supplier<InterfaceIndex> index;
    private final Counts counts;
    private final DataQuality quality;
    private final CounterRateConverter converter;
    private final List<LinkSample> out = new ArrayList<>();
    private InterfaceIndex current;

    CounterFeed(String network, Supplier<InterfaceIndex> index, Counts counts, DataQuality quality) {
        this.network = network;
        this.index = index;
        this.counts = counts;
        this.quality = quality;
        this.converter = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS).withMaxFutureSkew(Duration.ofMinutes(1)),
                () -> System.currentTimeMillis() * 1_000_000L, this::rate);
    }

    /** Starts a message: the interface index of the network's latest version. */
    void begin() {
        current = index.get();
        out.clear();
    }

    /**
     * One counter sample.
     *
     * @param source a device name or a gNMI {@code host:port} source
     * @param value  the cumulative count, an unsigned decimal (checked by the decoder)
     * @param marker the discontinuity (last-clear) time in any unit, or {@link CounterRateConverter#NO_MARKER}
     */
    void sample(String source, String iface, CounterKind kind, long timeNs, String value, CounterWidth width, long marker) {
        String device = InterfaceIndex.deviceName(source);
        if (iface.isEmpty() || current.find(source, iface).isEmpty()) {
            counts.unknown(device, iface);
            return;
        }
        try {
            SampleOutcome outcome = converter.accept(CounterKey.of(device, iface, kind), timeNs, value, width, marker);
            counts.counter(outcome);
            boolean wrap = outcome == SampleOutcome.WRAP;
            if (wrap || outcome == SampleOutcome.RESET_MARKED || outcome == SampleOutcome.BACKWARD_UNMARKED) {
                link(device, iface, kind).ifPresent(l -> quality.discontinuity(network, l.id(), wrap));
            }
        } catch (InvalidNetworkException bad) {
            counts.counter(SampleOutcome.ABSURD_RATE); // a 32-bit counter above 2^32 - 1: refused
        }
    }

    /** The link samples of the message. */
    List<LinkSample> samples() {
        return List.copyOf(out);
    }

    private void rate(CounterKey key, long startNs, long endNs, double bps) {
        boolean source = key.kind() == CounterKind.OUT_OCTETS;
        link(key.device(), key.iface(), key.kind()).map(Link::id).ifPresent(id -> {
            quality.endRate(network, id, source, bps);
            if (source) {
                out.add(new LinkSample(Math.floorDiv(endNs, 1_000_000L), id, bps, 0, OperState.UNSPECIFIED));
            }
        });
    }

    /** The link whose source end (out-octets) or destination end (in-octets) the interface is. */
    private java.util.Optional<Link> link(String device, String iface, CounterKind kind) {
        return kind == CounterKind.OUT_OCTETS ? current.outLink(device, iface) : current.inLink(device, iface);
    }

    /** A counter format's message as JSON; not JSON is malformed. */
    static com.fasterxml.jackson.databind.JsonNode json(byte[] value) throws MalformedMessageException {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new MalformedMessageException("not JSON: " + e.getMessage(), e);
        }
    }

    /** Whether {@code v} is an unsigned 64-bit integer, as a JSON number or a decimal string. */
    static boolean unsignedInteger(com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().signum() >= 0 && v.bigIntegerValue().bitLength() <= 64;
        }
        if (v.isTextual()) {
            try {
                Long.parseUnsignedLong(v.asText());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
