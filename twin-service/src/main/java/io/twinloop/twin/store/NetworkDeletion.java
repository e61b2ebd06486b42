package io.twinloop.twin.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Deletes a network with everything the twin stores for it, in one transaction under the
 * network's head lock: telemetry blocks, link oper states, its retention policy, traffic samples
 * and series, snapshots, and the network row last. Either all of it goes or none.
 */
@ApplicationScoped
public class NetworkDeletion {

    /** What a deletion removed. */
    public record Deleted(long versions, long trafficSamples, long telemetrySamples) {
    }

    private final TwinStore store;

    @Inject
    public NetworkDeletion(TwinStore store) {
        this.store = store;
    }

    /**
     * Deletes network {@code name}.
     *
     * @throws NotFoundException when there is no such network
     */
    public Deleted delete(String name) {
        Deleted d = store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.lockHead(c, name).orElseThrow(() -> new NotFoundException("network", name,
                    "network '" + name + "' does not exist"));
            long versions = count(c, "SELECT COUNT(*) FROM snapshot WHERE network = ?", name);
            long traffic = count(c, "SELECT COUNT(*) FROM traffic_sample WHERE network = ?", name);
            long telemetry = count(c, "SELECT COALESCE(SUM(samples), 0) FROM telemetry_block WHERE network = ?", name);
            for (String sql : new String[]{
                    "DELETE FROM telemetry_block WHERE network = ?",
                    "DELETE FROM link_oper_state WHERE network = ?",
                    "DELETE FROM retention_policy WHERE scope = ?",
                    "DELETE FROM traffic_follow WHERE network = ?",
                    "DELETE FROM telemetry_source WHERE network = ?",
                    "DELETE FROM traffic_sample WHERE network = ?",
                    "DELETE FROM traffic_series WHERE network = ?",
                    "DELETE FROM snapshot WHERE network = ?",
                    "DELETE FROM network WHERE name = ?"}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
            return new Deleted(versions, traffic, telemetry);
        });
        store.forget(name);
        return d;
    }

    private static long count(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
