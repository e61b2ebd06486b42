package io.twinloop.twin.estimate;

import io.quarkus.scheduler.Scheduled;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;
import io.twinloop.twin.config.TwinConfig;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.store.FollowStore;
import io.twinloop.twin.store.TelemetryPages;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the traffic series of followed networks ({@link FollowStore}) from their telemetry: every
 * {@code twinloop.estimate.follow-every}, each followed network's closed intervals of stored link telemetry
 * are estimated on the latest version's exact routing and appended to its series, marked as estimated with
 * their fit and residuals (the rows EstimateTraffic with {@code store} writes).
 *
 * <p>An interval {@code [t, t + interval)} is closed once the network's stored telemetry reaches
 * {@code t + interval + settle}: telemetry time, so a replay of old telemetry is followed as it arrives, and a
 * stream that stops leaves its last interval open until more telemetry comes. Intervals with no telemetry of
 * the network's links become missing rows of the series (the appender's gap rule). An interval the estimator
 * refuses (e.g. underdetermined: too few counted links) is skipped and counted as failed, with the reason in the
 * status; the others are stored. Calibration: with the default method, when the series holds at least a day of
 * measured rows, the newest week of them (the {@code calibrated} method).
 *
 * <p>Passes over one network never overlap (one lock); an append that another writer beat (the series moved)
 * fails the pass, which the next pass redoes from the new end of the series.
 */
@ApplicationScoped
public class TrafficFollower {
    private static final Logger LOG = Logger.getLogger(TrafficFollower.class);
    private static final long DAY_SECONDS = 86_400;

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    FollowStore follows;
    @Inject
    TelemetryPages pages;
    @Inject
    TwinLimits limits;
    @Inject
    TwinConfig config;

    private final ReentrantLock lock = new ReentrantLock();

    /** One pass over every followed network; runs on the schedule. */
    @Scheduled(every = "${twinloop.estimate.follow-every:30s}", delayed = "${twinloop.estimate.follow-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void followAll() {
        for (FollowStore.Follow f : follows.enabled()) {
            try {
                follow(f.network());
            } catch (RuntimeException e) {
                LOG.warnf(e, "traffic follow: network %s failed; will retry at the next pass", f.network());
            }
        }
    }

    /**
     * One pass over {@code network} now, if it is followed: estimates and stores its closed intervals (at most
     * {@code follow-max-intervals}) and records the pass. Returns the pass, empty when the network is not
     * followed.
     */
    public Optional<FollowStore.Pass> follow(String network) {
        lock.lock();
        try {
            Optional<FollowStore.Follow> f = follows.get(network);
            if (f.isEmpty() || !f.get().enabled()) {
                return Optional.empty();
            }
            FollowStore.Pass pass = pass(f.get());
            follows.record(network, pass);
            if (pass.estimated() + pass.failed() > 0 || !pass.lastError().isEmpty()) {
                LOG.infof("traffic follow: network %s: %d intervals estimated, %d failed%s", network, pass.estimated(),
                        pass.failed(), pass.lastError().isEmpty() ? "" : " (" + pass.lastError() + ")");
            }
            return Optional.of(pass);
        } finally {
            lock.unlock();
        }
    }

