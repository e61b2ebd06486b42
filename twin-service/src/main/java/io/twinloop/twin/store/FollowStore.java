package io.twinloop.twin.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which networks' traffic series the twin keeps from their telemetry (table {@code traffic_follow}), with each
 * one's progress, and the time span of a network's stored telemetry that following reads.
 */
@ApplicationScoped
public class FollowStore {

    /**
     * A network's follow policy and progress.
     *
     * @param method          the method set ("" = the default)
     * @param lastInterval    start of the last stored interval (ISO-8601), "" before the first
     * @param lastFitError    its fit error (NaN before the first)
     * @param lastError       the last pass's failure, "" when it succeeded
     * @param lastRunMs       when the last pass ran, 0 before the first
     * @param nextMs          start of the next interval to estimate, {@code Long.MIN_VALUE} before the first pass
     */
    public record Follow(String network, boolean enabled, String method, int intervalSeconds, int settleSeconds,
                         long intervalsEstimated, long intervalsFailed, String lastInterval, double lastFitError,
                         String lastMethod, String lastError, long lastRunMs, long nextMs) {
    }

    /**
     * What one pass did, added to the progress.
     *
     * @param nextMs start of the next interval to estimate after this pass ({@code Long.MIN_VALUE}: unchanged)
     */
    public record Pass(int estimated, int failed, String lastInterval, double lastFitError, String lastMethod,
                       String lastError, long runMs, long nextMs) {
    }

    private static final String COLUMNS = "network, enabled, method, interval_seconds, settle_seconds, intervals_estimated, "
            + "intervals_failed, last_interval, last_fit_error, last_method, last_error, last_run_ms, next_ms";

    private final TwinStore store;

    @Inject
    public FollowStore(TwinStore store) {
        this.store = store;
    }

    /** The network's policy, empty when it was never set. */
    public Optional<Follow> get(String network) {
        return store.query(c -> read(c, network));
    }

    /** The policies of every network that is followed. */
    public List<Follow> enabled() {
        return store.query(c -> {
            List<Follow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM traffic_follow WHERE enabled "
                    + "ORDER BY network");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /**
     * Sets the network's policy, keeping its progress (a network followed anew starts with none).
     *
     * @throws NotFoundException for an unknown network
     */
    public Follow set(String network, boolean enabled, String method, int intervalSeconds, int settleSeconds) {
        return store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.lockHead(c, network).orElseThrow(() -> new NotFoundException("network", network,
                    "network '" + network + "' does not exist"));
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE traffic_follow SET enabled = ?, method = ?, "
                    + "interval_seconds = ?, settle_seconds = ? WHERE network = ?")) {
                ps.setBoolean(1, enabled);
                ps.setString(2, method);
                ps.setInt(3, intervalSeconds);
                ps.setInt(4, settleSeconds);
                ps.setString(5, network);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO traffic_follow (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL)")) {
                    ps.setString(1, network);
                    ps.setBoolean(2, enabled);
                    ps.setString(3, method);
                    ps.setInt(4, intervalSeconds);
                    ps.setInt(5, settleSeconds);
                    ps.executeUpdate();
                }
            }
            return read(c, network).orElseThrow();
        });
    }

    /** Adds a pass to the network's progress (nothing when its policy was removed meanwhile). */
    public void record(String network, Pass pass) {
        store.inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("UPDATE traffic_follow SET "
                    + "intervals_estimated = intervals_estimated + ?, intervals_failed = intervals_failed + ?, "
                    + "last_interval = COALESCE(?, last_interval), last_fit_error = COALESCE(?, last_fit_error), "
                    + "last_method = COALESCE(?, last_method), last_error = ?, last_run_ms = ?, next_ms = COALESCE(?, next_ms) "
                    + "WHERE network = ?")) {
                ps.setLong(1, pass.estimated());
                ps.setLong(2, pass.failed());
                if (pass.lastInterval().isEmpty()) {
                    ps.setNull(3, Types.VARCHAR);
                    ps.setNull(4, Types.DOUBLE);
                } else {
                    ps.setString(3, pass.lastInterval());
                    ps.setDouble(4, Double.isFinite(pass.lastFitError()) ? pass.lastFitError() : Double.MAX_VALUE);
                }
                if (pass.lastMethod().isEmpty()) {
                    ps.setNull(5, Types.VARCHAR);
                } else {
                    ps.setString(5, pass.lastMethod());
                }
                ps.setString(6, pass.lastError());
                ps.setLong(7, pass.runMs());
                if (pass.nextMs() == Long.MIN_VALUE) {
                    ps.setNull(8, Types.BIGINT);
                } else {
                    ps.setLong(8, pass.nextMs());
                }
                ps.setString(9, network);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The earliest and the latest time of the network's stored telemetry, empty when it has none. */
    public Optional<long[]> telemetrySpan(String network) {
        return store.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MIN(first_ms), MAX(last_ms) FROM telemetry_block WHERE network = ?")) {
                ps.setString(1, network);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long first = rs.getLong(1);
                    if (rs.wasNull()) {
                        return Optional.empty();
                    }
                    return Optional.of(new long[] {first, rs.getLong(2)});
                }
            }
        });
    }

    private static Optional<Follow> read(Connection c, String network) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM traffic_follow WHERE network = ?")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Follow row(ResultSet rs) throws SQLException {
        double fit = rs.getDouble(9);
        if (rs.wasNull()) {
            fit = Double.NaN;
        } else if (fit == Double.MAX_VALUE) {
            fit = Double.POSITIVE_INFINITY;
        }
        long run = rs.getLong(12);
        long next = rs.getLong(13);
        if (rs.wasNull()) {
            next = Long.MIN_VALUE;
        }
        return new Follow(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getLong(6),
                rs.getLong(7), nonNull(rs.getString(8)), fit, nonNull(rs.getString(10)), nonNull(rs.getString(11)), run,
                next);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
