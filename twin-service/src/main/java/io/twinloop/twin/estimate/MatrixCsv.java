package io.twinloop.twin.estimate;

import io.twinloop.model.Network;
import io.twinloop.model.routing.RoutingMatrix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A file in the traffic-matrix import layout read for estimation (KNOWN and CAL files): a header
 * {@code time[,n_demands_in_file],SRC->DST,...}, values in Mbit/s. Unlike a traffic import, a blank cell is
 * kept as NaN (the caller decides: unknown for known demands, 0 for a calibration matrix), and every column
 * must be a pair of two different nodes of the network.
 *
 * @param pairs the routing-matrix pair index of each value column
 * @param rows  the rows in file order
 */
record MatrixCsv(int[] pairs, List<Row> rows) {

    /**
     * One row.
     *
     * @param line    its 1-based line
     * @param time    its time cell
     * @param missing {@code n_demands_in_file = 0}: a missing measurement
     * @param bps     per value column, bit/s; NaN where the cell is blank
     */
    record Row(int line, String time, boolean missing, double[] bps) {
    }

    static MatrixCsv read(CsvText f, Network net) {
        String[] h = f.header();
        if (!h[0].equals("time")) {
            throw f.error(1, "the header must start with time (then optionally n_demands_in_file, then SRC->DST columns "
                    + "in Mbit/s), not '" + CsvText.shorten(f.lines.get(0)) + "'");
        }
        int first = h.length > 1 && h[1].equals("n_demands_in_file") ? 2 : 1;
        int n = net.nodes().size();
        int[] pairs = new int[h.length - first];
        Map<Integer, Integer> seen = new HashMap<>();
        for (int c = first; c < h.length; c++) {
            String col = h[c];
            int arrow = col.indexOf("->");
            if (arrow <= 0 || arrow + 2 >= col.length()) {
                throw f.error(1, "column " + (c + 1) + " '" + CsvText.shorten(col) + "' is not of the form SRC->DST");
            }
            String src = col.substring(0, arrow).trim();
            String dst = col.substring(arrow + 2).trim();
            int s = net.nodeIndex(src);
            int d = net.nodeIndex(dst);
            if (s < 0 || d < 0) {
                throw f.error(1, "column " + col + ": unknown node '" + (s < 0 ? src : dst) + "' (not a node of network '"
                        + net.name() + "')");
            }
            if (s == d) {
                throw f.error(1, "column " + col + ": source and destination are the same node");
            }
            int p = RoutingMatrix.index(n, s, d);
            Integer before = seen.put(p, c);
            if (before != null) {
                throw f.error(1, "OD pair " + col + " appears twice (columns " + (before + 1) + " and " + (c + 1) + ")");
            }
            pairs[c - first] = p;
        }
        List<Row> rows = new ArrayList<>();
        for (int line = 2; line <= f.lines.size(); line++) {
            String[] cells = f.cells(line);
            if (cells.length != h.length) {
                throw f.error(line, "expected " + h.length + " columns as in the header, found " + cells.length);
            }
            String time = cells[0];
            if (time.isEmpty()) {
                throw f.error(line, "empty time cell");
            }
            boolean missing = false;
            if (first == 2) {
                try {
                    long k = Long.parseLong(cells[1]);
                    if (k < 0) {
                        throw f.error(line, "n_demands_in_file is negative: " + k);
                    }
                    missing = k == 0;
                } catch (NumberFormatException e) {
                    throw f.error(line, "n_demands_in_file is not an integer: '" + CsvText.shorten(cells[1]) + "'");
                }
            }
            double[] bps = new double[pairs.length];
            for (int c = first; c < cells.length; c++) {
                bps[c - first] = f.rate(line, cells[c], "value of " + h[c] + " at " + time, 1e6);
                if (missing && !Double.isNaN(bps[c - first])) {
                    throw f.error(line, "row " + time + " has n_demands_in_file = 0 (a missing measurement) but a value in "
                            + "column " + h[c]);
                }
            }
            rows.add(new Row(line, time, missing, bps));
        }
        return new MatrixCsv(pairs, rows);
    }
}
