package io.twinloop.twin.estimate;

import io.twinloop.model.Network;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.twin.store.TelemetryPages;
import io.twinloop.twin.telemetry.LinkSample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The link counters of a time window of the stored telemetry, as estimation intervals: one per distinct
 * sample time, or with an interval length, per epoch-aligned interval of that length with each link's
 * samples in it averaged. A link without a sample in an interval is not counted there; samples of links
 * the snapshot lacks (removed since) are left out. Labels are the intervals' start as ISO-8601 instants.
 */
public final class StoredCounters {
    private static final int PAGE = 50_000;

    private StoredCounters() {
    }

    /**
     * Reads {@code fromMs <= time < toMs}.
     *
     * @param intervalSeconds the interval length; 0 = one interval per distinct sample time
     * @param sizeCheck       told the number of intervals read so far whenever it grows (refuses too many)
     */
    public static EstimationInput read(TelemetryPages pages, String network, Network net, long fromMs, long toMs,
                                       int intervalSeconds, IntConsumer sizeCheck) {
        int m = net.links().size();
        long step = intervalSeconds * 1000L;
        Map<Long, double[]> sums = new TreeMap<>();
        Map<Long, int[]> counts = new TreeMap<>();
        TelemetryPages.Cursor after = TelemetryPages.Cursor.START;
        while (true) {
            TelemetryPages.Page page = pages.page(network, List.of(), fromMs, toMs, after, PAGE);
            for (LinkSample s : page.samples()) {
                int l = net.linkIndex(s.linkId());
                if (l < 0) {
                    continue;
                }
                long key = step > 0 ? Math.floorDiv(s.timeUnixMs(), step) * step : s.timeUnixMs();
                double[] sum = sums.get(key);
                if (sum == null) {
                    sum = new double[m];
                    sums.put(key, sum);
                    counts.put(key, new int[m]);
                    sizeCheck.accept(sums.size());
                }
                sum[l] += s.rateBps();
                counts.get(key)[l]++;
            }
            if (!page.more() || page.samples().isEmpty()) {
                break;
            }
            LinkSample last = page.samples().get(page.samples().size() - 1);
            after = new TelemetryPages.Cursor(last.timeUnixMs(), last.linkId());
        }
        List<String> labels = new ArrayList<>(sums.size());
        List<IntervalCounters> intervals = new ArrayList<>(sums.size());
        for (Map.Entry<Long, double[]> e : sums.entrySet()) {
            double[] y = e.getValue();
            int[] k = counts.get(e.getKey());
            for (int l = 0; l < m; l++) {
                y[l] = k[l] == 0 ? Double.NaN : y[l] / k[l];
            }
            String label = Instant.ofEpochMilli(e.getKey()).toString();
            labels.add(label);
            intervals.add(IntervalCounters.links(label, y));
        }
        return new EstimationInput(labels, intervals, null);
    }
}
