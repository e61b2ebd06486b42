package io.twinloop.gateway.events;

import io.grpc.Status;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.twinloop.gateway.config.GatewayConfig;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.round.RoundRunner;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.twin.v1.EventKind;
import io.twinloop.proto.twin.v1.TwinEvent;
import io.twinloop.proto.twin.v1.WatchEventsRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Event-triggered rounds: for every network whose {@link NetworkPolicy} enables events, a
 * WatchEvents stream from the twin (reopened with backoff when it breaks). A link going down, a
 * utilisation threshold crossed upwards (the policy's MLU guardrail, 0.9 when unset) or telemetry
 * diverging from the twin starts a round that first diagnoses the fault, then plans. Events that
 * arrive while a round is due or within the policy's {@code min_interval_seconds} of the last one
 * are coalesced into the next round, so a flapping link cannot start a round storm.
 */
@ApplicationScoped
public class EventWatcher {
    private static final Logger LOG = Logger.getLogger(EventWatcher.class);
    /** Most event descriptions kept in a round's trigger detail. */
    static final int MAX_DETAILS = 5;
    static final long DEFAULT_MIN_INTERVAL_SECONDS = 60;
    static final double DEFAULT_THRESHOLD = 0.9;

    @Inject
    TwinEventsClient twin;
    @Inject
    NetworkPolicyStore policies;
    @Inject
    RoundRunner runner;

    @Inject
    GatewayConfig config;

    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twinloop-events");
        t.setDaemon(true);
        return t;
    });
    /** Event rounds run one at a time, off the gRPC threads. */
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "twinloop-event-rounds");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    void onStart(@Observes StartupEvent e) {
        // once the gateway serves: the twin's channel is then created with the final configuration
        timer.schedule(() -> {
            for (NetworkPolicy p : policies.list()) {
                policyChanged(p);
            }
        }, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent e) {
        stopped = true;
        watches.values().forEach(Watch::cancel);
        watches.clear();
        timer.shutdownNow();
        rounds.shutdownNow();
    }

    /** (Re)starts or stops the network's event stream to match its policy. */
    public void policyChanged(NetworkPolicy policy) {
        Watch old = watches.remove(policy.getNetwork());
        if (old != null) {
            old.cancel();
        }
        EventTriggers ev = policy.getEvents();
        if (stopped || !(ev.getOnLinkDown() || ev.getOnThreshold() || ev.getOnDivergence())) {
            return;
        }
        Watch w = new Watch(policy);
        watches.put(policy.getNetwork(), w);
        w.open();
    }

    /** Networks with an open (or reopening) event stream. */
    public List<String> watched() {
        return List.copyOf(watches.keySet());
    }

    /** What an event means for a network under its triggers, or null when it starts nothing. */
    static String relevant(TwinEvent e, EventTriggers t) {
        return switch (e.getKind()) {
            case EVENT_KIND_LINK_STATE_CHANGED -> t.getOnLinkDown() && e.hasLinkStateChanged()
                    && e.getLinkStateChanged().getState() == LinkState.LINK_STATE_DOWN
                    ? "link " + e.getLinkStateChanged().getLinkId() + " down" : null;
            case EVENT_KIND_THRESHOLD_CROSSED -> t.getOnThreshold() && e.hasThresholdCrossed()
                    && e.getThresholdCrossed().getAbove()
                    ? String.format(java.util.Locale.ROOT, "link %s at %.1f%% (threshold %.1f%%)",
                    e.getThresholdCrossed().getLinkId(), e.getThresholdCrossed().getUtilization() * 100,
                    e.getThresholdCrossed().getThreshold() * 100) : null;
            case EVENT_KIND_DIVERGENCE -> t.getOnDivergence() && e.hasDivergence()
                    ? String.format(java.util.Locale.ROOT, "link %s diverges from the twin (%.0f%% off)",
                    e.getDivergence().getLinkId(), e.getDivergence().getRelativeError() * 100) : null;
            default -> null;
        };
    }

    private void onEvent(NetworkPolicy policy, TwinEvent e) {
        String what = relevant(e, policy.getEvents());
        if (what == null) {
            return;
        }
        String network = policy.getNetwork();
        long minMs = 1000 * (policy.getEvents().getMinIntervalSeconds() > 0 ? policy.getEvents().getMinIntervalSeconds()
                : DEFAULT_MIN_INTERVAL_SECONDS);
        Pending p = pending.computeIfAbsent(network, n -> new Pending());
        synchronized (p) {
            p.details.add(what);
            if (p.due) {
                return; // coalesced into the round already due
            }
            p.due = true;
            long delay = Math.max(0, p.lastStartMs + minMs - System.currentTimeMillis());
            timer.schedule(() -> rounds.execute(() -> runRound(network)), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void runRound(String network) {
        Pending p = pending.get(network);
        List<String> details;
        synchronized (p) {
            details = new ArrayList<>(p.details);
            p.details.clear();
            p.due = false;
        }
        NetworkPolicy policy = policies.find(network).orElse(null);
        if (policy == null || stopped) {
            return;
        }
        synchronized (p) {
            p.lastStartMs = System.currentTimeMillis();
        }
        String detail = details.size() <= MAX_DETAILS ? String.join("; ", details)
                : String.join("; ", details.subList(0, MAX_DETAILS)) + "; and " + (details.size() - MAX_DETAILS) + " more";
        RoundMode mode = policy.getEvents().getMode() == RoundMode.ROUND_MODE_UNSPECIFIED
                ? RoundMode.ROUND_MODE_DRY_RUN : policy.getEvents().getMode();
        try {
            var r = runner.run(RunRoundRequest.newBuilder().setNetwork(network).setMode(mode).setRequestedBy("event")
                            .build(), new RoundRunner.Trigger(RoundTrigger.ROUND_TRIGGER_FAULT, detail, true), 0, "", null);
            LOG.infof("event round %s on %s (%s): %s", r.getId(), network, detail, r.getStatus());
        } catch (RoundFailedException ex) {
            LOG.warnf("event round on %s (%s) failed: %s", network, detail, ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "event round on %s (%s) failed", network, detail);
        }
    }

    /** Events to coalesce into a network's next round. */
    private static final class Pending {
        final List<String> details = new ArrayList<>();
        boolean due;
        long lastStartMs;
    }

    /** One network's event stream, reopened with exponential backoff until cancelled. */
    private final class Watch {
        private final NetworkPolicy policy;
        private volatile boolean cancelled;
        private volatile io.smallrye.mutiny.subscription.Cancellable call;
        private long backoffMs = 500;

        Watch(NetworkPolicy policy) {
            this.policy = policy;
        }

        void open() {
            if (cancelled || stopped) {
                return;
            }
            WatchEventsRequest.Builder req = WatchEventsRequest.newBuilder().setNetwork(policy.getNetwork())
                    .setUtilizationThreshold(policy.getGuardrails().getMaxLinkUtilization() > 0
                            ? policy.getGuardrails().getMaxLinkUtilization() : DEFAULT_THRESHOLD);
            EventTriggers t = policy.getEvents();
            if (t.getOnLinkDown()) {
                req.addKinds(EventKind.EVENT_KIND_LINK_STATE_CHANGED);
            }
            if (t.getOnThreshold()) {
                req.addKinds(EventKind.EVENT_KIND_THRESHOLD_CROSSED);
            }
            if (t.getOnDivergence()) {
                req.addKinds(EventKind.EVENT_KIND_DIVERGENCE);
            }
            call = twin.stub().watchEvents(req.build()).subscribe().with(
                    value -> {
                        backoffMs = 500;
                        onEvent(policy, value.getEvent());
                    },
                    failure -> {
                        if (!cancelled && Status.fromThrowable(failure).getCode() != Status.Code.CANCELLED) {
                            LOG.debugf("event stream of %s broke (%s); reopening", policy.getNetwork(), failure.getMessage());
                        }
                        reopen();
                    },
                    this::reopen);
        }

        private void reopen() {
            if (cancelled || stopped) {
                return;
            }
            long delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, config.gateway().events().reconnectMaxSeconds() * 1000);
            try {
                timer.schedule(this::open, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }

        void cancel() {
            cancelled = true;
            io.smallrye.mutiny.subscription.Cancellable c = call;
            if (c != null) {
                c.cancel();
            }
        }
    }
}
