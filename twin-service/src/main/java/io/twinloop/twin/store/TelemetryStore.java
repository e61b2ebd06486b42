package io.twinloop.twin.store;

import io.twinloop.model.Network;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.OperState;
import io.twinloop.twin.telemetry.RetentionPolicy;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Durable per-link telemetry, the operational state last observed per link, and retention
 * policies, in the twin's database. Each ingested batch is stored as one block row
 * ({@link TelemetryBlocks}) in one transaction, so a batch is durable when {@link #append} returns.
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

    private static final Comparator<LinkSample> BY_TIME_THEN_LINK =
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

    /** The policy stored for {@code scope} (a network name, or "" for the default). */
    public Optional<RetentionPolicy> retention(String scope) {
        return store.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT telemetry_max_age_ms, telemetry_max_samples_per_link, traffic_max_samples "
                            + "FROM retention_policy WHERE scope = ?")) {
                ps.setString(1, scope);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new RetentionPolicy(rs.getLong(1), rs.getLong(2), rs.getInt(3)))
                            : Optional.<RetentionPolicy>empty();
                }
            }
        });
    }

    /** Stores the policy of {@code scope} (a network name, or "" for the default). */
    public void setRetention(String scope, RetentionPolicy p) {
        store.inTransaction(tx -> {
            Connection c = tx.connection();
            try (PreparedStatement del = c.prepareStatement("DELETE FROM retention_policy WHERE scope = ?")) {
                del.setString(1, scope);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO retention_policy (scope, telemetry_max_age_ms, telemetry_max_samples_per_link, "
                            + "traffic_max_samples) VALUES (?, ?, ?, ?)")) {
                ins.setString(1, scope);
                ins.setLong(2, p.telemetryMaxAgeMs());
                ins.setLong(3, p.telemetryMaxSamplesPerLink());
                ins.setInt(4, p.trafficMaxSamples());
                ins.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes the network's samples older than {@code cutoffMs}; returns how many. */
    public int deleteOlderThan(String network, long cutoffMs) {
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            int deleted = 0;
            try (PreparedStatement sum = c.prepareStatement(
                    "SELECT COALESCE(SUM(samples), 0) FROM telemetry_block WHERE network = ? AND last_ms < ?");
                 PreparedStatement del = c.prepareStatement(
                         "DELETE FROM telemetry_block WHERE network = ? AND last_ms < ?")) {
                sum.setString(1, network);
                sum.setLong(2, cutoffMs);
                try (ResultSet rs = sum.executeQuery()) {
                    rs.next();
                    deleted += (int) rs.getLong(1);
                }
                del.setString(1, network);
                del.setLong(2, cutoffMs);
                del.executeUpdate();
            }
            // Blocks that straddle the cutoff keep their newer samples.
            List<Object[]> straddling = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, data FROM telemetry_block WHERE network = ? AND first_ms < ?")) {
                ps.setString(1, network);
                ps.setLong(2, cutoffMs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        straddling.add(new Object[] {rs.getLong(1), rs.getBytes(2)});
                    }
                }
            }
            for (Object[] b : straddling) {
                List<LinkSample> all = TelemetryBlocks.decode((byte[]) b[1]);
                List<LinkSample> kept = all.stream().filter(s -> s.timeUnixMs() >= cutoffMs).toList();
                deleted += all.size() - kept.size();
                rewrite(c, (Long) b[0], kept);
            }
            return deleted;
        });
    }

    /**
     * Keeps the newest {@code keep} samples of each link of the network; returns how many were
     * deleted. Walks blocks newest first, so with overlapping blocks (late samples) "newest" is
     * by block, then by time within a block.
     */
    public int trimPerLink(String network, long keep) {
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            Map<String, Long> seen = new HashMap<>();
            Map<Long, List<LinkSample>> changed = new LinkedHashMap<>();
            int deleted = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, data FROM telemetry_block WHERE network = ? ORDER BY last_ms DESC, id DESC")) {
                ps.setString(1, network);
                ps.setFetchSize(16);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<LinkSample> all = new ArrayList<>(TelemetryBlocks.decode(rs.getBytes(2)));
                        all.sort(BY_TIME_THEN_LINK.reversed());
                        List<LinkSample> kept = new ArrayList<>(all.size());
                        for (LinkSample s : all) {
                            if (seen.merge(s.linkId(), 1L, Long::sum) <= keep) {
                                kept.add(s);
                            }
                        }
                        if (kept.size() < all.size()) {
                            deleted += all.size() - kept.size();
                            changed.put(rs.getLong(1), kept);
                        }
                    }
                }
            }
            for (Map.Entry<Long, List<LinkSample>> e : changed.entrySet()) {
                rewrite(c, e.getKey(), e.getValue());
            }
            return deleted;
        });
    }

    /** Replaces a block's samples with {@code kept}, or deletes the block when none are left. */
    private static void rewrite(Connection c, long id, List<LinkSample> kept) throws SQLException {
        if (kept.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM telemetry_block WHERE id = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
            }
            return;
        }
        long first = kept.stream().mapToLong(LinkSample::timeUnixMs).min().orElseThrow();
        long last = kept.stream().mapToLong(LinkSample::timeUnixMs).max().orElseThrow();
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE telemetry_block SET first_ms = ?, last_ms = ?, samples = ?, data = ? WHERE id = ?")) {
            up.setLong(1, first);
            up.setLong(2, last);
            up.setInt(3, kept.size());
            up.setBytes(4, TelemetryBlocks.encode(kept));
            up.setLong(5, id);
            up.executeUpdate();
        }
    }
}
