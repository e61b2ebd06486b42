package io.twinloop.model;

import java.util.Arrays;

/**
 * One row of a {@link TrafficSeries}: the traffic matrix measured over one interval.
 *
 * <p>{@code missing} marks an interval without a measurement (in the SNDlib-derived CSVs, a row
 * with {@code n_demands_in_file = 0}). Such a row is <em>not</em> zero traffic and must not be
 * routed as if it were; its rates are all zero only as a placeholder.
 *
 * <p>The rate array is copied on construction and on access, so a sample is immutable; use
 * {@link #rateBps(int)} and {@link #pairCount()} for allocation-free element access.
 *
 * <p>A row is measured, or {@link #estimated() estimated} from link counters (demand deduction,
 * {@code io.twinloop.model.estimate}); an estimated row carries its relative fit to those counters,
 * {@code ||A x - y|| / ||y||}. Forecasts, rounds and diagnosis use both kinds alike; the mark lets
 * them say which kind a decision ran on.
 *
 * @param time     the interval's timestamp as in the source (e.g. {@code 20040301-0005}), non-blank
 * @param missing  whether the interval has no measurement
 * @param ratesBps one rate in bit/s per OD pair of the series, each finite and {@code >= 0}
 * @param fitError {@code NaN} for a measured row; for an estimated row its relative fit to the link
 *                 counters, {@code >= 0}
 */
public record TrafficSample(String time, boolean missing, double[] ratesBps, double fitError) {

    /** Validates the time, every rate and the fit; copies the array. */
    public TrafficSample {
        Checks.name("sample.time", time);
        Checks.notNull("sample[" + time + "].ratesBps", ratesBps);
        if (fitError < 0) {
            Checks.nonNegative("sample", time, ".fitError", fitError);
        }
        ratesBps = ratesBps.clone();
        for (int i = 0; i < ratesBps.length; i++) {
            double r = ratesBps[i];
            if (!(r >= 0) || r == Double.POSITIVE_INFINITY) {
                Checks.nonNegative("sample", time, ".ratesBps[" + i + "]", r);
            }
            ratesBps[i] += 0.0; // normalises -0.0 to 0.0 so that equal traffic compares equal
        }
    }

    /** A measured row. */
    public TrafficSample(String time, boolean missing, double[] ratesBps) {
        this(time, missing, ratesBps, Double.NaN);
    }

    /** An estimated row with its relative fit to the link counters ({@code >= 0}). */
    public static TrafficSample estimated(String time, double[] ratesBps, double fitError) {
        if (Double.isNaN(fitError)) {
            throw new InvalidNetworkException("sample[" + time + "].fitError", "an estimated row needs its fit, got NaN");
        }
        return new TrafficSample(time, false, ratesBps, fitError);
    }

    /** Whether the row was estimated from link counters rather than measured. */
    public boolean estimated() {
        return !Double.isNaN(fitError);
    }

    /** A copy of the rates (bit/s), one per OD pair. */
    @Override
    public double[] ratesBps() {
        return ratesBps.clone();
    }

    /** The rate of OD pair {@code i} in bit/s, without copying. */
    public double rateBps(int i) {
        return ratesBps[i];
    }

    /** Number of OD pairs (length of the rate vector). */
    public int pairCount() {
        return ratesBps.length;
    }

    /** Sum of all rates in bit/s. */
    public double totalBps() {
        double sum = 0;
        for (double r : ratesBps) {
            sum += r;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSample s && s.time.equals(time) && s.missing == missing
                && Arrays.equals(s.ratesBps, ratesBps) && Double.compare(s.fitError, fitError) == 0;
    }

    @Override
    public int hashCode() {
        return ((time.hashCode() * 31 + Boolean.hashCode(missing)) * 31 + Arrays.hashCode(ratesBps)) * 31
                + Double.hashCode(fitError);
    }

    @Override
    public String toString() {
        return "TrafficSample[time=" + time + ", missing=" + missing + ", pairs=" + ratesBps.length
                + ", totalBps=" + totalBps() + (estimated() ? ", estimated, fitError=" + fitError : "") + "]";
    }
}
