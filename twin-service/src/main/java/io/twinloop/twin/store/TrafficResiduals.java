package io.twinloop.twin.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * The residuals stored with estimated traffic rows ({@link TrafficStore#appendEstimated}), read by row. Row
 * numbers are the series' as clients see them: 0 is the oldest kept row.
 */
@ApplicationScoped
public class TrafficResiduals {
    private final TwinStore store;

    @Inject
    public TrafficResiduals(TwinStore store) {
        this.store = store;
    }

    /** The residuals of the rows {@code fromRow <= row < toRow} that have them, by row. */
    public Map<Integer, ResidualCodec.Residuals> rows(String name, int fromRow, int toRow) {
        return store.query(c -> {
            Map<Integer, ResidualCodec.Residuals> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT s.row_index - f.first_row, s.residuals FROM traffic_sample s, "
                            + "(SELECT MIN(row_index) AS first_row FROM traffic_sample WHERE network = ?) f "
                            + "WHERE s.network = ? AND s.residuals IS NOT NULL "
                            + "AND s.row_index >= f.first_row + ? AND s.row_index < f.first_row + ? ORDER BY s.row_index")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setInt(3, fromRow);
                ps.setInt(4, toRow);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), ResidualCodec.decode(rs.getBytes(2)));
                    }
                }
            }
            return out;
        });
    }
}
