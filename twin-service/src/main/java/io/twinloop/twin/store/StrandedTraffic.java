package io.twinloop.twin.store;

import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The re-import check: stored traffic whose OD pairs name nodes a new topology lacks would be
 * stranded (the twin could no longer route it, forecasts and rounds would break). Without
 * {@code replace} such an import is refused; with it, those pairs' columns are dropped from the
 * stored series (every row keeps the other pairs' rates) and the series is deleted when no pair
 * is left. Runs inside the import's transaction, under the network's head lock.
 */
final class StrandedTraffic {
    private StrandedTraffic() {
    }

    /**
     * Checks (and, with {@code replace}, drops) the stored traffic of {@code name} against the new
     * topology {@code next}; returns the number of OD pairs dropped.
     *
     * @throws StrandedTrafficException when pairs would be stranded and {@code replace} is false
     */
    static int check(Connection c, String name, Network next, boolean replace) throws SQLException {
        List<OdPair> pairs;
        try (PreparedStatement ps = c.prepareStatement("SELECT od_pairs_json FROM traffic_series WHERE network = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                pairs = SnapshotCodec.decodePairs(rs.getString(1));
            }
        }
        Set<String> nodes = new HashSet<>();
        for (Node n : next.nodes()) {
            nodes.add(n.name());
        }
        List<Integer> keep = new ArrayList<>();
        OdPair first = null;
        int stranded = 0;
        for (int i = 0; i < pairs.size(); i++) {
            OdPair p = pairs.get(i);
            if (nodes.contains(p.src()) && nodes.contains(p.dst())) {
                keep.add(i);
            } else {
                if (first == null) {
                    first = p;
                }
                stranded++;
            }
        }
        if (stranded == 0) {
            return 0;
        }
        if (!replace) {
            throw new StrandedTrafficException(name, first, nodes.contains(first.src()) ? first.dst() : first.src(),
                    stranded, pairs.size());
        }
        if (keep.isEmpty()) {
            delete(c, "DELETE FROM traffic_sample WHERE network = ?", name);
            delete(c, "DELETE FROM traffic_series WHERE network = ?", name);
            return stranded;
        }
        List<OdPair> kept = new ArrayList<>(keep.size());
        keep.forEach(i -> kept.add(pairs.get(i)));
        try (PreparedStatement ps = c.prepareStatement("UPDATE traffic_series SET od_pairs_json = ? WHERE network = ?")) {
            ps.setString(1, SnapshotCodec.encodePairs(kept));
            ps.setString(2, name);
            ps.executeUpdate();
        }
        List<Long> rows = new ArrayList<>();
        List<double[]> rates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT row_index, rates_bps FROM traffic_sample WHERE network = ? ORDER BY row_index")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double[] old = TrafficStore.fromBytes(rs.getBytes(2));
                    double[] now = new double[keep.size()];
                    for (int j = 0; j < now.length; j++) {
                        int from = keep.get(j);
                        now[j] = from < old.length ? old[from] : 0; // rows written before a widening are shorter
                    }
                    rows.add(rs.getLong(1));
                    rates.add(now);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE traffic_sample SET rates_bps = ? WHERE network = ? AND row_index = ?")) {
            for (int i = 0; i < rows.size(); i++) {
                ps.setBytes(1, TrafficStore.toBytes(rates.get(i)));
                ps.setString(2, name);
                ps.setLong(3, rows.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return stranded;
    }

    private static void delete(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }
}
