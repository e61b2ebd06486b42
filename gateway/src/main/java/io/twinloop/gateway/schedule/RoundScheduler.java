package io.twinloop.gateway.schedule;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.round.RoundRunner;
import io.twinloop.gateway.store.ScheduleStore;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Schedule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the rounds of due schedules. A single thread looks for due schedules every
 * {@code twinloop.gateway.schedule.tick}; each due schedule is first claimed in the store (its
 * next run moves to {@code max(now, next run) + interval}, so a gateway that was down runs one
 * round, not every round it missed), then its round runs on a small worker pool. A network
 * whose previous scheduled round is still running is left due until that round ends, so it
 * never has two at once. A failed round is logged and recorded; the schedule goes on.
 */
@ApplicationScoped
public class RoundScheduler {
    private static final Logger LOG = Logger.getLogger(RoundScheduler.class);
    /** Who the scheduled rounds are recorded as requested by. */
    public static final String REQUESTED_BY = "schedule";

    private final ScheduleStore schedules;
    private final RoundRunner runner;
    private final ScheduleConfig config;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticker;
    private ExecutorService workers;

    @Inject
    public RoundScheduler(ScheduleStore schedules, RoundRunner runner, ScheduleConfig config) {
        this.schedules = schedules;
        this.runner = runner;
        this.config = config;
    }

    /** A scheduler whose rounds run on {@code workers} and that ticks only when told (tests). */
    RoundScheduler(ScheduleStore schedules, RoundRunner runner, ExecutorService workers) {
        this(schedules, runner, (ScheduleConfig) null);
        this.workers = workers;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (ticker != null) {
            return;
        }
        if (config.workers() < 1) {
            throw new IllegalArgumentException("twinloop.gateway.schedule.workers must be at least 1, got "
                    + config.workers());
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.workers(), r -> daemon(r, "gateway-schedule-round-" + n.incrementAndGet()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gateway-schedule-tick"));
        long tickMs = Math.max(10, config.tick().toMillis());
        ticker.scheduleWithFixedDelay(() -> tick(System.currentTimeMillis()), tickMs, tickMs, TimeUnit.MILLISECONDS);
        LOG.infof("scheduler started: looks for due schedules every %d ms, up to %d rounds at once", tickMs,
                config.workers());
    }

    synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        ticker = null;
    }

    /**
     * Claims every schedule due at {@code nowMs} whose network has no scheduled round running,
     * and starts its round. Never throws: a periodic task that throws is never run again.
     */
    void tick(long nowMs) {
        List<Schedule> due;
        try {
            due = schedules.due(nowMs);
        } catch (RuntimeException e) {
            LOG.warnf("could not look for due schedules: %s", e.getMessage());
            return;
        }
        for (Schedule s : due) {
            String network = s.getNetwork();
            if (!running.add(network)) {
                continue; // its previous round still runs; this one starts when it has ended
            }
            try {
                Schedule claimed = s.toBuilder()
                        .setNextRunUnixMs(Math.max(nowMs, s.getNextRunUnixMs()) + s.getIntervalSeconds() * 1000)
                        .setLastRunUnixMs(nowMs).build();
                if (schedules.claim(claimed, s.getNextRunUnixMs())) {
                    workers.execute(() -> runRound(claimed));
                } else {
                    running.remove(network); // replaced, deleted or claimed elsewhere since it was read
                }
            } catch (RuntimeException e) {
                running.remove(network);
                LOG.warnf("could not start the scheduled round of %s: %s", network, e.getMessage());
            }
        }
    }

    /** Whether no scheduled round is running. */
    boolean idle() {
        return running.isEmpty();
    }

    private void runRound(Schedule s) {
        String network = s.getNetwork();
        try {
            Round r = runner.run(request(s), new RoundRunner.Trigger(RoundTrigger.ROUND_TRIGGER_SCHEDULE,
                    "schedule every " + s.getIntervalSeconds() + " s", false), 0, "", null);
            LOG.infof("scheduled round %s of %s: %s", r.getId(), network, r.getStatus());
            recordRound(network, r.getId());
        } catch (RoundFailedException e) {
            LOG.warnf("scheduled round of %s failed: %s", network, e.getMessage());
            if (!e.roundId().isEmpty()) {
                recordRound(network, e.roundId());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduled round of %s failed", network);
        } finally {
            running.remove(network);
        }
    }

    private void recordRound(String network, String roundId) {
        try {
            schedules.recordRound(network, roundId);
        } catch (RuntimeException e) {
            LOG.warnf("could not record round %s on the schedule of %s: %s", roundId, network, e.getMessage());
        }
    }

    /** The round a schedule asks for. */
    static RunRoundRequest request(Schedule s) {
        return RunRoundRequest.newBuilder().setNetwork(s.getNetwork()).setMode(s.getMode())
                .setObjective(s.getObjective()).setObjectiveWeights(s.getObjectiveWeights())
                .addAllConstraints(s.getConstraintsList()).setGuardrails(s.getGuardrails())
                .setForecastHorizonSteps(s.getForecastHorizonSteps()).setRequestedBy(REQUESTED_BY).build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
