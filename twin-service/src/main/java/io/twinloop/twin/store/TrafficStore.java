package io.twinloop.twin.store;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The networks' traffic-matrix series in the twin's database: loading a file (replacing or appending),
 * appending streamed samples, reading a series and trimming it. A series is cached until it changes
 * (in {@link TwinStore}'s cache, which a re-import dropping stranded pairs and a deletion also clear).
 * Every write runs in one transaction under the network's head lock.
 */
@ApplicationScoped
public class TrafficStore {

    /** One traffic-matrix sample to append: its time label and its demands. */
    public record TimedDemands(String time, List<Demand> demands) {
        public TimedDemands {
            demands = List.copyOf(demands);
        }
    }

    private final TwinStore store;
    private final Map<String, TrafficSeries> traffic;

    @Inject
    public TrafficStore(TwinStore store) {
        this.store = store;
        this.traffic = store.trafficCache();
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
        store.inTransaction(tx -> {
            Connection c = tx.connection();
            TwinStore.lockHead(c, name).orElseThrow(() -> new NotFoundException("network", name,
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
                    "INSERT INTO traffic_sample (network, row_index, time_label, missing, rates_bps, fit_error) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")) {
                List<TrafficSample> samples = series.samples();
                for (int i = 0; i < samples.size(); i++) {
                    TrafficSample s = samples.get(i);
                    ps.setString(1, name);
                    ps.setInt(2, i);
                    ps.setString(3, s.time());
                    ps.setBoolean(4, s.missing());
                    ps.setBytes(5, toBytes(s.ratesBps()));
                    setFit(ps, 6, s);
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
        store.head(name);
        TrafficSeries cached = traffic.get(name);
        if (cached != null) {
            return cached;
        }
        TrafficSeries loaded = store.query(c -> {
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
                    "SELECT time_label, missing, rates_bps, fit_error FROM traffic_sample WHERE network = ? "
                            + "ORDER BY row_index")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double[] rates = fromBytes(rs.getBytes(3));
                        // Rows written before a later append widened the columns have fewer rates.
                        if (rates.length < pairs.size()) {
                            rates = Arrays.copyOf(rates, pairs.size());
                        }
                        double fit = rs.getDouble(4);
                        if (rs.wasNull()) {
                            fit = Double.NaN; // a measured row
                        }
                        samples.add(new TrafficSample(rs.getString(1), rs.getBoolean(2), rates, fit));
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
        return append(name, series.pairs(), series.samples(), null, true, where);
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
        return append(name, pairs, rows, null, false, i -> "sample " + i).lastRow();
    }

    private TrafficLoad append(String name, List<OdPair> pairs, List<TrafficSample> rows, List<byte[]> residuals,
                               boolean pairsMustMatch, IntFunction<String> where) {
        try {
            return store.inTransaction(tx -> {
                Connection c = tx.connection();
                TwinStore.lockHead(c, name).orElseThrow(() -> new NotFoundException("network", name,
                        "network '" + name + "' does not exist; import its topology before its traffic"));
                return TrafficAppender.append(c, name, pairs, rows, residuals, pairsMustMatch, where);
            });
        } finally {
            traffic.remove(name);
        }
    }

    /**
     * Appends estimated rows (over {@code pairs}, each {@link TrafficSample#estimated()}) to the network's
     * traffic series in one transaction, under the time rules of a file's append; OD pairs the series lacks
     * become new columns (earlier rows read 0 for them) and the series' pairs the rows lack read 0 in them.
     *
     * @param residuals each row's residuals, stored with it (read back by {@link TrafficResiduals})
     * @param where     names row i in messages, e.g. "interval 3 (20040301-0015)"
     * @throws InvalidNetworkException naming the offending rows; nothing is written then
     */
    public TrafficLoad appendEstimated(String name, List<OdPair> pairs, List<TrafficSample> rows,
                                       List<ResidualCodec.Residuals> residuals, IntFunction<String> where) {
        if (rows.isEmpty()) {
            throw new InvalidNetworkException("samples", "no samples to store");
        }
        if (residuals.size() != rows.size()) {
            throw new IllegalArgumentException(residuals.size() + " residuals for " + rows.size() + " rows");
        }
        return append(name, pairs, rows, residuals.stream().map(ResidualCodec::encode).toList(), false, where);
    }

    /** Binds a row's fit error: NULL for a measured row. */
    static void setFit(PreparedStatement ps, int index, TrafficSample s) throws SQLException {
        if (s.estimated()) {
            ps.setDouble(index, s.fitError());
        } else {
            ps.setNull(index, Types.DOUBLE);
        }
    }

    /** Keeps only the newest {@code keep} samples of the network's traffic series; returns how many were deleted. */
    public int trimTraffic(String name, int keep) {
        if (keep <= 0) {
            throw new IllegalArgumentException("keep must be > 0, got " + keep);
        }
        int deleted = store.inTransaction(tx -> {
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
}
