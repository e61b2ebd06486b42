package io.twinloop.twin.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.DivergenceDetected;
import io.twinloop.proto.twin.v1.EventKind;
import io.twinloop.proto.twin.v1.LinkStateChanged;
import io.twinloop.proto.twin.v1.ThresholdCrossed;
import io.twinloop.proto.twin.v1.VersionChanged;
import io.twinloop.proto.twin.v1.WatchEventsRequest;
import io.twinloop.proto.twin.v1.WatchEventsResponse;
import io.twinloop.twin.events.TwinEvent;
import io.twinloop.twin.events.TwinEvents;
import io.twinloop.twin.telemetry.OperState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * WatchEvents: subscribes the stream to {@link TwinEvents} and sends the events of the requested
 * network and kinds until the client cancels (or the service stops, which completes the stream).
 * Threshold crossings are derived per watcher from observed utilization, with the watcher's own
 * threshold: an event when a link goes above it, and one when it falls back to or below it.
 */
@ApplicationScoped
public class EventWatchRpc {
    /** Threshold used when the request leaves it 0. */
    static final double DEFAULT_THRESHOLD = 0.9;
    private static final Logger LOG = Logger.getLogger(EventWatchRpc.class);

    @Inject
    TwinEvents events;

    public void watchEvents(WatchEventsRequest req, StreamObserver<WatchEventsResponse> out) {
        String network = RequestFields.networkName(req.getNetwork(), true);
        double threshold = req.getUtilizationThreshold() == 0 ? DEFAULT_THRESHOLD : req.getUtilizationThreshold();
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new RequestException("utilization_threshold",
                    "utilization_threshold must be a finite fraction > 0 (0 = 0.9), got " + req.getUtilizationThreshold());
        }
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        for (int i = 0; i < req.getKindsCount(); i++) {
            EventKind k = req.getKinds(i);
            if (k == EventKind.EVENT_KIND_UNSPECIFIED || k == EventKind.UNRECOGNIZED) {
                throw new RequestException("kinds[" + i + "]", "unknown event kind " + req.getKindsValue(i));
            }
            kinds.add(k);
        }
        if (kinds.isEmpty()) {
            kinds = EnumSet.complementOf(EnumSet.of(EventKind.EVENT_KIND_UNSPECIFIED, EventKind.UNRECOGNIZED));
        }
        Watcher watcher = new Watcher(out, network, kinds, threshold);
        TwinEvents.Subscription sub = events.subscribe(watcher);
        watcher.subscription = sub;
        if (out instanceof ServerCallStreamObserver<WatchEventsResponse> call) {
            call.setOnCancelHandler(watcher::cancel);
            call.setOnCloseHandler(watcher::cancel);
        }
    }

    /** One stream's filter and threshold state; events arrive on publishers' threads. */
    private static final class Watcher implements TwinEvents.Listener {
        private final StreamObserver<WatchEventsResponse> out;
        private final String network;
        private final Set<EventKind> kinds;
        private final double threshold;
        private final Map<String, Boolean> above = new HashMap<>();
        private volatile TwinEvents.Subscription subscription;
        private boolean closed;

        Watcher(StreamObserver<WatchEventsResponse> out, String network, Set<EventKind> kinds, double threshold) {
            this.out = out;
            this.network = network;
            this.kinds = kinds;
            this.threshold = threshold;
        }

        @Override
        public synchronized void onEvent(TwinEvent e) {
            if (closed || (!network.isEmpty() && !network.equals(e.network()))) {
                return;
            }
            if (e instanceof TwinEvent.VersionChanged v && kinds.contains(EventKind.EVENT_KIND_VERSION_CHANGED)) {
                send(event(e, EventKind.EVENT_KIND_VERSION_CHANGED, "version " + v.version().version()
                        + " (from " + v.version().parentVersion() + "): " + v.version().reason())
                        .setVersionChanged(VersionChanged.newBuilder()
                                .setVersion(v.version().version()).setParentVersion(v.version().parentVersion())
                                .setReason(v.version().reason()).setAuthor(v.version().author())));
            } else if (e instanceof TwinEvent.LinkStateChanged s && kinds.contains(EventKind.EVENT_KIND_LINK_STATE_CHANGED)) {
                send(event(e, EventKind.EVENT_KIND_LINK_STATE_CHANGED, "link " + s.linkId() + " oper "
                        + s.previous() + " -> " + s.state())
                        .setLinkStateChanged(LinkStateChanged.newBuilder().setLinkId(s.linkId())
                                .setPreviousState(state(s.previous())).setState(state(s.state()))));
            } else if (e instanceof TwinEvent.UtilizationObserved u && kinds.contains(EventKind.EVENT_KIND_THRESHOLD_CROSSED)) {
                thresholds(u);
            } else if (e instanceof TwinEvent.DivergenceDetected d && kinds.contains(EventKind.EVENT_KIND_DIVERGENCE)) {
                send(event(e, EventKind.EVENT_KIND_DIVERGENCE, String.format(
                        "link %s carries %.4g bit/s, the twin predicts %.4g bit/s", d.linkId(),
                        d.observedBps(), d.predictedBps()))
                        .setDivergence(DivergenceDetected.newBuilder().setLinkId(d.linkId())
                                .setObservedBps(d.observedBps()).setPredictedBps(d.predictedBps())
                                .setRelativeError(d.relativeError())));
            }
        }

        private void thresholds(TwinEvent.UtilizationObserved u) {
            for (int i = 0; i < u.size() && !closed; i++) {
                double util = u.utilization()[i];
                if (Double.isNaN(util)) {
                    continue;
                }
                boolean isAbove = util > threshold;
                Boolean was = above.put(u.network() + "\u0000" + u.linkIds()[i], isAbove);
                // The first observation of a link reports only a link already above the threshold.
                if (was == null ? isAbove : was != isAbove) {
                    send(io.twinloop.proto.twin.v1.TwinEvent.newBuilder()
                            .setNetwork(u.network()).setKind(EventKind.EVENT_KIND_THRESHOLD_CROSSED)
                            .setTimeUnixMs(u.timesUnixMs()[i])
                            .setMessage(String.format("link %s utilization %.1f%% is %s the %.1f%% threshold",
                                    u.linkIds()[i], util * 100, isAbove ? "above" : "back below", threshold * 100))
                            .setThresholdCrossed(ThresholdCrossed.newBuilder().setLinkId(u.linkIds()[i])
                                    .setUtilization(util).setThreshold(threshold).setAbove(isAbove)));
                }
            }
        }

        private static io.twinloop.proto.twin.v1.TwinEvent.Builder event(TwinEvent e, EventKind kind, String message) {
            return io.twinloop.proto.twin.v1.TwinEvent.newBuilder()
                    .setNetwork(e.network()).setKind(kind).setTimeUnixMs(e.timeUnixMs()).setMessage(message);
        }

        private static LinkState state(OperState s) {
            return switch (s) {
                case UNSPECIFIED -> LinkState.LINK_STATE_UNSPECIFIED;
                case UP -> LinkState.LINK_STATE_UP;
                case DOWN -> LinkState.LINK_STATE_DOWN;
                case SLEEP -> LinkState.LINK_STATE_SLEEP;
            };
        }

        private void send(io.twinloop.proto.twin.v1.TwinEvent.Builder event) {
            try {
                out.onNext(WatchEventsResponse.newBuilder().setEvent(event).build());
            } catch (RuntimeException ex) {
                LOG.debug("watch stream is gone; unsubscribing", ex);
                cancel();
            }
        }

        /** The client went away: stop delivering. */
        synchronized void cancel() {
            closed = true;
            TwinEvents.Subscription s = subscription;
            if (s != null) {
                s.close();
            }
        }

        @Override
        public synchronized void onClose() {
            if (!closed) {
                closed = true;
                try {
                    out.onCompleted();
                } catch (RuntimeException ex) {
                    LOG.debug("watch stream already closed", ex);
                }
            }
        }
    }
}
