package io.twinloop.twin.telemetry;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TrafficStore.TimedDemands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends streamed traffic-matrix samples to a network's traffic series. A stream is
 * all-or-nothing: every sample is validated as it arrives (nodes of the latest version, times
 * increasing) and the whole stream is appended in one transaction when it ends.
 */
@ApplicationScoped
public class TrafficIngestor {
    /** Most samples one stream may append. */
    public static final int MAX_SAMPLES_PER_STREAM = 20_000;

    private final TwinStore store;
    private final TrafficStore trafficStore;

    @Inject
    public TrafficIngestor(TwinStore store, TrafficStore trafficStore) {
        this.store = store;
        this.trafficStore = trafficStore;
    }

    /** Starts a session (one per client stream). */
    public Session open() {
        return new Session();
    }

    /** One stream's samples, kept until {@link #commit()}. */
    public final class Session {
        private final List<TimedDemands> samples = new ArrayList<>();
        private String network;
        private Network snapshot;

        private Session() {
        }

        /**
         * Validates and keeps one sample.
         *
         * @throws InvalidNetworkException for an invalid sample (the stream then fails whole)
         */
        public void offer(String networkName, String time, List<Demand> demands) {
            if (network == null) {
                network = networkName;
                snapshot = store.snapshot(networkName, 0).network();
            } else if (!network.equals(networkName)) {
                throw new InvalidNetworkException("network", "every message of a stream must name the same network: '"
                        + network + "', then '" + networkName + "'");
            }
            int index = samples.size();
            if (index >= MAX_SAMPLES_PER_STREAM) {
                throw new InvalidNetworkException("sample", "a stream may append at most " + MAX_SAMPLES_PER_STREAM
                        + " samples; split it into several streams");
            }
            if (time == null || time.isBlank()) {
                throw new InvalidNetworkException("sample.time", "sample " + index + " has no time");
            }
            for (Demand d : demands) {
                if (snapshot.nodeIndex(d.src()) < 0 || snapshot.nodeIndex(d.dst()) < 0) {
                    throw new InvalidNetworkException("sample.demands", "sample " + index + " (" + time + "): demand "
                            + d.src() + "->" + d.dst() + " names a node that is not in network '" + network + "'");
                }
            }
            samples.add(new TimedDemands(time, demands));
        }

        /** Appends everything in one transaction; returns the 0-based row of the last sample, or -1 when none. */
        public long commit() {
            if (samples.isEmpty()) {
                return -1;
            }
            return trafficStore.appendTraffic(network, samples);
        }

        /** Number of samples kept. */
        public int size() {
            return samples.size();
        }
    }
}
