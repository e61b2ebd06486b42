package io.twinloop.forecast.neural;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network's input for one OD pair at one forecast origin {@code t} (the last known row). All
 * values are in the pair's normalised units ({@link SeriesNormaliser}) and relative to the last
 * value {@code L = z_t}, because the network predicts the change from {@code L}:
 * <ol>
 *   <li>{@code ctx[i]}: the last {@code C} values minus {@code L} (oldest first);</li>
 *   <li>{@code level}: {@code log1p(L)};</li>
 *   <li>{@code cyc[h]}, h = 1..H: the mean, over the last {@code cycles} periods of
 *       {@code cyclePeriod} (one hour), of the change over the same {@code h} steps one period
 *       earlier, {@code z_{t+h-kP} - z_{t-kP}} with {@code kP >= h}; 0 when no period is available;</li>
 *   <li>{@code day[h]}: the same with a period of one day over the last {@code days} days;</li>
 *   <li>{@code cycAvail}, {@code dayAvail}: the share of those periods that were available at h = 1;</li>
 *   <li>{@code todSin}, {@code todCos}: time of day of the first target; {@code dowSin}, {@code dowCos}:
 *       day of week of the origin, only when the model uses it (the training rows cover a week);</li>
 *   <li>{@code netLevel}, {@code netChange}: log of the normalised network total at {@code t} and its
 *       change since {@code t - 1}.</li>
 * </ol>
 * Missing rows are never read as zeros: a missing row takes the value of the latest measured row
 * before it (forward fill); rows before the first measurement take the first measured value but are
 * never used as a period's reference. Every value is read from rows {@code <= t} only.
 */
final class FeatureBuilder {
    /** Largest magnitude of a relative input; bounds the effect of a single burst. */
    static final float CLIP = 20f;

    final int context;
    final int horizon;
    final int stepSeconds;
    final int cycleRows;
    final int cycles;
    final int dayRows;
    final int days;
    final boolean dayOfWeek;
    private final int featureCount;

    FeatureBuilder(int context, int horizon, int stepSeconds, int cycleRows, int cycles, int dayRows, int days,
                   boolean dayOfWeek) {
        this.context = context;
        this.horizon = horizon;
        this.stepSeconds = stepSeconds;
        this.cycleRows = cycleRows;
        this.cycles = cycles;
        this.dayRows = dayRows;
        this.days = days;
        this.dayOfWeek = dayOfWeek;
        this.featureCount = names().size();
    }

    /** Rows per period of {@code periodSeconds} at this step, or 0 when the period is not at least 2 whole steps. */
    static int periodRows(int periodSeconds, int stepSeconds) {
        if (periodSeconds <= 0 || stepSeconds <= 0 || periodSeconds % stepSeconds != 0) {
            return 0;
        }
        int rows = periodSeconds / stepSeconds;
        return rows >= 2 ? rows : 0;
    }

    int featureCount() {
        return featureCount;
    }

    /** Feature names, in input order. */
    List<String> names() {
        List<String> n = new ArrayList<>();
        for (int i = context - 1; i >= 0; i--) {
            n.add("ctx[t-" + i + "]-last");
        }
        n.add("log1p(last)");
        for (int h = 1; h <= horizon; h++) {
            n.add("cycleChange[h=" + h + "]");
        }
        for (int h = 1; h <= horizon; h++) {
            n.add("dayChange[h=" + h + "]");
        }
        n.add("cycleAvail");
        n.add("dayAvail");
        n.add("todSin");
        n.add("todCos");
        if (dayOfWeek) {
            n.add("dowSin");
            n.add("dowCos");
        }
        n.add("log(netTotal)");
        n.add("netTotalChange");
        return n;
    }

    /** How many rows before the origin the features read (the origin itself not counted). */
    int lookback() {
        int back = Math.max(context - 1, 1);
        if (cycleRows > 0) {
            back = Math.max(back, cycleRows * (firstPeriod(1, cycleRows) + cycles - 1));
            back = Math.max(back, cycleRows * (firstPeriod(horizon, cycleRows) + cycles - 1));
        }
        if (dayRows > 0) {
            back = Math.max(back, dayRows * (firstPeriod(horizon, dayRows) + days - 1));
        }
        return back;
    }

    private static int firstPeriod(int h, int periodRows) {
        return (h + periodRows - 1) / periodRows;
    }

    /**
     * The normalised, forward-filled rows {@code [from, to]} of a series. Reads rows {@code <= to} only
     * (including, when row {@code from} is missing, the latest measured row before it as the fill seed).
     */
    static final class Window {
        final int from;
        final int to;
        /** First row (absolute) whose value is measured or filled from a measurement at or before it. */
        final int firstData;
        final float[][] z;
        final double[] total;
        private final TrafficSeries series;

