package io.twinloop.twin.store;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/**
 * The twin's durable store over JDBC. Snapshots are immutable once written, so decoded
 * snapshots are cached by (network, version); traffic series are cached until replaced.
 * Every write runs in one transaction: it either lands whole or not at all, and every version
 * it made is published to {@link TwinEvents} only after the commit.
 */
@ApplicationScoped
public class TwinStore {

    /** A network name and its latest version. */
    public record NetworkHead(String name, long latestVersion, long createdUnixMs) {
    }

    /** One traffic-matrix sample to append: its time label and its demands. */
    public record TimedDemands(String time, List<Demand> demands) {
        public TimedDemands {
            demands = List.copyOf(demands);
        }
    }

    private final DataSource dataSource;
    private final StoreKind kind;
    private final TwinEvents events;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, TrafficSeries> traffic = new ConcurrentHashMap<>();

    @Inject
    public TwinStore(TwinDatabase database, TwinEvents events) {
        this.dataSource = database.dataSource();
        this.kind = database.kind();
        this.events = events;
    }

    /** The kind of database underneath. */
    public StoreKind kind() {
        return kind;
    }

    /**
     * Stores a network: the first version when the name is new, else a new version whose
     * parent is the current latest. Returns the new version's metadata.
     */
    public VersionInfo importNetwork(String name, Network network, String reason, String author) {
        return importNetwork(name, network, reason, author, false).version();
    }

    /** The outcome of an import: the new version and how many stored OD pairs it dropped. */
    public record Imported(VersionInfo version, int droppedOdPairs) {
    }

