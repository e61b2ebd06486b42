package io.twinloop.twin.estimate;

import io.twinloop.model.Network;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.platform.grpc.RequestException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads the counter files of an EstimateTraffic request against a network snapshot:
 * <ul>
 *   <li>{@code links_csv}, the telemetry layout {@code time,link,rate_bps} (further columns ignored): one
 *       interval per distinct time; a link without a line at a time, or with an empty rate, is not counted
 *       in that interval;</li>
 *   <li>{@code nodes_csv}, {@code time,node,ingress_bps,egress_bps}, an empty cell not counted;</li>
 *   <li>{@code known_csv} and {@code calibration_csv}, the traffic-matrix layout ({@link MatrixCsv}).</li>
 * </ul>
 * Intervals are put in time order when every time is readable (ISO-8601, {@code yyyyMMdd-HHmm},
 * {@code yyyyMMdd} or Unix milliseconds), else kept in file order. Times of the other files match an
 * interval when they are the same text or the same instant. Unknown links, nodes and pairs, unreadable,
 * negative or NaN rates, repeated lines, and node totals at a time without link counters are refused
 * naming the file's field and line ({@link RequestException}).
 */
public final class CounterFiles {

    private CounterFiles() {
    }

    /** One interval being read: its label and counters. */
    private static final class Interval {
        final String label;
        final int firstLine;
        final double[] links;
        final int[] linkLine;
        double[] ingress;
        double[] egress;
        int[] nodeLine;
        double[] known;
        int knownLine;

        Interval(String label, int firstLine, int m) {
            this.label = label;
            this.firstLine = firstLine;
            this.links = new double[m];
            this.linkLine = new int[m];
            Arrays.fill(links, Double.NaN);
        }
    }

    /**
     * Reads the files; {@code nodes}, {@code known} and {@code calibration} may be null or empty (absent).
     *
     * @throws RequestException naming the field and line of the first problem
     */
    public static EstimationInput read(Network net, byte[] links, byte[] nodes, byte[] known, byte[] calibration) {
        List<Interval> intervals = readLinks(net, new CsvText("links_csv", links));
        Map<String, Interval> byLabel = new HashMap<>();
        Map<Long, Interval> byInstant = new HashMap<>();
        for (Interval i : intervals) {
            byLabel.put(i.label, i);
            CsvText.instantMs(i.label).ifPresent(t -> byInstant.put(t, i));
        }
        Function<String, Interval> find = label -> {
            Interval i = byLabel.get(label);
            if (i == null) {
                OptionalLong t = CsvText.instantMs(label);
                i = t.isPresent() ? byInstant.get(t.getAsLong()) : null;
            }
            return i;
        };
        if (present(nodes)) {
            readNodes(net, new CsvText("nodes_csv", nodes), find);
        }
        int pairs = net.nodes().size() * (net.nodes().size() - 1);
        if (present(known)) {
            CsvText f = new CsvText("known_csv", known);
            MatrixCsv k = MatrixCsv.read(f, net);
            for (MatrixCsv.Row r : k.rows()) {
                Interval i = find.apply(r.time());
                if (i == null || r.missing()) {
                    continue; // rows of other times, and missing measurements, know nothing of the intervals
                }
                if (i.known != null) {
                    throw f.error(r.line(), "time " + r.time() + " appears again (first on line " + i.knownLine + ")");
                }
                i.known = new double[pairs];
                Arrays.fill(i.known, Double.NaN);
                i.knownLine = r.line();
                for (int c = 0; c < k.pairs().length; c++) {
                    i.known[k.pairs()[c]] = r.bps()[c];
                }
            }
        }
        Calibration cal = present(calibration) ? calibration(net, new CsvText("calibration_csv", calibration), pairs) : null;
        List<String> labels = new ArrayList<>(intervals.size());
        List<IntervalCounters> counters = new ArrayList<>(intervals.size());
        for (Interval i : intervals) {
            labels.add(i.label);
            counters.add(new IntervalCounters(CsvText.readable(i.label), i.links, i.ingress, i.egress, i.known));
        }
        return new EstimationInput(labels, counters, cal);
    }

    /**
     * Reads a calibration file alone (for estimates from stored telemetry).
     *
     * @throws RequestException naming the line of the first problem
     */
    public static Calibration calibration(Network net, byte[] calibration) {
        int n = net.nodes().size();
        return calibration(net, new CsvText("calibration_csv", calibration), n * (n - 1));
    }

    private static boolean present(byte[] content) {
        return content != null && content.length > 0;
    }

