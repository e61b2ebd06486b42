package io.twinloop.twin.estimate;

import io.twinloop.model.TimeLabels;
import io.twinloop.platform.grpc.RequestException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The lines of one uploaded CSV file, and the cell readings the counter files share. Every problem is a
 * {@link RequestException} on the file's request field whose message names the file and the 1-based line.
 */
final class CsvText {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    /** The request field, e.g. {@code links_csv}. */
    final String field;
    /** The lines; line i + 1 of the file is {@code lines.get(i)}; trailing blank lines removed. */
    final List<String> lines;

    CsvText(String field, byte[] content) {
        this.field = field;
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        if (out.isEmpty()) {
            throw new RequestException(field, field + ": the file is empty");
        }
        this.lines = out;
    }

    /** The header's cells, trimmed. */
    String[] header() {
        return cells(1);
    }

    /** The cells of 1-based line {@code lineNo}, trimmed. */
    String[] cells(int lineNo) {
        String[] c = lines.get(lineNo - 1).split(",", -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].trim();
        }
        return c;
    }

    /** A refusal naming line {@code lineNo}. */
    RequestException error(int lineNo, String what) {
        return new RequestException(field, field + " line " + lineNo + ": " + what);
    }

    /**
     * A rate cell: NaN when empty (not counted), else a finite non-negative decimal times {@code scale};
     * {@code what} names the cell in messages ("rate_bps of link L1 at 20040301-0000").
     */
    double rate(int lineNo, String cell, String what, double scale) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(cell).matches()) {
            throw error(lineNo, what + " is not a number: '" + shorten(cell) + "'");
        }
        double v = Double.parseDouble(cell) * scale;
        if (v < 0) {
            throw error(lineNo, what + " is negative: " + cell);
        }
        if (!Double.isFinite(v)) {
            throw error(lineNo, what + " is out of range: " + cell);
        }
        return v + 0.0;
    }

    /** Milliseconds since the epoch of a time label (TimeLabels' forms, or Unix milliseconds), if readable. */
    static OptionalLong instantMs(String label) {
        if (DIGITS.matcher(label).matches()) {
            return OptionalLong.of(Long.parseLong(label));
        }
        OptionalLong s = TimeLabels.epochSeconds(label);
        return s.isPresent() ? OptionalLong.of(s.getAsLong() * 1000) : OptionalLong.empty();
    }

    /** The label as the estimator and the store read it: Unix milliseconds become ISO-8601, the rest stays. */
    static String readable(String label) {
        return DIGITS.matcher(label).matches() ? Instant.ofEpochMilli(Long.parseLong(label)).toString() : label;
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
