package io.twinloop.twin.store;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Appends rows to a network's stored traffic series inside the caller's transaction (which holds the
 * network's head lock), under {@link TrafficTimeline}'s rules: after the last stored row, on its step, gaps
 * filled with missing rows. Appending never renumbers stored rows, so a row number that the forecaster,
 * a round or {@code --at ROW} used keeps naming the same interval.
 *
 * <p>Columns: a file must have the stored OD pairs (any order; a different set is refused, naming the
 * pairs); a stream's samples are sparse, so a pair the series lacks becomes a new column that reads 0 in
 * earlier rows.
 */
final class TrafficAppender {

    private TrafficAppender() {
    }

    /**
     * Appends {@code rows} (rates over {@code pairs}) to {@code name}'s series.
     *
     * @param pairsMustMatch true for files (the OD pairs must be the stored ones), false for streams
     * @param residuals      per row its encoded residuals ({@link ResidualCodec}), or null when none
     * @param where          names row i in messages ("line 7", "sample 3")
     */
    static TrafficStore.TrafficLoad append(Connection c, String name, List<OdPair> pairs, List<TrafficSample> rows,
                           List<byte[]> residuals, boolean pairsMustMatch, IntFunction<String> where) throws SQLException {
        List<String> labels = rows.stream().map(TrafficSample::time).toList();
        long[] times = TrafficTimeline.checkTimes(labels, where);
        List<OdPair> columns = new ArrayList<>();
        boolean hasSeries;
        try (PreparedStatement ps = c.prepareStatement("SELECT od_pairs_json FROM traffic_series WHERE network = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                hasSeries = rs.next();
                if (hasSeries) {
                    columns.addAll(SnapshotCodec.decodePairs(rs.getString(1)));
                }
            }
        }
        List<String> stored = new ArrayList<>();
        long firstStoredRow = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT row_index, time_label FROM traffic_sample WHERE network = ? ORDER BY row_index")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (stored.isEmpty()) {
                        firstStoredRow = rs.getLong(1);
                    }
                    stored.add(rs.getString(2));
                }
            }
        }
        TrafficTimeline.Continuation cont = TrafficTimeline.continueAfter(stored, labels, times, where);
        if (pairsMustMatch && !stored.isEmpty()) {
            checkSamePairs(columns, pairs);
        }
        int columnsBefore = columns.size();
        Map<OdPair, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        if (stored.isEmpty() && pairsMustMatch) {
            columns.clear(); // a first load (or a load after the rows were all trimmed) sets the columns
            index.clear();
        }
        int[] columnOf = new int[pairs.size()];
        for (int p = 0; p < pairs.size(); p++) {
            Integer col = index.get(pairs.get(p));
            if (col == null) {
                col = columns.size();
                columns.add(pairs.get(p));
                index.put(pairs.get(p), col);
            }
            columnOf[p] = col;
        }
        if (!hasSeries || columns.size() != columnsBefore || (stored.isEmpty() && pairsMustMatch)) {
            try (PreparedStatement ps = c.prepareStatement(hasSeries
                    ? "UPDATE traffic_series SET od_pairs_json = ? WHERE network = ?"
                    : "INSERT INTO traffic_series (od_pairs_json, network) VALUES (?, ?)")) {
                ps.setString(1, SnapshotCodec.encodePairs(columns));
                ps.setString(2, name);
                ps.executeUpdate();
            }
        }
        // Row numbers as clients see them count from the oldest kept row (retention may have trimmed older ones).
        long nextIndex;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(row_index), -1) FROM traffic_sample WHERE network = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                nextIndex = rs.getLong(1) + 1;
            }
        }
        long firstNewIndex = -1;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO traffic_sample (network, row_index, time_label, missing, rates_bps, fit_error, residuals) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            byte[] empty = TrafficStore.toBytes(new double[columns.size()]);
            String previous = stored.isEmpty() ? null : stored.get(stored.size() - 1);
            for (int i = 0; i < rows.size(); i++) {
                for (int g = 1; g <= cont.gapsBefore()[i]; g++) {
                    add(ps, name, nextIndex++, TimeLabels.plus(previous, (long) g * cont.stepSeconds()), true, empty,
                            Double.NaN, null);
                }
                TrafficSample r = rows.get(i);
                double[] rates = new double[columns.size()];
                for (int p = 0; p < pairs.size(); p++) {
                    rates[columnOf[p]] += r.rateBps(p);
                }
                if (firstNewIndex < 0) {
                    firstNewIndex = nextIndex;
                }
                add(ps, name, nextIndex++, r.time(), r.missing(), TrafficStore.toBytes(rates), r.fitError(),
                        residuals == null ? null : residuals.get(i));
                previous = r.time();
            }
            ps.executeBatch();
        }
        long total = stored.size() + cont.gapRows() + rows.size();
        long offset = stored.isEmpty() ? firstNewIndex : firstStoredRow;
        return new TrafficStore.TrafficLoad(firstNewIndex - offset, nextIndex - 1 - offset, cont.gapRows(), total);
    }

    private static void add(PreparedStatement ps, String name, long index, String time, boolean missing, byte[] rates,
                            double fitError, byte[] residuals) throws SQLException {
        ps.setString(1, name);
        ps.setLong(2, index);
        ps.setString(3, time);
        ps.setBoolean(4, missing);
        ps.setBytes(5, rates);
        if (Double.isNaN(fitError)) {
            ps.setNull(6, Types.DOUBLE);
        } else {
            ps.setDouble(6, fitError);
        }
        if (residuals == null) {
            ps.setNull(7, Types.VARBINARY);
        } else {
            ps.setBytes(7, residuals);
        }
        ps.addBatch();
    }

    /** A file appended to a series must carry the series' OD pairs, no more and no fewer. */
    private static void checkSamePairs(List<OdPair> stored, List<OdPair> file) {
        Set<OdPair> have = new HashSet<>(stored);
        Set<OdPair> extra = new LinkedHashSet<>(file);
        extra.removeAll(have);
        Set<OdPair> absent = new LinkedHashSet<>(stored);
        absent.removeAll(new HashSet<>(file));
        if (extra.isEmpty() && absent.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!extra.isEmpty()) {
            problems.add(extra.size() + " OD pairs of the file are not in the stored series: " + labels(extra));
        }
        if (!absent.isEmpty()) {
            problems.add(absent.size() + " OD pairs of the stored series are not in the file: " + labels(absent));
        }
        problems.add("a file appended to a series has its OD columns (in any order); replace the series to change them");
        throw new InvalidNetworkException("od_pairs", problems);
    }

    private static String labels(Set<OdPair> pairs) {
        List<String> out = pairs.stream().limit(5).map(OdPair::label).toList();
        return String.join(", ", out) + (pairs.size() > 5 ? ", ..." : "");
    }
}
