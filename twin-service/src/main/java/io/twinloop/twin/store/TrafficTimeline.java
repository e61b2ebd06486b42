package io.twinloop.twin.store;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.InvalidNetworkException;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * The rules for the times of a stored traffic series, in one place for file loads and streams:
 * <ul>
 *   <li>every row's time is readable ({@link TimeLabels}: ISO-8601, {@code yyyyMMdd-HHmm} or
 *       {@code yyyyMMdd}, UTC) and strictly after the row before it;</li>
 *   <li>rows appended to a stored series start after its last row (an overlap is refused, naming the
 *       first overlapping row), and keep its step: they come a whole number of steps after the row before
 *       them, and a gap of k steps is filled with k-1 missing rows, so that row r stays r steps after row 0
 *       (the forecaster's seasons and {@code --at ROW} count rows, not seconds).</li>
 * </ul>
 * Every problem is an {@link InvalidNetworkException} on field {@code time}, naming the rows (by the
 * caller's {@code where}, e.g. "line 7" for a file, "sample 3" for a stream).
 */
public final class TrafficTimeline {
    /** Most offending rows named in one error. */
    static final int MAX_LISTED = 10;
    /** Most missing rows one load may insert to fill gaps (35 days of 5-minute rows). */
    public static final int MAX_GAP_ROWS = 10_000;

    /**
     * How new rows continue a stored series.
     *
     * @param gapsBefore  missing rows to insert before each new row
     * @param stepSeconds the series' step (0 when it has fewer than two rows)
     * @param gapRows     the sum of {@code gapsBefore}
     */
    public record Continuation(int[] gapsBefore, int stepSeconds, int gapRows) {
    }

    private TrafficTimeline() {
    }

    /**
     * The epoch seconds of every label, after checking that each is readable and after the one before
     * (a row that goes back is compared with the latest time before it, so one stray row is named once).
     *
     * @throws InvalidNetworkException naming every offending row (the first {@value #MAX_LISTED})
     */
    public static long[] checkTimes(List<String> labels, IntFunction<String> where) {
        long[] out = new long[labels.size()];
        List<String> problems = new ArrayList<>();
        int bad = 0;
        long previous = Long.MIN_VALUE;
        int previousRow = -1;
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            OptionalLong t = TimeLabels.epochSeconds(label);
            String problem = null;
            if (t.isEmpty()) {
                problem = where.apply(i) + ": time '" + shorten(label) + "' is not a time; use ISO-8601 "
                        + "(2004-03-01T00:05:00Z), yyyyMMdd-HHmm or yyyyMMdd, in UTC";
            } else if (previousRow >= 0 && t.getAsLong() <= previous) {
                problem = where.apply(i) + ": time '" + label + "' " + (t.getAsLong() == previous ? "repeats" : "goes back before")
                        + " '" + labels.get(previousRow) + "' of " + where.apply(previousRow) + "; times must increase";
            } else {
                previous = t.getAsLong();
                previousRow = i;
            }
            out[i] = t.orElse(Long.MIN_VALUE);
            if (problem != null) {
                bad++;
                if (problems.size() < MAX_LISTED) {
                    problems.add(problem);
                }
            }
        }
        if (bad > problems.size()) {
            problems.add("and " + (bad - problems.size()) + " more rows with a bad time");
        }
        if (!problems.isEmpty()) {
            throw new InvalidNetworkException("time", problems);
        }
        return out;
    }

    /**
     * How rows at {@code times} (checked by {@link #checkTimes}) continue a stored series whose labels are
     * {@code stored}, oldest first.
     *
     * @throws InvalidNetworkException when the first row is not after the stored series' last (naming it and
     *         how many rows overlap), when the rows' step differs from the stored step, when a row is not a
     *         whole number of steps after the one before it, or when the gaps would need more than
     *         {@value #MAX_GAP_ROWS} missing rows
     */
    public static Continuation continueAfter(List<String> stored, List<String> labels, long[] times,
                                             IntFunction<String> where) {
        int[] gaps = new int[times.length];
        int ownStep = TimeLabels.stepSeconds(labels);
        if (stored.isEmpty() || times.length == 0) {
            return new Continuation(gaps, ownStep, 0);
        }
        int lastRow = stored.size() - 1;
        String lastLabel = stored.get(lastRow);
        OptionalLong lastTime = TimeLabels.epochSeconds(lastLabel);
        if (lastTime.isEmpty()) {
            throw new InvalidNetworkException("time", "the stored series ends with time '" + shorten(lastLabel)
                    + "' (row " + lastRow + "), which is not a readable time, so nothing can be appended after it; "
                    + "replace the series instead");
        }
        long last = lastTime.getAsLong();
        if (times[0] <= last) {
            int overlapping = 0;
            for (long t : times) {
                overlapping += t <= last ? 1 : 0;
            }
            throw new InvalidNetworkException("time", where.apply(0) + ": time '" + labels.get(0)
                    + "' is not after the last stored sample (row " + lastRow + ", time '" + lastLabel + "'); "
                    + overlapping + " of the " + times.length + " rows overlap the stored series. Load only the "
                    + "newer rows, or replace the series (traffic NET FILE --replace; replace in the RPC)");
        }
        int storedStep = TimeLabels.stepSeconds(stored);
        if (storedStep > 0 && ownStep > 0 && ownStep != storedStep) {
            throw new InvalidNetworkException("time", "the rows are " + ownStep + " s apart but the stored series has a "
                    + "step of " + storedStep + " s; a series keeps one step: load rows " + storedStep
                    + " s apart, or replace the series");
        }
        int step = storedStep > 0 ? storedStep : ownStep > 0 ? ownStep : (int) Math.min(Integer.MAX_VALUE, times[0] - last);
        List<String> problems = new ArrayList<>();
        int bad = 0;
        long gapRows = 0;
        long previous = last;
        for (int i = 0; i < times.length; i++) {
            long d = times[i] - previous;
            if (d % step != 0) {
                bad++;
                if (problems.size() < MAX_LISTED) {
                    problems.add(where.apply(i) + ": time '" + labels.get(i) + "' is " + d + " s after "
                            + (i == 0 ? "the last stored sample '" + lastLabel + "'" : "the row before")
                            + ", not a whole number of the series' " + step + " s steps");
                }
            } else {
                gaps[i] = (int) Math.min(Integer.MAX_VALUE, d / step - 1);
                gapRows += gaps[i];
            }
            previous = times[i];
        }
        if (bad > problems.size()) {
            problems.add("and " + (bad - problems.size()) + " more rows off the series' step");
        }
        if (!problems.isEmpty()) {
            throw new InvalidNetworkException("time", problems);
        }
        if (gapRows > MAX_GAP_ROWS) {
            throw new InvalidNetworkException("time", "the rows leave gaps of " + gapRows + " missing " + step
                    + " s intervals after the stored series (last time '" + lastLabel + "'), more than the "
                    + MAX_GAP_ROWS + " missing rows one load may fill; check the times, or replace the series");
        }
        return new Continuation(gaps, step, (int) gapRows);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
