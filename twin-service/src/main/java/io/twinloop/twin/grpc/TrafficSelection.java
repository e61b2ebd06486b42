package io.twinloop.twin.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The traffic a what-if routes ({@code TrafficSelector}): a matrix given in the request, a row of the
 * network's stored series, or by default its latest row that is not a missing measurement (the
 * snapshot's static demands when there is none); then scaled. A stored row estimated from link counters
 * (or a given matrix marked estimated) keeps its mark and fit, so the caller can say what it ran on.
 */
@ApplicationScoped
public class TrafficSelection {

    /**
     * The demands a simulation routes, with where they came from. Row is -1 when not from the series;
     * fitError is NaN for measured traffic (and the static demands), else the estimate's relative fit.
     */
    record SelectedTraffic(List<Demand> demands, String time, int row, double fitError) {

        /** The selection as a proto matrix, marked as estimated with its fit when it is. */
        TrafficMatrix matrix() {
            return Translator.matrix(time, demands, fitError);
        }
    }

    @Inject
    TrafficStore trafficStore;

    SelectedTraffic select(Snapshot s, TrafficSelector selector) {
        double scale = selector == null || selector.getScale() == 0 ? 1.0 : selector.getScale();
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new RequestException("traffic.scale", "scale must be a finite number > 0, got " + scale);
        }
        SelectedTraffic base;
        TrafficSeries series = trafficStore.traffic(s.networkName());
        if (selector != null && selector.hasMatrix()) {
            TrafficMatrix m = selector.getMatrix();
            base = new SelectedTraffic(Translator.demands(m.getDemandsList(), "traffic.matrix.demands"),
                    m.getTime(), -1, m.getEstimated() ? givenFit(m.getFitError()) : Double.NaN);
        } else if (selector != null && selector.hasRow()) {
            int row = selector.getRow();
            if (row < 0 || row >= series.size()) {
                throw new RequestException("traffic.row", "row " + row + " is outside the traffic series of network '"
                        + s.networkName() + "' (" + series.size() + " samples; rows are 0-based)");
            }
            if (series.samples().get(row).missing()) {
                throw new RequestException("traffic.row", "row " + row + " (" + series.samples().get(row).time()
                        + ") is a missing measurement, not zero traffic; choose another row");
            }
            base = stored(series, row);
        } else {
            int row = latestRow(series);
            base = row >= 0 ? stored(series, row) : new SelectedTraffic(s.network().demands(), "", -1, Double.NaN);
        }
        if (scale == 1.0) {
            return base;
        }
        List<Demand> scaled = base.demands().stream()
                .map(d -> new Demand(d.src(), d.dst(), d.rateBps() * scale)).toList();
        return new SelectedTraffic(scaled, base.time(), base.row(), base.fitError());
    }

    private static SelectedTraffic stored(TrafficSeries series, int row) {
        TrafficSample sample = series.samples().get(row);
        return new SelectedTraffic(series.demandsAt(row), sample.time(), row, sample.fitError());
    }

    /** The fit of a given estimated matrix: a NaN fit (which JSON can carry) is refused, as the store would. */
    private static double givenFit(double fit) {
        if (Double.isNaN(fit) || fit < 0) {
            throw new RequestException("traffic.matrix.fit_error",
                    "an estimated matrix needs its fit error, a number >= 0, got " + fit);
        }
        return fit;
    }

    /** The last row that is not a missing measurement, or -1. */
    static int latestRow(TrafficSeries series) {
        for (int i = series.size() - 1; i >= 0; i--) {
            if (!series.samples().get(i).missing()) {
                return i;
            }
        }
        return -1;
    }
}
