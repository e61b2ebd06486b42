package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the traffic-matrix CSV layout of the shared data set (the SNDlib-derived
 * {@code *_sndlib_*.csv} files).
 *
 * <p>Layout and rules:
 * <ul>
 *   <li>One header row: {@code time,n_demands_in_file,SRC->DST,...}; every OD column is named
 *       {@code SRC->DST} with non-empty, different node names; OD pairs are unique. Node names may
 *       not contain commas; quoting is not supported (the files never quote).</li>
 *   <li>One row per interval, with exactly as many cells as the header. {@code time} is kept as
 *       text ({@code YYYYMMDD-hhmm} or {@code YYYYMMDD}); this reader does not order or parse it (the
 *       twin refuses unreadable or non-increasing times when it stores a series).</li>
 *   <li>{@code n_demands_in_file} is a non-negative integer; {@code 0} marks a <em>missing</em>
 *       measurement ({@link TrafficSample#missing()}), not zero traffic, and such a row must have
 *       only empty cells.</li>
 *   <li>Values are Mbit/s and are converted to bit/s (x 1e6, decimally exact before the one
 *       rounding to {@code double}); an empty cell is 0 (SNDlib omits zero demands). Values must
 *       be finite, non-negative decimal numbers.</li>
 *   <li>Line endings {@code \n} or {@code \r\n}; a UTF-8 byte-order mark and blank trailing lines
 *       are ignored.</li>
 * </ul>
 * Every problem is an {@link ImportException} with format {@code TRAFFIC_CSV}, the 1-based line,
 * and for cells the column name.
 */
public final class TrafficCsvImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = "TRAFFIC_CSV";

    private TrafficCsvImporter() {
    }

    /**
     * Reads a traffic CSV file.
     *
     * @throws ImportException if the file cannot be read, is larger than 64 MiB or is malformed
     */
    public static TrafficSeries read(Path file) {
        return read(TopologyImporters.readBounded(FORMAT, file));
    }

    /**
     * Parses traffic CSV content.
     *
     * @throws ImportException if the content is larger than 64 MiB or malformed
     */
    public static TrafficSeries read(byte[] content) {
        ImportSupport.checkContent(FORMAT, content);
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = splitLines(text);
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw new ImportException(FORMAT, 1, "empty file: expected a header time,n_demands_in_file,SRC->DST,...");
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length < 2 || !header[0].trim().equals("time") || !header[1].trim().equals("n_demands_in_file")) {
            throw new ImportException(FORMAT, 1, "the header must start with time,n_demands_in_file but starts with '"
                    + ImportSupport.shorten(lines.get(0)) + "'");
        }
        List<OdPair> pairs = new ArrayList<>(header.length - 2);
        Set<OdPair> seen = new HashSet<>();
        for (int c = 2; c < header.length; c++) {
            String h = header[c].trim();
            int arrow = h.indexOf("->");
            if (arrow <= 0 || arrow + 2 >= h.length() || h.indexOf("->", arrow + 2) >= 0) {
                throw new ImportException(FORMAT, 1, "column " + (c + 1) + " header '" + ImportSupport.shorten(h)
                        + "' is not of the form SRC->DST");
            }
            OdPair p;
            try {
                p = new OdPair(h.substring(0, arrow).trim(), h.substring(arrow + 2).trim());
            } catch (InvalidNetworkException e) {
                throw new ImportException(FORMAT, 1, "column " + (c + 1) + " header '" + ImportSupport.shorten(h)
                        + "': " + e.reason());
            }
            if (!seen.add(p)) {
                throw new ImportException(FORMAT, 1, "column " + (c + 1) + ": OD pair " + p.label() + " appears twice");
            }
            pairs.add(p);
        }
        List<TrafficSample> samples = new ArrayList<>(last - 1);
        for (int i = 1; i < last; i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new ImportException(FORMAT, lineNo, "expected " + header.length + " columns as in the header, found "
                        + cells.length);
            }
            String time = cells[0].trim();
            if (time.isEmpty()) {
                throw new ImportException(FORMAT, lineNo, "empty time cell");
            }
            long n;
            try {
                n = Long.parseLong(cells[1].trim());
            } catch (NumberFormatException e) {
                throw new ImportException(FORMAT, lineNo, "n_demands_in_file is not an integer: '"
                        + ImportSupport.shorten(cells[1].trim()) + "'");
            }
            if (n < 0) {
                throw new ImportException(FORMAT, lineNo, "n_demands_in_file is negative: " + n);
            }
            boolean missing = n == 0;
            double[] rates = new double[pairs.size()];
            for (int c = 2; c < cells.length; c++) {
                String cell = cells[c].trim();
                if (cell.isEmpty()) {
                    continue;
                }
                if (missing) {
                    throw new ImportException(FORMAT, lineNo, "row " + time + " has n_demands_in_file = 0 (missing "
                            + "measurement) but a value in column " + pairs.get(c - 2).label());
                }
                if (!ImportSupport.DECIMAL.matcher(cell).matches()) {
                    throw new ImportException(FORMAT, lineNo, "value in column " + pairs.get(c - 2).label() + " is not a number: '"
                            + ImportSupport.shorten(cell) + "'");
                }
                double bps;
                try {
                    BigDecimal mbps = new BigDecimal(cell);
                    if (mbps.signum() < 0) {
                        throw new ImportException(FORMAT, lineNo, "value in column " + pairs.get(c - 2).label() + " is negative: " + cell);
                    }
                    // scaleByPowerOfTen only moves the exponent; movePointRight would also rescale to a
                    // non-negative scale, building a 10^(exponent) BigInteger: '1e99999999' hung the import
                    bps = mbps.scaleByPowerOfTen(6).doubleValue();
                } catch (ArithmeticException | NumberFormatException e) {
                    bps = Double.POSITIVE_INFINITY;
                }
                if (!Double.isFinite(bps)) {
                    throw new ImportException(FORMAT, lineNo, "value in column " + pairs.get(c - 2).label() + " is out of range: " + cell);
                }
                rates[c - 2] = bps;
            }
            samples.add(new TrafficSample(time, missing, rates));
        }
        return new TrafficSeries(pairs, samples);
    }

    /**
     * The 1-based line of the file that holds sample {@code sampleIndex} (0-based) of the series that
     * {@link #read} returned: the header is line 1 and every following line is one sample (a blank line is
     * only allowed at the end), so sample i is on line i + 2. Services name lines with it.
     */
    public static int lineOf(int sampleIndex) {
        return sampleIndex + 2;
    }

    /**
     * Writes a series in the same layout, values in Mbit/s; {@code read(write(s)).equals(s)} holds
     * for every series whose missing rows carry zero rates (the rates of a missing row are not written).
     *
     * <p>Zero rates are written as empty cells, as SNDlib omits zero demands, and
     * {@code n_demands_in_file} is the number of non-empty cells. A missing row is written with
     * {@code n_demands_in_file = 0} and no values; a present row whose rates are all zero is written
     * with an explicit {@code 0} in every cell so that it is not read back as missing.
     */
    public static byte[] write(TrafficSeries series) {
        if (series == null) {
            throw new IllegalArgumentException("series must not be null");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("time,n_demands_in_file");
        for (OdPair p : series.pairs()) {
            if (p.src().contains(",") || p.dst().contains(",") || p.src().contains("\n") || p.dst().contains("\n")) {
                throw new IllegalArgumentException("OD pair " + p.label() + " cannot be written: names may not contain "
                        + "commas or line breaks");
            }
            sb.append(',').append(p.label());
        }
        sb.append('\n');
        for (TrafficSample s : series.samples()) {
            if (s.time().contains(",") || s.time().contains("\n")) {
                throw new IllegalArgumentException("time '" + s.time() + "' cannot be written: it contains a comma or line break");
            }
            sb.append(s.time()).append(',');
            int nonZero = 0;
            for (int i = 0; i < s.pairCount(); i++) {
                if (s.rateBps(i) != 0) {
                    nonZero++;
                }
            }
            if (s.missing()) {
                sb.append('0');
                sb.append(",".repeat(s.pairCount()));
            } else if (nonZero == 0) {
                sb.append(s.pairCount());
                for (int i = 0; i < s.pairCount(); i++) {
                    sb.append(",0");
                }
            } else {
                sb.append(nonZero);
                for (int i = 0; i < s.pairCount(); i++) {
                    sb.append(',');
                    double r = s.rateBps(i);
                    if (r != 0) {
                        sb.append(BigDecimal.valueOf(r).movePointLeft(6).stripTrailingZeros().toPlainString());
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
                out.add(text.substring(start, end));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            String tail = text.substring(start);
            out.add(tail.endsWith("\r") ? tail.substring(0, tail.length() - 1) : tail);
        }
        return out;
    }
}