    private static List<Interval> readLinks(Network net, CsvText f) {
        String[] h = f.header();
        if (h.length < 3 || !h[0].equals("time") || !h[1].equals("link") || !h[2].equals("rate_bps")) {
            throw f.error(1, "the header must start with time,link,rate_bps, not '" + CsvText.shorten(f.lines.get(0)) + "'");
        }
        int m = net.links().size();
        Map<String, Interval> byLabel = new LinkedHashMap<>();
        for (int line = 2; line <= f.lines.size(); line++) {
            if (f.lines.get(line - 1).isBlank()) {
                continue;
            }
            String[] c = f.cells(line);
            if (c.length < 3) {
                throw f.error(line, "expected time,link,rate_bps, found " + c.length + " cells");
            }
            if (c[0].isEmpty()) {
                throw f.error(line, "empty time cell");
            }
            int l = net.linkIndex(c[1]);
            if (l < 0) {
                throw f.error(line, "unknown link '" + CsvText.shorten(c[1]) + "' (not a link of network '" + net.name() + "')");
            }
            int lineNo = line;
            Interval i = byLabel.computeIfAbsent(c[0], t -> new Interval(t, lineNo, m));
            if (i.linkLine[l] != 0) {
                throw f.error(line, "link " + c[1] + " at time " + c[0] + " appears again (first on line " + i.linkLine[l] + ")");
            }
            i.linkLine[l] = line;
            i.links[l] = f.rate(line, c[2], "rate_bps of link " + c[1] + " at " + c[0], 1);
        }
        if (byLabel.isEmpty()) {
            throw f.error(1, "no link counters: the file has a header but no lines");
        }
        List<Interval> out = new ArrayList<>(byLabel.values());
        if (out.stream().allMatch(i -> CsvText.instantMs(i.label).isPresent())) {
            out.sort(Comparator.comparingLong(i -> CsvText.instantMs(i.label).getAsLong()));
            for (int k = 1; k < out.size(); k++) {
                Interval a = out.get(k - 1);
                Interval b = out.get(k);
                if (CsvText.instantMs(a.label).getAsLong() == CsvText.instantMs(b.label).getAsLong()) {
                    throw f.error(Math.max(a.firstLine, b.firstLine), "time " + b.label + " is the same instant as time "
                            + a.label + " (line " + Math.min(a.firstLine, b.firstLine) + "); write each interval's time one way");
                }
            }
        }
        return out;
    }

    private static void readNodes(Network net, CsvText f, Function<String, Interval> find) {
        String[] h = f.header();
        if (h.length < 4 || !h[0].equals("time") || !h[1].equals("node") || !h[2].equals("ingress_bps")
                || !h[3].equals("egress_bps")) {
            throw f.error(1, "the header must be time,node,ingress_bps,egress_bps, not '" + CsvText.shorten(f.lines.get(0)) + "'");
        }
        int n = net.nodes().size();
        for (int line = 2; line <= f.lines.size(); line++) {
            if (f.lines.get(line - 1).isBlank()) {
                continue;
            }
            String[] c = f.cells(line);
            if (c.length < 4) {
                throw f.error(line, "expected time,node,ingress_bps,egress_bps, found " + c.length + " cells");
            }
            int v = net.nodeIndex(c[1]);
            if (v < 0) {
                throw f.error(line, "unknown node '" + CsvText.shorten(c[1]) + "' (not a node of network '" + net.name() + "')");
            }
            Interval i = find.apply(c[0]);
            if (i == null) {
                throw f.error(line, "time '" + CsvText.shorten(c[0]) + "' has no link counters in links_csv: every link "
                        + "counter of that interval is missing");
            }
            if (i.ingress == null) {
                i.ingress = new double[n];
                i.egress = new double[n];
                i.nodeLine = new int[n];
                Arrays.fill(i.ingress, Double.NaN);
                Arrays.fill(i.egress, Double.NaN);
            }
            if (i.nodeLine[v] != 0) {
                throw f.error(line, "node " + c[1] + " at time " + c[0] + " appears again (first on line " + i.nodeLine[v] + ")");
            }
            i.nodeLine[v] = line;
            i.ingress[v] = f.rate(line, c[2], "ingress_bps of node " + c[1] + " at " + c[0], 1);
            i.egress[v] = f.rate(line, c[3], "egress_bps of node " + c[1] + " at " + c[0], 1);
        }
    }

    /** The measured rows of a calibration file, blank cells and absent pairs 0. */
    private static Calibration calibration(Network net, CsvText f, int pairs) {
        MatrixCsv k = MatrixCsv.read(f, net);
        List<String> times = new ArrayList<>();
        List<double[]> matrices = new ArrayList<>();
        for (MatrixCsv.Row r : k.rows()) {
            if (r.missing()) {
                continue;
            }
            double[] x = new double[pairs];
            for (int c = 0; c < k.pairs().length; c++) {
                double v = r.bps()[c];
                x[k.pairs()[c]] = Double.isNaN(v) ? 0 : v;
            }
            times.add(CsvText.readable(r.time()));
            matrices.add(x);
        }
        if (matrices.isEmpty()) {
            throw new RequestException(f.field, f.field + ": no measured row (every row is missing or the file has none)");
        }
        return new Calibration(times, matrices);
    }
}
