package io.twinloop.twin.telemetry;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.plan.Plan;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.simulation.SimulationResult;
import io.twinloop.twin.simulation.Simulator;
import io.twinloop.twin.simulation.WhatIf;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares measured link rates with the load the twin predicts and publishes a
 * {@link TwinEvent.DivergenceDetected} when a link's relative error
 * {@code |observed - predicted| / max(predicted, 1% of capacity)} rises above
 * {@code twinloop.telemetry.divergence-threshold} (once per excursion, not per sample).
 *
 * <p>The prediction is the ECMP routing of the latest stored traffic sample (or the static
 * demands when no series is stored) over the latest version, with the links telemetry saw down
 * removed; it is recomputed when any of these change. It does not pick the traffic sample
 * closest to the telemetry time.
 */
@ApplicationScoped
public class DivergenceDetector {
    private static final Logger LOG = Logger.getLogger(DivergenceDetector.class);

    private record Prediction(long version, int trafficRows, Set<String> down, double[] loadBps, Network network) {
    }

    private final TwinStore store;
    private final TrafficStore trafficStore;
    private final OperStateRegistry operStates;
    private final TwinEvents events;
    private final double threshold;
    private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
    private final Set<String> diverging = ConcurrentHashMap.newKeySet();

    @Inject
    public DivergenceDetector(TwinStore store, TrafficStore trafficStore, OperStateRegistry operStates, TwinEvents events,
                              TwinConfig config) {
        this(store, trafficStore, operStates, events, config.telemetry().divergenceThreshold());
    }

    public DivergenceDetector(TwinStore store, TrafficStore trafficStore, OperStateRegistry operStates, TwinEvents events,
                              double threshold) {
        this.store = store;
        this.trafficStore = trafficStore;
        this.operStates = operStates;
        this.events = events;
        this.threshold = threshold;
    }

    /** Forgets the prediction and divergence state of a deleted network. */
    public void forget(String network) {
        predictions.remove(network);
        diverging.removeIf(k -> k.startsWith(network + "\u0000"));
    }

    /** Checks committed samples of {@code network} against the prediction. */
    void observe(String network, List<LinkSample> samples) {
        Prediction p = prediction(network);
        if (p == null) {
            return;
        }
        for (LinkSample s : samples) {
            int i = p.network().linkIndex(s.linkId());
            if (i < 0) {
                continue;
            }
            Link l = p.network().links().get(i);
            double predicted = p.loadBps()[i];
            double scale = Math.max(predicted, l.capacityBps() * 0.01);
            if (!(scale > 0)) {
                continue;
            }
            double error = Math.abs(s.rateBps() - predicted) / scale;
            String key = network + "\u0000" + s.linkId();
            if (error > threshold) {
                if (diverging.add(key)) {
                    events.publish(new TwinEvent.DivergenceDetected(network, s.timeUnixMs(), s.linkId(),
                            s.rateBps(), predicted, error));
                }
            } else {
                diverging.remove(key);
            }
        }
    }

    /** The current prediction, or null when the twin has no traffic to predict from. */
    private Prediction prediction(String network) {
        Snapshot snap = store.snapshot(network, 0);
        TrafficSeries series = trafficStore.traffic(network);
        Set<String> down = operStates.downLinkIds(network);
        Prediction p = predictions.get(network);
        if (p != null && p.version() == snap.version() && p.trafficRows() == series.size() && p.down().equals(down)) {
            return p;
        }
        List<Demand> demands = snap.network().demands();
        for (int row = series.size() - 1; row >= 0; row--) {
            if (!series.samples().get(row).missing()) {
                demands = series.demandsAt(row);
                break;
            }
        }
        if (demands.isEmpty()) {
            return null;
        }
        try {
            SimulationResult r = Simulator.simulate(snap.network(), new WhatIf(demands, Plan.empty(), down, Set.of()));
            p = new Prediction(snap.version(), series.size(), down, r.routing().loadBps(), snap.network());
        } catch (RuntimeException e) {
            LOG.debugf(e, "no prediction for network %s", network);
            return null;
        }
        predictions.put(network, p);
        return p;
    }
}
