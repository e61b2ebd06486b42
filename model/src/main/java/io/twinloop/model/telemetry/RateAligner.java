package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts one counter's irregularly stamped rates onto the twin's interval: epoch-aligned buckets
 * {@code [k * L, (k + 1) * L)} of length {@code L}.
 *
 * <p><b>Rule.</b> Each rate is the counter's average over its interval {@code (start, end]}, so the
 * counter's rate is taken as piecewise constant: {@code rate_i} on {@code (start_i, end_i]}. A
 * bucket's rate is the time-weighted average of that function over the part of the bucket that some
 * rate covers: {@code sum(rate_i * overlap_i) / sum(overlap_i)}, with {@code coverage =
 * sum(overlap_i) / L}. Time not covered (before the first rate, across a reset, a refused sample or
 * a gap in the data) is left out rather than counted as zero; a bucket that no rate touches is not
 * returned. Callers decide from {@code coverage} whether a bucket is good enough. A sample interval
 * that spans several buckets contributes its rate to each. For octet counters this average equals
 * the octets counted in the covered time, times 8, over the covered time: no traffic is lost or
 * invented by the alignment.
 */
public final class RateAligner {

    private RateAligner() {
    }

    /**
     * Aligns rates given in {@code unit} onto buckets of {@code bucket}.
     *
     * @see #align(List, long)
     */
    public static List<AlignedRate> align(List<RateInterval> rates, Duration bucket, TimeUnit unit) {
        if (bucket == null || unit == null) {
            throw new InvalidNetworkException("bucket", "a bucket length and a time unit are required");
        }
        return align(rates, unit.convert(bucket));
    }

    /**
     * Aligns the rates of one counter.
     *
     * @param rates        rates of one counter, sorted by time and not overlapping (as a
     *                     {@link CounterRateConverter} produces them)
     * @param bucketLength the bucket length {@code L} in the rates' time unit, {@code > 0}
     * @return the buckets any rate touches, in time order
     * @throws InvalidNetworkException if the length is not positive or the rates overlap or are out of order
     */
    public static List<AlignedRate> align(List<RateInterval> rates, long bucketLength) {
        if (bucketLength <= 0) {
            throw new InvalidNetworkException("bucketLength", "must be > 0, got " + bucketLength);
        }
        List<AlignedRate> out = new ArrayList<>();
        long bucket = Long.MIN_VALUE;
        double weighted = 0;
        long covered = 0;
        long lastEnd = Long.MIN_VALUE;
        for (int i = 0; i < rates.size(); i++) {
            RateInterval r = rates.get(i);
            if (r.startTime() < lastEnd) {
                throw new InvalidNetworkException("rates[" + i + "]", "starts at " + r.startTime()
                        + ", before the previous rate ends at " + lastEnd + ": rates must be sorted and not overlap");
            }
            lastEnd = r.endTime();
            // the rate covers (start, end]; a bucket [b, b + L) gets the overlap of the two
            long t = r.startTime();
            while (t < r.endTime()) {
                long b = Math.floorDiv(t, bucketLength) * bucketLength;
                long until = Math.min(r.endTime(), b + bucketLength);
                if (b != bucket) {
                    if (covered > 0) {
                        out.add(new AlignedRate(bucket, bucket + bucketLength, weighted / covered,
                                (double) covered / bucketLength));
                    }
                    bucket = b;
                    weighted = 0;
                    covered = 0;
                }
                weighted += r.rate() * (until - t);
                covered += until - t;
                t = until;
            }
        }
        if (covered > 0) {
            out.add(new AlignedRate(bucket, bucket + bucketLength, weighted / covered, (double) covered / bucketLength));
        }
        return out;
    }
}