        Window(TrafficSeries series, SeriesNormaliser norm, int from, int to) {
            this.from = from;
            this.to = to;
            this.series = series;
            int pairs = series.pairs().size();
            int rows = to - from + 1;
            z = new float[rows][];
            total = new double[rows];
            float[] last = null;
            double lastTotal = 0;
            int seed = from;
            while (seed >= 0 && series.samples().get(seed).missing()) {
                seed--;
            }
            if (seed >= 0) {
                last = normalise(series.samples().get(seed), norm, pairs);
                lastTotal = series.samples().get(seed).totalBps() / norm.meanTotalBps();
            }
            int first = seed >= 0 ? from : -1;
            for (int r = from; r <= to; r++) {
                TrafficSample s = series.samples().get(r);
                if (!s.missing()) {
                    last = normalise(s, norm, pairs);
                    lastTotal = s.totalBps() / norm.meanTotalBps();
                    if (first < 0) {
                        first = r;
                    }
                }
                z[r - from] = last;
                total[r - from] = lastTotal;
            }
            firstData = first < 0 ? to + 1 : first;
            if (first >= 0) {
                // rows before the first measurement take its value (read only as context, never as a reference)
                for (int r = from; r < first; r++) {
                    z[r - from] = z[first - from];
                    total[r - from] = total[first - from];
                }
            }
        }

        private static float[] normalise(TrafficSample s, SeriesNormaliser norm, int pairs) {
            float[] out = new float[pairs];
            double[] scales = norm.scalesBps();
            for (int p = 0; p < pairs; p++) {
                out[p] = (float) (s.rateBps(p) / scales[p]);
            }
            return out;
        }

        /** Value of {@code pair} at absolute row {@code r}, clamped to the window's data. */
        float value(int r, int pair) {
            return z[Math.max(r, firstData) - from][pair];
        }

        /** The time of row {@code r} (inside the window), when its label is a time {@link TimeLabels} reads. */
        Optional<Instant> time(int r) {
            return TimeLabels.parse(series.samples().get(r).time());
        }

        boolean hasData(int r) {
            return r >= firstData && r >= from && r <= to;
        }
    }

    /** Writes the features of {@code pair} at origin {@code t} into {@code out[offset..offset+featureCount)}. */
    void fill(Window w, int t, int pair, float[] out, int offset) {
        int i = offset;
        float last = w.value(t, pair);
        for (int k = context - 1; k >= 0; k--) {
            out[i++] = clip(w.value(t - k, pair) - last);
        }
        out[i++] = (float) Math.log1p(Math.max(0f, last));
        int cycleAvail = 0;
        for (int h = 1; h <= horizon; h++) {
            int[] used = new int[1];
            out[i++] = clip(alignedChange(w, t, pair, h, cycleRows, cycles, used));
            if (h == 1) {
                cycleAvail = used[0];
            }
        }
        int dayAvail = 0;
        for (int h = 1; h <= horizon; h++) {
            int[] used = new int[1];
            out[i++] = clip(alignedChange(w, t, pair, h, dayRows, days, used));
            if (h == 1) {
                dayAvail = used[0];
            }
        }
        out[i++] = cycleRows > 0 ? (float) cycleAvail / cycles : 0f;
        out[i++] = dayRows > 0 ? (float) dayAvail / days : 0f;
        int row = t - w.from;
        Optional<Instant> time = w.time(t);
        if (time.isPresent()) {
            long origin = time.get().getEpochSecond();
            long target = origin + stepSeconds;
            double tod = Math.floorMod(target, 86_400L) / 86_400.0;
            out[i++] = (float) Math.sin(2 * Math.PI * tod);
            out[i++] = (float) Math.cos(2 * Math.PI * tod);
            if (dayOfWeek) {
                // 1970-01-01 was a Thursday; the phase only has to be consistent
                double week = Math.floorMod(origin, 7 * 86_400L) / (7 * 86_400.0);
                out[i++] = (float) Math.sin(2 * Math.PI * week);
                out[i++] = (float) Math.cos(2 * Math.PI * week);
            }
        } else {
            out[i++] = 0f;
            out[i++] = 0f;
            if (dayOfWeek) {
                out[i++] = 0f;
                out[i++] = 0f;
            }
        }
        double tot = w.total[row];
        double prev = w.total[Math.max(t - 1, Math.max(w.firstData, w.from)) - w.from];
        out[i++] = (float) Math.log(Math.max(tot, 1e-6));
        out[i++] = clip((float) (tot - prev));
    }

    /** Mean of {@code z_{t+h-kP} - z_{t-kP}} over the {@code count} periods with {@code kP >= h} whose reference row has data. */
    private static float alignedChange(Window w, int t, int pair, int h, int periodRows, int count, int[] used) {
        if (periodRows <= 0) {
            return 0f;
        }
        double sum = 0;
        int n = 0;
        int k0 = firstPeriod(h, periodRows);
        for (int k = k0; k < k0 + count; k++) {
            int ref = t - k * periodRows;
            if (!w.hasData(ref)) {
                break;
            }
            sum += w.value(ref + h, pair) - w.value(ref, pair);
            n++;
        }
        used[0] = n;
        return n == 0 ? 0f : (float) (sum / n);
    }

    private static float clip(float v) {
        return Math.max(-CLIP, Math.min(CLIP, v));
    }
}
