package io.twinloop.twin.store;

import io.twinloop.twin.telemetry.LinkSample;
import io.twinloop.twin.telemetry.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Retention in the twin's database: the stored policies (per network, or "" for the default) and the
 * deletions that enforce them on stored telemetry, each in one transaction. A telemetry block that
 * straddles a cut keeps its surviving samples ({@link TelemetryBlocks}); one left empty is deleted.
 * Traffic series are trimmed by {@link TrafficStore#trimTraffic}.
 */
@ApplicationScoped
public class RetentionStore {

    private final TwinStore store;

    @Inject
    public RetentionStore(TwinStore store) {
        this.store = store;
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
                        all.sort(TelemetryStore.BY_TIME_THEN_LINK.reversed());
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
