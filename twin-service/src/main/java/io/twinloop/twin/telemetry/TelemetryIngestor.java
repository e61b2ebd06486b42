package io.twinloop.twin.telemetry;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.store.TelemetryStore;
import io.twinloop.twin.store.TelemetryStore.OperChange;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
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
 * ones, and writes the valid ones in large JDBC batches, one transaction per
 * {@code twinloop.telemetry.batch-size} samples. When a sample reports a link's oper state
 * different from the last one observed, the change is recorded in the same transaction and
 * makes a new version. Events (state changes, utilization, divergence) go out after the commit.
 */
@ApplicationScoped
public class TelemetryIngestor {
    /** Most distinct unknown link ids a session reports back. */
    public static final int MAX_UNKNOWN_IDS = 100;

    /** What a session stored, returned once it finished. */
    public record Summary(long accepted, long rejected, long lastTimeUnixMs, List<String> unknownLinkIds,
                          int stateChanges) {
    }

    private final TwinStore store;
    private final TelemetryStore telemetry;
    private final OperStateRegistry operStates;
    private final TwinEvents events;
    private final DivergenceDetector divergence;
    private final int batchSize;
    private final Map<String, ReentrantLock> networkLocks = new ConcurrentHashMap<>();

    @Inject
    public TelemetryIngestor(TwinStore store, TelemetryStore telemetry, OperStateRegistry operStates,
                             TwinEvents events, DivergenceDetector divergence,
                             @ConfigProperty(name = "twinloop.telemetry.batch-size", defaultValue = "5000") int batchSize) {
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
        private long accepted;
        private long rejected;
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
            if (!valid(b.network, s)) {
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

        private boolean valid(Network network, LinkSample s) {
            if (s.linkId() == null || network.linkIndex(s.linkId()) < 0) {
                if (unknown.size() < MAX_UNKNOWN_IDS) {
                    unknown.add(String.valueOf(s.linkId()));
                }
                return false;
            }
            return s.timeUnixMs() > 0 && s.operState() != null
                    && Double.isFinite(s.rateBps()) && s.rateBps() >= 0
                    && Double.isFinite(s.dropsPps()) && s.dropsPps() >= 0;
        }

        /** Writes what is buffered and returns the totals so far, all of it durable; the session goes on. */
        public Summary commit() {
            for (Buffer b : buffers.values()) {
                if (!b.samples.isEmpty()) {
                    flush(b);
                }
            }
            return new Summary(accepted, rejected, lastTime, List.copyOf(unknown), stateChanges);
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
            try {
                List<OperChange> changes = new ArrayList<>();
                Map<String, OperState> seen = new HashMap<>();
                long maxTime = lastTime;
                for (LinkSample s : b.samples) {
                    maxTime = Math.max(maxTime, s.timeUnixMs());
                    if (s.operState() == OperState.UNSPECIFIED) {
                        continue;
                    }
                    OperState before = seen.computeIfAbsent(s.linkId(), id -> operStates.state(b.name, id));
                    if (s.operState() != before) {
                        changes.add(new OperChange(s.linkId(), before, s.operState(), s.timeUnixMs()));
                        seen.put(s.linkId(), s.operState());
                    }
                }
                telemetry.append(b.name, b.samples, changes, OperStateRegistry::applyToSnapshot);
                operStates.update(b.name, changes);
                accepted += b.samples.size();
                stateChanges += changes.size();
                lastTime = maxTime;
            } finally {
                lock.unlock();
            }
            if (events.hasSubscribers()) {
                publishUtilization(b);
                divergence.observe(b.name, b.samples);
            }
            b.samples.clear();
        }

        private void publishUtilization(Buffer b) {
            int n = b.samples.size();
            long[] times = new long[n];
            String[] ids = new String[n];
            double[] util = new double[n];
            for (int i = 0; i < n; i++) {
                LinkSample s = b.samples.get(i);
                Link l = b.network.links().get(b.network.linkIndex(s.linkId()));
                times[i] = s.timeUnixMs();
                ids[i] = s.linkId();
                util[i] = io.twinloop.model.routing.Kpis.utilization(s.rateBps(), l.capacityBps());
            }
            events.publish(new TwinEvent.UtilizationObserved(b.name, System.currentTimeMillis(), times, ids, util, n));
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
