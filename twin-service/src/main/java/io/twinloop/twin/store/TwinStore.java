package io.twinloop.twin.store;

import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The twin's durable networks and their versions over JDBC: importing a network, committing a
 * change as a new version, and reading heads, version histories and snapshots. Snapshots are
 * immutable once written, so decoded snapshots are cached by (network, version). Every write runs
 * in one transaction ({@link StoreTransactions}): it either lands whole or not at all, and every
 * version it made is published to {@link TwinEvents} only after the commit. The other stores
 * ({@link TrafficStore}, {@link TelemetryStore}) run their transactions through this one, under
 * the same per-network head lock ({@link #lockHead}).
 */
@ApplicationScoped
public class TwinStore {

    /** A network name and its latest version. */
    public record NetworkHead(String name, long latestVersion, long createdUnixMs) {
    }

    private final StoreTransactions transactions;
    private final StoreKind kind;
    private final TwinEvents events;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, TrafficSeries> trafficCache = new ConcurrentHashMap<>();

    @Inject
    public TwinStore(TwinDatabase database, TwinEvents events) {
        this.transactions = new StoreTransactions(database.dataSource());
        this.kind = database.kind();
        this.events = events;
    }

    /**
     * The traffic series {@link TrafficStore} caches, by network. Kept here because two writes of this
     * store change a series too: a re-import that drops stranded pairs, and a deletion ({@link #forget}).
     * A method, not a field: other beans reach this one through its client proxy.
     */
    Map<String, TrafficSeries> trafficCache() {
        return trafficCache;
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
            trafficCache.remove(name);
        }
        return done;
    }

    /** Drops what is cached of {@code name} (after it was deleted). */
    void forget(String name) {
        trafficCache.remove(name);
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
     * Writes {@code network} as the version after {@code parent} inside {@code tx}; the caller
     * holds the network's head lock ({@link #lockHead}). The version is published after commit.
     */
    VersionInfo writeVersion(StoreTransactions.Tx tx, String name, long parent, Network network, String reason, String author)
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

    <T> T query(StoreTransactions.SqlWork<T> work) {
        return transactions.query(work);
    }

    /** Runs {@code work} in one transaction, then (only after the commit) its after-commit actions. */
    <T> T inTransaction(StoreTransactions.TxWork<T> work) {
        return transactions.inTransaction(work);
    }
}
