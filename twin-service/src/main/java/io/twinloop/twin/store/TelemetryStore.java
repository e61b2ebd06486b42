package io.twinloop.twin.store;

import io.twinloop.model.Network;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Durable per-link telemetry and the operational state last observed per link, in the twin's
 * database. Each ingested batch is stored as one block row ({@link TelemetryBlocks}) in one
 * transaction, so a batch is durable when {@link #append} returns. Retention policies and the
 * deletions that enforce them are {@link RetentionStore}'s.
 */
@ApplicationScoped
public class TelemetryStore {

    /** A link's operational state changed: what was observed and when. */
    public record OperChange(String linkId, OperState previous, OperState state, long sinceMs) {
    }

    /** The operational state of a link and since when. */
    public record OperRecord(OperState state, long sinceMs) {
    }

    /**
     * What one {@link #append} wrote: the samples stored (in batch order, duplicates left out), how many
     * duplicates were dropped, the oper-state changes recorded and the versions they made.
     */
    public record Appended(List<LinkSample> stored, int duplicates, List<OperChange> changes, List<VersionInfo> versions) {
        public Appended {
            stored = List.copyOf(stored);
            changes = List.copyOf(changes);
            versions = List.copyOf(versions);
        }
    }

    private final TwinStore store;
    private final TwinEvents events;
    private final TelemetryDuplicates duplicates = new TelemetryDuplicates();

    @Inject
    public TelemetryStore(TwinStore store, TwinEvents events) {
        this.store = store;
        this.events = events;
    }

    /**
     * Appends samples and records oper-state changes in one transaction, under the network's head lock.
     * A sample whose (link, time) the network already stores, or that repeats an earlier sample of the
     * batch, is dropped and counted ({@link TelemetryDuplicates}): the first stored value wins. The oper-state
     * changes are {@code changesOf(stored samples)}; each also makes a new version of the network (reason
     * {@code "telemetry: link X oper DOWN"}, author {@code "telemetry"}) whose topology is
     * {@code applyState(latest, change)}. Versions and state changes are published after the commit.
     *
     * @throws NotFoundException when the network does not exist
     */
    public Appended append(String network, List<LinkSample> samples,
                           Function<List<LinkSample>, List<OperChange>> changesOf,
                           BiFunction<Network, OperChange, Network> applyState) {
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.NetworkHead head = TwinStore.lockHead(c, network)
                    .orElseThrow(() -> new NotFoundException("network", network));
            TelemetryDuplicates.Fresh fresh = duplicates.fresh(c, network, samples);
            if (!fresh.samples().isEmpty()) {
                insertBlock(c, network, fresh.samples());
            }
            List<OperChange> changes = changesOf.apply(fresh.samples());
            List<VersionInfo> versions = new ArrayList<>();
            if (!changes.isEmpty()) {
                Network current = store.snapshot(network, head.latestVersion()).network();
                long parent = head.latestVersion();
                for (OperChange ch : changes) {
                    upsertOper(c, network, ch);
                    current = applyState.apply(current, ch);
                    VersionInfo v = store.writeVersion(tx, network, parent, current,
                            "telemetry: link " + ch.linkId() + " oper " + ch.state(), "telemetry");
                    versions.add(v);
                    parent = v.version();
                    tx.afterCommit(() -> events.publish(new TwinEvent.LinkStateChanged(
                            network, ch.sinceMs(), ch.linkId(), ch.previous(), ch.state())));
                }
            }
            return new Appended(fresh.samples(), fresh.duplicates(), changes, versions);
        });
    }

    private static void upsertOper(Connection c, String network, OperChange ch) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE link_oper_state SET state = ?, since_ms = ? WHERE network = ? AND link_id = ?")) {
            up.setString(1, ch.state().name());
            up.setLong(2, ch.sinceMs());
            up.setString(3, network);
            up.setString(4, ch.linkId());
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO link_oper_state (state, since_ms, network, link_id) VALUES (?, ?, ?, ?)")) {
            ins.setString(1, ch.state().name());
            ins.setLong(2, ch.sinceMs());
            ins.setString(3, network);
            ins.setString(4, ch.linkId());
            ins.executeUpdate();
        }
    }

    /** The last observed oper state of every link of {@code network} that telemetry reported. */
    public Map<String, OperRecord> operStates(String network) {
        return store.query(c -> {
            Map<String, OperRecord> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT link_id, state, since_ms FROM link_oper_state WHERE network = ?")) {
                ps.setString(1, network);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new OperRecord(OperState.valueOf(rs.getString(2)), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }

    private static void insertBlock(Connection c, String network, List<LinkSample> samples) throws SQLException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (LinkSample s : samples) {
            first = Math.min(first, s.timeUnixMs());
            last = Math.max(last, s.timeUnixMs());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO telemetry_block (network, first_ms, last_ms, samples, data) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, network);
            ps.setLong(2, first);
            ps.setLong(3, last);
            ps.setInt(4, samples.size());
            ps.setBytes(5, TelemetryBlocks.encode(samples));
            ps.executeUpdate();
        }
    }

    /**
     * Stored samples of {@code network}, ordered by time then link id: those of {@code linkIds}
     * (all when empty) with {@code fromMs <= time < toMs} (0 = unbounded), the latest {@code limit}.
     * Reads blocks newest first and stops once older blocks cannot contribute.
     */
    public List<LinkSample> samples(String network, Collection<String> linkIds, long fromMs, long toMs, int limit) {
        Set<String> wanted = Set.copyOf(linkIds);
        String sql = "SELECT last_ms, data FROM telemetry_block WHERE network = ?"
                + (fromMs > 0 ? " AND last_ms >= ?" : "")
                + (toMs > 0 ? " AND first_ms < ?" : "")
                + " ORDER BY last_ms DESC";
        List<LinkSample> out = store.query(c -> {
            List<LinkSample> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, network);
                if (fromMs > 0) {
                    ps.setLong(i++, fromMs);
                }
                if (toMs > 0) {
                    ps.setLong(i, toMs);
                }
                ps.setFetchSize(16);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long blockLast = rs.getLong(1);
                        if (rows.size() >= limit && newerThan(rows, blockLast) >= limit) {
                            break; // this and every later block hold only older samples
                        }
                        for (LinkSample s : TelemetryBlocks.decode(rs.getBytes(2))) {
                            if ((wanted.isEmpty() || wanted.contains(s.linkId()))
                                    && (fromMs <= 0 || s.timeUnixMs() >= fromMs)
                                    && (toMs <= 0 || s.timeUnixMs() < toMs)) {
                                rows.add(s);
                            }
                        }
                    }
                }
            }
            return rows;
        });
        out.sort(BY_TIME_THEN_LINK);
        return out.size() <= limit ? out : List.copyOf(out.subList(out.size() - limit, out.size()));
    }

    static final Comparator<LinkSample> BY_TIME_THEN_LINK =
            Comparator.comparingLong(LinkSample::timeUnixMs).thenComparing(LinkSample::linkId);

    private static long newerThan(List<LinkSample> rows, long time) {
        long n = 0;
        for (LinkSample s : rows) {
            if (s.timeUnixMs() > time) {
                n++;
            }
        }
        return n;
    }

    /** Number of stored telemetry samples of {@code network}. */
    public long count(String network) {
        return store.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(samples), 0) FROM telemetry_block WHERE network = ?")) {
                ps.setString(1, network);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
