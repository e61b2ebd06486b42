package io.twinloop.model.estimate;

import java.util.List;

/**
 * The estimate for one interval.
 *
 * @param time            the interval's time label, as given
 * @param pairBps         the estimated rate per pair in bit/s (non-negative), indexed like the routing matrix's pairs
 * @param linkResidualBps per link, estimated load minus counted rate (NaN for links not counted)
 * @param missingLinks    ids of the links without a counter in this interval
 * @param fitError        relative fit to the counters: {@code ||A x - y|| / ||y||} over the counted links
 */
public record EstimatedInterval(String time, double[] pairBps, double[] linkResidualBps, List<String> missingLinks,
                                double fitError) {

    /** Copies the list. */
    public EstimatedInterval {
        missingLinks = List.copyOf(missingLinks);
    }
}
