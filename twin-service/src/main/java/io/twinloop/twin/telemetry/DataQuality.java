package io.twinloop.twin.telemetry;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data quality of link telemetry as this twin has seen it since it started, per network and link: the last
 * sample's time (any ingestion path), the last rates the link's two ends report through counter formats (the
 * source end's out-octets, the destination end's in-octets), and the counter resets and wraps seen on them. Kept in
 * memory: it describes the live feed, and a restarted twin learns it again from the next samples.
 */
@ApplicationScoped
public class DataQuality {

    /** One link's view; {@code -1} / {@code Long.MIN_VALUE} where nothing was seen. */
    public record LinkQuality(long lastSampleMs, double outBps, double inBps, long resets, long wraps) {
        /** {@code |out - in| / max(out, in)}; -1 when an end is missing, 0 when both read 0. */
        public double disagreement() {
            if (outBps < 0 || inBps < 0) {
                return -1;
            }
            double max = Math.max(outBps, inBps);
            return max == 0 ? 0 : Math.abs(outBps - inBps) / max;
        }
    }

    private static final class Mutable {
        long lastSampleMs = Long.MIN_VALUE;
        double outBps = -1;
        double inBps = -1;
        long resets;
        long wraps;
    }

    private final Map<String, Map<String, Mutable>> networks = new ConcurrentHashMap<>();

    private Mutable link(String network, String linkId) {
        return networks.computeIfAbsent(network, n -> new ConcurrentHashMap<>()).computeIfAbsent(linkId, l -> new Mutable());
    }

    /** A stored sample of the link at {@code timeMs}. */
    public void sample(String network, String linkId, long timeMs) {
        Mutable m = link(network, linkId);
        synchronized (m) {
            m.lastSampleMs = Math.max(m.lastSampleMs, timeMs);
        }
    }

    /** A rate of the link from one of its ends' octet counters. */
    public void endRate(String network, String linkId, boolean sourceEnd, double bps) {
        Mutable m = link(network, linkId);
        synchronized (m) {
            if (sourceEnd) {
                m.outBps = bps;
            } else {
                m.inBps = bps;
            }
        }
    }

    /** A reset ({@code wrap} false) or a wrap of one of the link's ends' counters. */
    public void discontinuity(String network, String linkId, boolean wrap) {
        Mutable m = link(network, linkId);
        synchronized (m) {
            if (wrap) {
                m.wraps++;
            } else {
                m.resets++;
            }
        }
    }

    /** The link's view, or one with nothing seen. */
    public LinkQuality of(String network, String linkId) {
        Mutable m = networks.getOrDefault(network, Map.of()).get(linkId);
        if (m == null) {
            return new LinkQuality(Long.MIN_VALUE, -1, -1, 0, 0);
        }
        synchronized (m) {
            return new LinkQuality(m.lastSampleMs, m.outBps, m.inBps, m.resets, m.wraps);
        }
    }

    /** Forgets a deleted network. */
    public void forget(String network) {
        networks.remove(network);
    }
}
