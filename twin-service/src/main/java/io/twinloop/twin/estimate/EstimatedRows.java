package io.twinloop.twin.estimate;

import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.routing.RoutingMatrix;
import io.twinloop.twin.store.ResidualCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates as rows of the stored traffic series: the OD pairs in the routing matrix's order, each interval's
 * row marked estimated with its fit, and its residuals (every counted link's counted rate and residual, and
 * the links without a counter). One place for EstimateTraffic's {@code store} and for following telemetry.
 *
 * @param pairs     the OD pairs, in the order of every row's rates
 * @param rows      one row per interval
 * @param residuals one per row
 */
public record EstimatedRows(List<OdPair> pairs, List<TrafficSample> rows, List<ResidualCodec.Residuals> residuals) {

    /** The rows of {@code estimates}, estimated from {@code intervals} (same order) on {@code a}. */
    public static EstimatedRows of(RoutingMatrix a, List<IntervalCounters> intervals, List<EstimatedInterval> estimates) {
        Network net = a.network();
        int pairCount = a.pairs();
        List<OdPair> pairs = new ArrayList<>(pairCount);
        for (int p = 0; p < pairCount; p++) {
            pairs.add(new OdPair(net.nodes().get(a.src(p)).name(), net.nodes().get(a.dst(p)).name()));
        }
        List<TrafficSample> rows = new ArrayList<>(estimates.size());
        List<ResidualCodec.Residuals> residuals = new ArrayList<>(estimates.size());
        for (int i = 0; i < estimates.size(); i++) {
            EstimatedInterval e = estimates.get(i);
            rows.add(TrafficSample.estimated(intervals.get(i).time(), e.pairBps(), e.fitError()));
            residuals.add(residuals(net, intervals.get(i), e));
        }
        return new EstimatedRows(pairs, rows, residuals);
    }

    /** The residual of every counted link of one interval, in the network's link order, and the missing links. */
    public static ResidualCodec.Residuals residuals(Network net, IntervalCounters counters, EstimatedInterval e) {
        double[] counted = counters.linkBps();
        double[] residual = e.linkResidualBps();
        List<ResidualCodec.LinkFit> links = new ArrayList<>();
        for (int l = 0; l < counted.length; l++) {
            if (!Double.isNaN(counted[l])) {
                links.add(new ResidualCodec.LinkFit(net.links().get(l).id(), counted[l], residual[l]));
            }
        }
        return new ResidualCodec.Residuals(links, e.missingLinks());
    }
}
