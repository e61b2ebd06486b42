package io.twinloop.twin.grpc;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.twin.v1.GetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.SetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.TrafficFollowStatus;
import io.twinloop.twin.estimate.TrafficFollower;
import io.twinloop.twin.store.FollowStore;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * SetTrafficFollow and GetTrafficFollow: whether the twin keeps a network's traffic series from its telemetry
 * ({@link TrafficFollower}), and what it has done so far.
 */
@ApplicationScoped
public class TrafficFollowRpcs {
    static final int MIN_INTERVAL_SECONDS = 60;
    static final int MAX_SECONDS = 86_400;
    static final int DEFAULT_INTERVAL_SECONDS = 300;
    static final int DEFAULT_SETTLE_SECONDS = 60;

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    FollowStore follows;

    public TrafficFollowStatus setTrafficFollow(SetTrafficFollowRequest req) {
        String name = networkName(req.getNetwork());
        store.head(name);
        EstimationMethod method = EstimationMethod.parse(req.getMethod());
        Optional<FollowStore.Follow> before = follows.get(name);
        TrafficSeries series = trafficStore.traffic(name);
        int seriesStep = TimeLabels.stepSeconds(series.samples().stream().map(TrafficSample::time).toList());
        int interval = req.getIntervalSeconds();
        if (interval < 0 || interval > 0 && (interval < MIN_INTERVAL_SECONDS || interval > MAX_SECONDS)) {
            throw new RequestException("interval_seconds", "interval_seconds must be " + MIN_INTERVAL_SECONDS + " to "
                    + MAX_SECONDS + " (0 = the stored series' step, else " + DEFAULT_INTERVAL_SECONDS + "), got " + interval);
        }
        if (interval == 0) {
            interval = seriesStep > 0 ? seriesStep : before.map(FollowStore.Follow::intervalSeconds)
                    .orElse(DEFAULT_INTERVAL_SECONDS);
        }
        if (seriesStep > 0 && interval != seriesStep) {
            throw new RequestException("interval_seconds", "network '" + name + "' has a traffic series with a step of "
                    + seriesStep + " s; estimated rows continue it, so follow at interval_seconds " + seriesStep
                    + " (or 0), not " + interval);
        }
        int settle = req.hasSettleSeconds() ? req.getSettleSeconds()
                : before.map(FollowStore.Follow::settleSeconds).orElse(DEFAULT_SETTLE_SECONDS);
        if (settle < 0 || settle > MAX_SECONDS) {
            throw new RequestException("settle_seconds", "settle_seconds must be 0 to " + MAX_SECONDS + ", got " + settle);
        }
        return status(follows.set(name, req.getEnabled(), method == null ? "" : method.id(), interval, settle));
    }

    public TrafficFollowStatus getTrafficFollow(GetTrafficFollowRequest req) {
        String name = networkName(req.getNetwork());
        store.head(name);
        return follows.get(name).map(TrafficFollowRpcs::status)
                .orElseGet(() -> TrafficFollowStatus.newBuilder().setNetwork(name).build());
    }

    static TrafficFollowStatus status(FollowStore.Follow f) {
        TrafficFollowStatus.Builder b = TrafficFollowStatus.newBuilder().setNetwork(f.network()).setEnabled(f.enabled())
                .setMethod(f.method()).setIntervalSeconds(f.intervalSeconds()).setSettleSeconds(f.settleSeconds())
                .setIntervalsEstimated(f.intervalsEstimated()).setIntervalsFailed(f.intervalsFailed())
                .setLastInterval(f.lastInterval()).setLastMethod(f.lastMethod()).setLastError(f.lastError());
        if (!Double.isNaN(f.lastFitError())) {
            b.setLastFitError(f.lastFitError());
        }
        if (f.lastRunMs() > 0) {
            b.setLastRun(Instant.ofEpochMilli(f.lastRunMs()).toString());
        }
        return b.build();
    }
}
