package io.twinloop.forecast.client;

import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a {@code GetTrafficHistoryResponse} into a {@link TrafficHistory}. The OD pairs are the
 * union of the pairs in the samples, sorted by (src, dst); a pair absent from a sample that has
 * demands is zero traffic (the twin sends non-zero demands only), while a sample with no demands
 * at all is a missing measurement. A sample the twin marks {@code estimated} (from link counters) keeps
 * its {@code fit_error} as {@link TrafficSample#fitError()}. Stateless.
 */
public final class TrafficHistoryMapper {
    private static final Comparator<OdPair> BY_SRC_DST =
            Comparator.comparing(OdPair::src).thenComparing(OdPair::dst);

    private TrafficHistoryMapper() {
    }

    /** The history window of a response. */
    public static TrafficHistory history(GetTrafficHistoryResponse response) {
        TreeSet<OdPair> union = new TreeSet<>(BY_SRC_DST);
        for (TrafficMatrix m : response.getSamplesList()) {
            for (Demand d : m.getDemandsList()) {
                union.add(new OdPair(d.getSrc(), d.getDst()));
            }
        }
        List<OdPair> pairs = List.copyOf(union);
        Map<OdPair, Integer> column = new HashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            column.put(pairs.get(i), i);
        }
        List<TrafficSample> samples = new ArrayList<>(response.getSamplesCount());
        for (int r = 0; r < response.getSamplesCount(); r++) {
            TrafficMatrix m = response.getSamples(r);
            double[] rates = new double[pairs.size()];
            for (Demand d : m.getDemandsList()) {
                rates[column.get(new OdPair(d.getSrc(), d.getDst()))] += d.getRateBps();
            }
            String time = m.getTime().isBlank() ? "row-" + (response.getFirstRow() + r) : m.getTime();
            // an estimated row keeps its fit (a fit that is not a number >= 0 as 0: the mark is what counts),
            // so that a forecast can say how much of its history was estimated
            double fit = m.getFitError() >= 0 ? m.getFitError() : 0;
            samples.add(new TrafficSample(time, m.getDemandsCount() == 0, rates, m.getEstimated() ? fit : Double.NaN));
        }
        return new TrafficHistory(response.getNetwork(), response.getFirstRow(), response.getTotalSamples(),
                Math.max(0, response.getStepSeconds()), new TrafficSeries(pairs, samples));
    }
}