    /**
     * Stores a network like {@link #importNetwork(String, Network, String, String)}, checking a
     * re-import against the stored traffic first ({@link StrandedTraffic}): OD pairs over nodes the
     * new topology lacks refuse the import, or with {@code replace} are dropped from the series in
     * the same transaction.
     *
     * @throws StrandedTrafficException when pairs would be stranded and {@code replace} is false
     */
    public Imported importNetwork(String name, Network network, String reason, String author, boolean replace) {
        Imported done = inTransaction(tx -> {
            Connection c = tx.connection();
            Optional<NetworkHead> head = lockHead(c, name);
            long now = System.currentTimeMillis();
            int dropped = 0;
            if (head.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO network (name, created_ms, latest_version) VALUES (?, ?, 0)")) {
                    ps.setString(1, name);
                    ps.setLong(2, now);
                    ps.executeUpdate();
                }
            } else {
                dropped = StrandedTraffic.check(c, name, network, replace);
            }
            long parent = head.map(NetworkHead::latestVersion).orElse(0L);
            return new Imported(writeVersion(tx, name, parent, network, reason, author), dropped);
        });
        if (done.droppedOdPairs() > 0) {
            traffic.remove(name);
        }
        return done;
    }

    /** Drops what is cached of {@code name} (after it was deleted). */
    void forget(String name) {
        traffic.remove(name);
        snapshots.keySet().removeIf(k -> k.startsWith(name + "\u0000"));
    }

    /**
     * Commits a changed network as a new version, provided the network is still at
     * {@code expectedVersion} (optimistic concurrency).
     *
     * @throws StaleVersionException when another change landed first
     */
    public VersionInfo commit(String name, long expectedVersion, Network next, String reason, String author) {
        return inTransaction(tx -> {
            NetworkHead head = lockHead(tx.connection(), name).orElseThrow(() -> new NotFoundException("network", name));
            if (head.latestVersion() != expectedVersion) {
                throw new StaleVersionException(name, expectedVersion, head.latestVersion());
            }
            return writeVersion(tx, name, expectedVersion, next, reason, author);
        });
    }

    /** The snapshot at {@code version}, or the latest when version is 0. */
    public Snapshot snapshot(String name, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0 (0 = latest), got " + version);
        }
        long v = version == 0 ? head(name).latestVersion() : version;
        String key = name + "\u0000" + v;
        Snapshot cached = snapshots.get(key);
        if (cached != null) {
            return cached;
        }
        Snapshot loaded = query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, parent_version, reason, author, created_ms, topology_json "
                            + "FROM snapshot WHERE network = ? AND version = ?")) {
                ps.setString(1, name);
                ps.setLong(2, v);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        head(name); // NOT_FOUND for the network first, if that is what is missing
                        throw new NotFoundException("version", name + "@" + v,
                                "network '" + name + "' has no version " + v);
                    }
                    VersionInfo info = versionInfo(rs);
                    return new Snapshot(name, info, SnapshotCodec.decode(name, rs.getString(6)));
                }
            }
        });
        snapshots.put(key, loaded);
        return loaded;
    }

    /** The network's name and latest version. */
    public NetworkHead head(String name) {
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, latest_version, created_ms FROM network WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("network", name,
                                "network '" + name + "' does not exist; import it first");
                    }
                    return new NetworkHead(rs.getString(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    /** Every network, by name. */
    public List<NetworkHead> networks() {
        return query(c -> {
            List<NetworkHead> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, latest_version, created_ms FROM network ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NetworkHead(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }

    /** The version history of a network, oldest first. */
    public List<VersionInfo> versions(String name) {
        head(name);
        return query(c -> {
            List<VersionInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, parent_version, reason, author, created_ms FROM snapshot "
                            + "WHERE network = ? ORDER BY version")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(versionInfo(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Replaces the network's traffic series with {@code series}, atomically. The series must have rows,
     * with readable, increasing times ({@link TrafficTimeline#checkTimes}).
     *
     * @param where names row i in messages, e.g. "line 7"
     * @throws InvalidNetworkException naming the offending rows; nothing changes then
     */
    public void replaceTraffic(String name, TrafficSeries series, IntFunction<String> where) {
        if (series.size() == 0) {
            throw new InvalidNetworkException("samples", "no samples to load: a series is never replaced by nothing");
        }
        TrafficTimeline.checkTimes(series.samples().stream().map(TrafficSample::time).toList(), where);
        inTransaction(tx -> {
            Connection c = tx.connection();
            lockHead(c, name).orElseThrow(() -> new NotFoundException("network", name,
                    "network '" + name + "' does not exist; import its topology before its traffic"));
            try (PreparedStatement del = c.prepareStatement("DELETE FROM traffic_sample WHERE network = ?");
                 PreparedStatement delSeries = c.prepareStatement("DELETE FROM traffic_series WHERE network = ?")) {
                del.setString(1, name);
                del.executeUpdate();
                delSeries.setString(1, name);
                delSeries.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO traffic_series (network, od_pairs_json) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, SnapshotCodec.encodePairs(series.pairs()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO traffic_sample (network, row_index, time_label, missing, rates_bps) "
                            + "VALUES (?, ?, ?, ?, ?)")) {
                List<TrafficSample> samples = series.samples();
                for (int i = 0; i < samples.size(); i++) {
                    TrafficSample s = samples.get(i);
                    ps.setString(1, name);
                    ps.setInt(2, i);
                    ps.setString(3, s.time());
                    ps.setBoolean(4, s.missing());
                    ps.setBytes(5, toBytes(s.ratesBps()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        traffic.put(name, series);
    }

    /** The network's traffic series; empty (no pairs, no samples) when none was loaded. */
    public TrafficSeries traffic(String name) {
        head(name);
        TrafficSeries cached = traffic.get(name);
        if (cached != null) {
            return cached;
        }
        TrafficSeries loaded = query(c -> {
            List<OdPair> pairs;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT od_pairs_json FROM traffic_series WHERE network = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new TrafficSeries(List.of(), List.of());
                    }
                    pairs = SnapshotCodec.decodePairs(rs.getString(1));
                }
            }
            List<TrafficSample> samples = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT time_label, missing, rates_bps FROM traffic_sample WHERE network = ? "
                            + "ORDER BY row_index")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double[] rates = fromBytes(rs.getBytes(3));
                        // Rows written before a later append widened the columns have fewer rates.
                        if (rates.length < pairs.size()) {
                            rates = Arrays.copyOf(rates, pairs.size());
                        }
                        samples.add(new TrafficSample(rs.getString(1), rs.getBoolean(2), rates));
                    }
                }
            }
            return new TrafficSeries(pairs, samples);
        });
        traffic.put(name, loaded);
        return loaded;
    }

    /**
     * Where the rows of a load went: the 0-based rows of its first and last sample in the series, the
     * missing rows inserted to fill gaps, and the series' size after it.
     */
    public record TrafficLoad(long firstRow, long lastRow, int gapRows, long totalRows) {
    }

    /**
     * Appends a file's rows to the network's traffic series in one transaction, under
     * {@link TrafficTimeline}'s rules (after the last stored row, on its step, gaps filled with missing
     * rows) and with the stored OD pairs; the first load of a network sets them.
     *
     * @param where names row i in messages, e.g. "line 7"
     * @throws InvalidNetworkException naming the offending rows; nothing is written then
     */
    public TrafficLoad appendTraffic(String name, TrafficSeries series, IntFunction<String> where) {
        if (series.size() == 0) {
            throw new InvalidNetworkException("samples", "no samples to load");
        }
        return append(name, series.pairs(), series.samples(), true, where);
    }

    /**
     * Appends streamed samples to the network's traffic series in one transaction and returns the 0-based
     * row of the last one. Same time rules as {@link #appendTraffic(String, TrafficSeries, IntFunction)};
     * OD pairs not yet in the series become new columns (earlier rows read as 0 for them).
     *
     * @throws InvalidNetworkException naming the offending samples; nothing is written then
     */
    public long appendTraffic(String name, List<TimedDemands> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to append");
        }
        List<OdPair> pairs = new ArrayList<>();
        Map<OdPair, Integer> column = new HashMap<>();
        for (TimedDemands s : samples) {
            for (Demand d : s.demands()) {
                column.computeIfAbsent(new OdPair(d.src(), d.dst()), p -> {
                    pairs.add(p);
                    return pairs.size() - 1;
                });
            }
        }
        List<TrafficSample> rows = new ArrayList<>(samples.size());
        for (TimedDemands s : samples) {
            double[] rates = new double[pairs.size()];
            for (Demand d : s.demands()) {
                rates[column.get(new OdPair(d.src(), d.dst()))] += d.rateBps();
            }
            rows.add(new TrafficSample(s.time(), false, rates));
        }
        return append(name, pairs, rows, false, i -> "sample " + i).lastRow();
    }

    private TrafficLoad append(String name, List<OdPair> pairs, List<TrafficSample> rows, boolean pairsMustMatch,
                               IntFunction<String> where) {
        try {
            return inTransaction(tx -> {
                Connection c = tx.connection();
                lockHead(c, name).orElseThrow(() -> new NotFoundException("network", name,
                        "network '" + name + "' does not exist; import its topology before its traffic"));
                return TrafficAppender.append(c, name, pairs, rows, pairsMustMatch, where);
            });
        } finally {
            traffic.remove(name);
        }
    }

    /** Keeps only the newest {@code keep} samples of the network's traffic series; returns how many were deleted. */
    public int trimTraffic(String name, int keep) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be > 0, got " + keep);
        }
        int deleted = inTransaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(
                    "DELETE FROM traffic_sample WHERE network = ? AND row_index <= "
                            + "(SELECT MAX(row_index) FROM traffic_sample WHERE network = ?) - ?")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setLong(3, keep);
                return ps.executeUpdate();
            }
        });
        if (deleted > 0) {
            traffic.remove(name);
        }
        return deleted;
    }

    /**
     * Writes {@code network} as the version after {@code parent} inside {@code tx}; the caller
     * holds the network's head lock ({@link #lockHead}). The version is published after commit.
     */
    VersionInfo writeVersion(Tx tx, String name, long parent, Network network, String reason, String author)
            throws SQLException {
        VersionInfo v = writeVersion(tx.connection(), name, parent, network, reason, author, System.currentTimeMillis());
        tx.afterCommit(() -> events.publish(new TwinEvent.VersionChanged(name, v.createdUnixMs(), v)));
        return v;
    }

    private VersionInfo writeVersion(Connection c, String name, long parent, Network network,
                                     String reason, String author, long now) throws SQLException {
        long version = parent + 1;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO snapshot (network, version, parent_version, reason, author, created_ms, topology_json) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, version);
            ps.setLong(3, parent);
            ps.setString(4, reason);
            ps.setString(5, author);
            ps.setLong(6, now);
            ps.setString(7, SnapshotCodec.encode(network));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE network SET latest_version = ? WHERE name = ?")) {
            ps.setLong(1, version);
            ps.setString(2, name);
            ps.executeUpdate();
        }
        return new VersionInfo(version, parent, reason, author, now);
    }

    static Optional<NetworkHead> lockHead(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, latest_version, created_ms FROM network WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new NetworkHead(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    private static VersionInfo versionInfo(ResultSet rs) throws SQLException {
        return new VersionInfo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    }

    static byte[] toBytes(double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES);
        for (double v : values) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    static double[] fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        double[] out = new double[bytes.length / Double.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getDouble();
        }
        return out;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface TxWork<T> {
        T run(Tx tx) throws SQLException;
    }

    /** An open transaction and what to do once it committed. */
    static final class Tx {
        private final Connection connection;
        private final List<Runnable> afterCommit = new ArrayList<>();

        Tx(Connection connection) {
            this.connection = connection;
        }

        Connection connection() {
            return connection;
        }

        /** Runs {@code action} after the commit (never when the transaction rolls back). */
        void afterCommit(Runnable action) {
            afterCommit.add(action);
        }
    }

    <T> T query(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("twin store query failed", e);
        }
    }

    /** Runs {@code work} in one transaction, then (only after the commit) its after-commit actions. */
    <T> T inTransaction(TxWork<T> work) {
        Tx tx;
        T result;
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                tx = new Tx(c);
                result = work.run(tx);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new StoreException("twin store write failed", e);
        }
        for (Runnable r : tx.afterCommit) {
            r.run();
        }
        return result;
    }
}