    private FollowStore.Pass pass(FollowStore.Follow f) {
        long now = System.currentTimeMillis();
        String name = f.network();
        Optional<long[]> span = follows.telemetrySpan(name);
        if (span.isEmpty()) {
            return idle(now, "");
        }
        long step = f.intervalSeconds() * 1000L;
        TrafficSeries series = trafficStore.traffic(name);
        long from = Math.floorDiv(span.get()[0], step) * step;
        if (series.size() > 0) {
            long last = TimeLabels.epochSeconds(series.samples().get(series.size() - 1).time()).orElse(Long.MIN_VALUE / 1000);
            from = Math.max(from, Math.floorDiv(last * 1000, step) * step + step);
        }
        if (f.nextMs() != Long.MIN_VALUE) {
            from = Math.max(from, f.nextMs());
        }
        long closedEnd = Math.floorDiv(span.get()[1] - f.settleSeconds() * 1000L, step) * step;
        if (closedEnd <= from) {
            return idle(now, "");
        }
        Network net = store.snapshot(name, 0).network();
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(net));
        long perPass = Math.max(1, Math.min(config.estimate().followMaxIntervals(),
                limits.maxEstimateValues() / Math.max(1, a.pairs())));
        long to = Math.min(closedEnd, from + perPass * step);
        EstimationInput stored = StoredCounters.read(pages, name, net, from, to, f.intervalSeconds(), k -> { });
        if (stored.intervals().isEmpty()) {
            return new FollowStore.Pass(0, 0, "", Double.NaN, "", "", now, to); // telemetry of none of its links
        }
        EstimationMethod method = EstimationMethod.parse(f.method());
        Calibration calibration = method == null || method != EstimationMethod.TOMOGRAVITY && method != EstimationMethod.GRAVITY
                ? calibration(series, a) : null;
        EstimationMethod used = method != null ? method : EstimationMethod.defaultFor(calibration != null);
        TrafficEstimator estimator = new TrafficEstimator(a);
        List<IntervalCounters> intervals = new ArrayList<>(stored.intervals());
        List<EstimatedInterval> estimates = new ArrayList<>();
        int failed = 0;
        String error = "";
        try {
            estimates.addAll(estimator.estimate(intervals, calibration, used));
        } catch (InvalidNetworkException whole) {
            // estimate the intervals one by one to keep the ones the estimator accepts
            List<IntervalCounters> kept = new ArrayList<>();
            for (IntervalCounters counters : intervals) {
                try {
                    estimates.add(estimator.estimate(List.of(counters), calibration, used).get(0));
                    kept.add(counters);
                } catch (InvalidNetworkException e) {
                    failed++;
                    if (error.isEmpty()) {
                        error = "interval " + counters.time() + ": " + e.getMessage();
                    }
                }
            }
            intervals = kept;
        }
        if (estimates.isEmpty()) {
            return new FollowStore.Pass(0, failed, "", Double.NaN, used.id(), error, now, to);
        }
        EstimatedRows rows = EstimatedRows.of(a, intervals, estimates);
        try {
            trafficStore.appendEstimated(name, rows.pairs(), rows.rows(), rows.residuals(),
                    i -> "interval " + rows.rows().get(i).time());
        } catch (InvalidNetworkException e) {
            // the series moved meanwhile (another writer appended): the next pass starts after its new end
            return new FollowStore.Pass(0, 0, "", Double.NaN, used.id(), "storing failed: " + e.getMessage(), now,
                    Long.MIN_VALUE);
        }
        TrafficSample last = rows.rows().get(rows.rows().size() - 1);
        return new FollowStore.Pass(estimates.size(), failed, last.time(), last.fitError(), used.id(), error, now, to);
    }

    private static FollowStore.Pass idle(long now, String error) {
        return new FollowStore.Pass(0, 0, "", Double.NaN, "", error, now, Long.MIN_VALUE);
    }

    /**
     * The newest week of the series' measured rows as a calibration history, when it holds at least a day of
     * them (by its step); else null. Pairs of the series the routing lacks are left out.
     */
    static Calibration calibration(TrafficSeries series, RoutingMatrix a) {
        int step = TimeLabels.stepSeconds(series.samples().stream().map(TrafficSample::time).toList());
        if (step <= 0) {
            return null;
        }
        long perDay = Math.max(1, DAY_SECONDS / step);
        List<TrafficSample> measured = series.samples().stream().filter(s -> !s.missing() && !s.estimated()).toList();
        if (measured.size() < perDay) {
            return null;
        }
        List<TrafficSample> week = measured.subList((int) Math.max(0, measured.size() - 7 * perDay), measured.size());
        Network net = a.network();
        int[] column = new int[series.pairs().size()];
        for (int c = 0; c < column.length; c++) {
            OdPair p = series.pairs().get(c);
            int s = net.nodeIndex(p.src());
            int d = net.nodeIndex(p.dst());
            column[c] = s < 0 || d < 0 || s == d ? -1 : a.pair(s, d);
        }
        List<String> times = new ArrayList<>(week.size());
        List<double[]> matrices = new ArrayList<>(week.size());
        for (TrafficSample s : week) {
            double[] x = new double[a.pairs()];
            for (int c = 0; c < column.length; c++) {
                if (column[c] >= 0) {
                    x[column[c]] = s.rateBps(c);
                }
            }
            times.add(s.time());
            matrices.add(x);
        }
        return new Calibration(times, matrices);
    }
}
