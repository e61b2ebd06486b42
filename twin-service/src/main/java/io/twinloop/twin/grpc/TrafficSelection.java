package io.twinloop.twin.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.TrafficSeries;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The traffic a what-if routes ({@code TrafficSelector}): a matrix given in the request, a row of the
 * network's stored series, or by default its latest row that is not a missing measurement (the
 * snapshot's static demands when there is none); then scaled.
 */
@ApplicationScoped
public class TrafficSelection {

    /** The demands a simulation routes, with where they came from. Row is -1 when not from the series. */
    record SelectedTraffic(List<Demand> demands, String time, int row) {
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
            base = new SelectedTraffic(Translator.demands(selector.getMatrix().getDemandsList(), "traffic.matrix.demands"),
                    selector.getMatrix().getTime(), -1);
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
            base = new SelectedTraffic(series.demandsAt(row), series.samples().get(row).time(), row);
        } else {
            int row = latestRow(series);
            base = row >= 0
                    ? new SelectedTraffic(series.demandsAt(row), series.samples().get(row).time(), row)
                    : new SelectedTraffic(s.network().demands(), "", -1);
        }
        if (scale == 1.0) {
            return base;
        }
        List<Demand> scaled = base.demands().stream()
                .map(d -> new Demand(d.src(), d.dst(), d.rateBps() * scale)).toList();
        return new SelectedTraffic(scaled, base.time(), base.row());
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
