package io.twinloop.twin.telemetry;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.store.TelemetryStore;
import io.twinloop.twin.store.TelemetryStore.OperChange;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ingests per-link telemetry. A {@link Session} (one per client stream) validates each sample
 * against the network's latest snapshot, rejects the invalid ones without dropping the valid
 * ones (counted by {@link Rejection}), and writes the valid ones in large JDBC batches, one transaction per
 * {@code twinloop.telemetry.batch-size} samples. A sample of a link and time the twin already stores is
 * dropped and counted as a duplicate ({@link TelemetryStore#append}), so a resend is harmless. When a sample reports a link's oper state
 * different from the last one observed, the change is recorded in the same transaction and
 * makes a new version. Events (state changes, utilization, divergence) go out after the commit.
 */
@ApplicationScoped
public class TelemetryIngestor {
    /** Most distinct unknown link ids a session reports back. */
    public static final int MAX_UNKNOWN_IDS = 100;

    /**
     * What a session stored, returned once it finished: samples accepted (stored), rejected (by reason in
     * {@code rejections}) and dropped as duplicates.
     */
    public record Summary(long accepted, long rejected, long lastTimeUnixMs, List<String> unknownLinkIds,
                          int stateChanges, long duplicates, Map<Rejection, Long> rejections) {
        public Summary {
            unknownLinkIds = List.copyOf(unknownLinkIds);
            rejections = Map.copyOf(rejections);
        }

        /** Rejected samples of one reason. */
        public long rejected(Rejection reason) {
            return rejections.getOrDefault(reason, 0L);
        }
    }

    private final TwinStore store;
    private final TelemetryStore telemetry;
    private final OperStateRegistry operStates;
    private final TwinEvents events;
    private final DivergenceDetector divergence;
    private final int batchSize;
    private final Map<String, ReentrantLock> networkLocks = new ConcurrentHashMap<>();
    /** Told every stored sample's time (null where the ingestor is built by hand, in store tests). */
    @Inject
    DataQuality quality;

    @Inject
    public TelemetryIngestor(TwinStore store, TelemetryStore telemetry, OperStateRegistry operStates,
                             TwinEvents events, DivergenceDetector divergence, TwinConfig config) {
        this(store, telemetry, operStates, events, divergence, config.telemetry().batchSize());
    }

    public TelemetryIngestor(TwinStore store, TelemetryStore telemetry, OperStateRegistry operStates,
                             TwinEvents events, DivergenceDetector divergence, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("twinloop.telemetry.batch-size must be >= 1, got " + batchSize);
        }
        this.store = store;
        this.telemetry = telemetry;
        this.operStates = operStates;
        this.events = events;
        this.divergence = divergence;
        this.batchSize = batchSize;
    }

    /** Starts a session (one per client stream). Not thread-safe: feed it from one thread at a time. */
    public Session open() {
        return new Session();
    }

    /** Validates and buffers samples; writes every {@code batch-size}; {@link #finish()} writes the rest. */
    public final class Session {
        private final Map<String, Buffer> buffers = new HashMap<>();
        private final Set<String> unknown = new LinkedHashSet<>();
        private final Map<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
        private long accepted;
        private long rejected;
        private long duplicates;
        private long lastTime;
        private int stateChanges;

        private Session() {
        }

        /**
         * Offers one sample of {@code network}; returns whether it was accepted.
         *
         * @throws io.twinloop.twin.store.NotFoundException when the network does not exist
         */
        public boolean offer(String network, LinkSample s) {
            Buffer b = buffers.get(network);
            if (b == null) {
                b = new Buffer(network, store.snapshot(network, 0).network());
                buffers.put(network, b);
            }
            Rejection why = Rejection.of(b.network, s);
            if (why != null) {
                if (why == Rejection.UNKNOWN_LINK && unknown.size() < MAX_UNKNOWN_IDS) {
                    unknown.add(String.valueOf(s.linkId()));
                }
                rejections.merge(why, 1L, Long::sum);
                rejected++;
                return false;
            }
            b.samples.add(s);
            if (b.samples.size() >= batchSize) {
                flush(b);
            }
            return true;
        }

        /** Samples accepted so far (some may still be buffered). */
        public long accepted() {
            return accepted + buffers.values().stream().mapToLong(b -> b.samples.size()).sum();
        }

        /** Writes what is buffered and returns the totals so far, all of it durable; the session goes on. */
        public Summary commit() {
            for (Buffer b : buffers.values()) {
                if (!b.samples.isEmpty()) {
                    flush(b);
                }
            }
            return new Summary(accepted, rejected, lastTime, List.copyOf(unknown), stateChanges, duplicates, rejections);
        }

        /** Writes what is buffered and returns the totals; the session is done. */
        public Summary finish() {
            Summary s = commit();
            buffers.clear();
            return s;
        }

        /** Drops what is buffered and not yet written (the client went away before the end). */
        public void abort() {
            buffers.clear();
        }

        private void flush(Buffer b) {
            ReentrantLock lock = networkLocks.computeIfAbsent(b.name, n -> new ReentrantLock());
            lock.lock();
            TelemetryStore.Appended written;
            try {
                written = telemetry.append(b.name, b.samples, stored -> changes(b.name, stored),
                        OperStateRegistry::applyToSnapshot);
                operStates.update(b.name, written.changes());
                accepted += written.stored().size();
                duplicates += written.duplicates();
                stateChanges += written.versions().size();
                for (LinkSample s : written.stored()) {
                    lastTime = Math.max(lastTime, s.timeUnixMs());
                    if (quality != null) {
                        quality.sample(b.name, s.linkId(), s.timeUnixMs());
                    }
                }
            } finally {
                lock.unlock();
            }
            b.samples.clear();
            if (events.hasSubscribers() && !written.stored().isEmpty()) {
                publishUtilization(b.name, b.network, written.stored());
                divergence.observe(b.name, written.stored());
            }
        }

        /** The oper-state changes that {@code samples} make, against the last observed states. */
        private List<OperChange> changes(String network, List<LinkSample> samples) {
            List<OperChange> changes = new ArrayList<>();
            Map<String, OperState> seen = new HashMap<>();
            for (LinkSample s : samples) {
                if (s.operState() == OperState.UNSPECIFIED) {
                    continue;
                }
                OperState before = seen.computeIfAbsent(s.linkId(), id -> operStates.state(network, id));
                if (s.operState() != before) {
                    changes.add(new OperChange(s.linkId(), before, s.operState(), s.timeUnixMs()));
                    seen.put(s.linkId(), s.operState());
                }
            }
            return changes;
        }

        private void publishUtilization(String name, Network network, List<LinkSample> samples) {
            int n = samples.size();
            long[] times = new long[n];
            String[] ids = new String[n];
            double[] util = new double[n];
            for (int i = 0; i < n; i++) {
                LinkSample s = samples.get(i);
                Link l = network.links().get(network.linkIndex(s.linkId()));
                times[i] = s.timeUnixMs();
                ids[i] = s.linkId();
                util[i] = io.twinloop.model.routing.Kpis.utilization(s.rateBps(), l.capacityBps());
            }
            events.publish(new TwinEvent.UtilizationObserved(name, System.currentTimeMillis(), times, ids, util, n));
        }
    }

    private static final class Buffer {
        final String name;
        final Network network;
        final List<LinkSample> samples = new ArrayList<>();

        Buffer(String name, Network network) {
            this.name = name;
            this.network = network;
        }
    }
}
