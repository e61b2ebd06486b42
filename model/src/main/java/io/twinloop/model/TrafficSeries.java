package io.twinloop.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A time series of traffic matrices over a fixed list of OD pairs (the columns), one
 * {@link TrafficSample} per interval (the rows). This is what forecasting and replay work on; a
 * single row becomes routable {@link Demand}s through {@link #demandsAt(int)}.
 *
 * <p>Immutable. Every sample has exactly one rate per OD pair and OD pairs are unique.
 */
public final class TrafficSeries {

    private final List<OdPair> pairs;
    private final List<TrafficSample> samples;

    /**
     * @param pairs   the OD pairs (columns), unique
     * @param samples the rows, each with {@code pairs.size()} rates
     * @throws InvalidNetworkException if a pair repeats or a row has the wrong width
     */
    public TrafficSeries(List<OdPair> pairs, List<TrafficSample> samples) {
        Checks.notNull("pairs", pairs);
        Checks.notNull("samples", samples);
        try {
            this.pairs = List.copyOf(pairs);
            this.samples = List.copyOf(samples);
        } catch (NullPointerException e) {
            throw new InvalidNetworkException("pairs/samples", "must not contain null elements");
        }
        Set<OdPair> seen = new HashSet<>();
        for (int i = 0; i < this.pairs.size(); i++) {
            if (!seen.add(this.pairs.get(i))) {
                throw new InvalidNetworkException("pairs[" + i + "]", "duplicate OD pair " + this.pairs.get(i).label());
            }
        }
        for (int r = 0; r < this.samples.size(); r++) {
            TrafficSample s = this.samples.get(r);
            if (s.pairCount() != this.pairs.size()) {
                throw new InvalidNetworkException("samples[" + r + "]",
                        "has " + s.pairCount() + " rates but the series has " + this.pairs.size() + " OD pairs");
            }
        }
    }

    /** The OD pairs (columns), in file order. */
    public List<OdPair> pairs() {
        return pairs;
    }

    /** The samples (rows), in time order as given. */
    public List<TrafficSample> samples() {
        return samples;
    }

    /** Number of rows (samples). */
    public int size() {
        return samples.size();
    }

    /** Index of the first row that is not missing, or -1 if every row is missing. */
    public int firstPresentRow() {
        for (int r = 0; r < samples.size(); r++) {
            if (!samples.get(r).missing()) {
                return r;
            }
        }
        return -1;
    }

    /**
     * The non-zero demands of row {@code row}, in bit/s, in column order.
     *
     * @throws IllegalArgumentException if {@code row} is out of range, or if the row is a
     *                                  {@link TrafficSample#missing() missing} measurement
     *                                  (a missing interval is not zero traffic; check
     *                                  {@code samples().get(row).missing()} first)
     */
    public List<Demand> demandsAt(int row) {
        if (row < 0 || row >= samples.size()) {
            throw new IllegalArgumentException("row " + row + " is out of range: the series has " + samples.size()
                    + " rows (valid rows are 0.." + (samples.size() - 1) + ")");
        }
        TrafficSample s = samples.get(row);
        if (s.missing()) {
            throw new IllegalArgumentException("row " + row + " (time " + s.time()
                    + ") is a missing measurement (n_demands_in_file = 0), not zero traffic; "
                    + "check samples().get(row).missing() before asking for its demands");
        }
        List<Demand> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            double rate = s.rateBps(i);
            if (rate != 0) {
                OdPair p = pairs.get(i);
                out.add(new Demand(p.src(), p.dst(), rate));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Checks that every OD endpoint is a node of {@code network}.
     *
     * @throws InvalidNetworkException naming the first missing node and the column that uses it
     */
    public void validateAgainst(Network network) {
        Checks.notNull("network", network);
        for (int i = 0; i < pairs.size(); i++) {
            OdPair p = pairs.get(i);
            if (network.nodeIndex(p.src()) < 0) {
                throw new InvalidNetworkException("pairs[" + i + "].src",
                        "node '" + p.src() + "' of OD pair " + p.label() + " is not in network '" + network.name() + "'");
            }
            if (network.nodeIndex(p.dst()) < 0) {
                throw new InvalidNetworkException("pairs[" + i + "].dst",
                        "node '" + p.dst() + "' of OD pair " + p.label() + " is not in network '" + network.name() + "'");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSeries t && t.pairs.equals(pairs) && t.samples.equals(samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pairs, samples);
    }

    @Override
    public String toString() {
        return "TrafficSeries[pairs=" + pairs.size() + ", rows=" + samples.size() + "]";
    }
}
