package io.twinloop.gateway.schedule;

import io.grpc.Status;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.round.RoundRunner;
import io.twinloop.gateway.store.GatewayDatabase;
import io.twinloop.gateway.store.ScheduleStore;
import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundProgress;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Schedule;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler against a real schedule store (H2) and a scripted round runner, ticked by hand
 * at chosen times: one round per due schedule, no catch-up burst after downtime, never two
 * rounds of a network at once, and a failed round does not stop the schedule.
 */
class RoundSchedulerTest {
    private static final long T0 = 1_700_000_000_000L;

    private Connection keepOpen;
    private ScheduleStore store;
    private ExecutorService workers;
    private final List<RunRoundRequest> requests = new CopyOnWriteArrayList<>();
    private final List<RoundTrigger> triggers = new CopyOnWriteArrayList<>();
    private final List<String> details = new CopyOnWriteArrayList<>();
    private volatile Function<RunRoundRequest, Round> behaviour;
    private RoundScheduler scheduler;

    @BeforeEach
    void open() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + Path.of("target", "scheduler-test-" + UUID.randomUUID(), "rounds").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        keepOpen = ds.getConnection();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
        store = new ScheduleStore(new GatewayDatabase(ds, StoreKind.EMBEDDED));
        workers = Executors.newFixedThreadPool(4);
        AtomicInteger ids = new AtomicInteger();
        behaviour = req -> Round.newBuilder().setId("r-" + ids.incrementAndGet()).setNetwork(req.getNetwork()).build();
        RoundRunner runner = new RoundRunner() {
            @Override
            public Round run(RunRoundRequest req, RoundRunner.Trigger trigger, long pinnedVersion, String replayOf,
                             Consumer<RoundProgress> progress) {
                requests.add(req);
                triggers.add(trigger.kind());
                details.add(trigger.detail());
                return behaviour.apply(req);
            }
        };
        scheduler = new RoundScheduler(store, runner, workers);
    }

    @AfterEach
    void close() throws SQLException, InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        keepOpen.close();
    }

    private Schedule schedule(String network, long intervalSeconds, long nextRunMs) {
        return store.set(Schedule.newBuilder().setNetwork(network).setIntervalSeconds(intervalSeconds)
                .setMode(RoundMode.ROUND_MODE_AUTO).setObjective(Objective.OBJECTIVE_MIN_LATENCY)
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(2)).setForecastHorizonSteps(3)
                .setNextRunUnixMs(nextRunMs).build());
    }

    private void tickAndWait(long nowMs) throws InterruptedException {
        scheduler.tick(nowMs);
        awaitIdle();
    }

    private void awaitIdle() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!scheduler.idle()) {
            assertTrue(System.nanoTime() < until, "scheduled rounds did not finish");
            Thread.sleep(5);
        }
    }

    @Test
    void aDueScheduleRunsItsRoundOnceAndMovesOnByItsInterval() throws InterruptedException {
        schedule("a", 60, T0);
        tickAndWait(T0 - 1);
        assertEquals(0, requests.size(), "not due yet");

        tickAndWait(T0 + 250);
        assertEquals(1, requests.size());
        RunRoundRequest req = requests.get(0);
        assertEquals("a", req.getNetwork());
        assertEquals(RoundMode.ROUND_MODE_AUTO, req.getMode());
        assertEquals(Objective.OBJECTIVE_MIN_LATENCY, req.getObjective());
        assertEquals(2, req.getGuardrails().getMaxChanges());
        assertEquals(3, req.getForecastHorizonSteps());
        assertEquals("schedule", req.getRequestedBy());
        assertEquals(List.of(RoundTrigger.ROUND_TRIGGER_SCHEDULE), triggers);
        assertEquals(List.of("schedule every 60 s"), details);
        Schedule s = store.find("a").orElseThrow();
        assertEquals(T0 + 250, s.getLastRunUnixMs());
        assertEquals(T0 + 250 + 60_000, s.getNextRunUnixMs(), "max(now, next run) + interval");
        assertEquals("r-1", s.getLastRoundId());

        tickAndWait(T0 + 59_000);
        assertEquals(1, requests.size(), "not again before the interval has passed");
        tickAndWait(T0 + 60_250);
        assertEquals(2, requests.size());
        assertEquals("r-2", store.find("a").orElseThrow().getLastRoundId());
    }

    @Test
    void afterDowntimeOneRoundRunsNotOnePerMissedInterval() throws InterruptedException {
        schedule("b", 60, T0 - 3_600_000); // due an hour ago: 60 intervals missed
        tickAndWait(T0);
        tickAndWait(T0 + 1_000);
        tickAndWait(T0 + 59_999);
        assertEquals(1, requests.size());
        assertEquals(T0 + 60_000, store.find("b").orElseThrow().getNextRunUnixMs());
    }

    @Test
    void aNetworkNeverHasTwoScheduledRoundsAtOnce() throws InterruptedException {
        schedule("c", 1, T0);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Function<RunRoundRequest, Round> normal = behaviour;
        behaviour = req -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return normal.apply(req);
        };
        scheduler.tick(T0);
        for (int i = 1; i <= 5; i++) {
            scheduler.tick(T0 + i * 2_000L); // due again every time, while the first round still runs
        }
        Thread.sleep(100);
        assertEquals(1, requests.size());
        assertEquals(T0 + 1_000, store.find("c").orElseThrow().getNextRunUnixMs(), "left due, not claimed again");
        release.countDown();
        awaitIdle();

        tickAndWait(T0 + 12_000);
        assertEquals(2, requests.size(), "it runs once the previous round has ended");
        assertEquals(1, most.get());
        assertEquals(T0 + 13_000, store.find("c").orElseThrow().getNextRunUnixMs());
    }

    @Test
    void aFailedRoundIsRecordedAndTheScheduleGoesOn() throws InterruptedException {
        schedule("d", 10, T0);
        schedule("e", 10, T0);
        behaviour = req -> {
            if (req.getNetwork().equals("d")) {
                throw new RoundFailedException(Status.Code.UNAVAILABLE, "r-failed", "round r-failed failed: twin down");
            }
            throw new IllegalStateException("could not store round");
        };
        tickAndWait(T0);
        assertEquals(2, requests.size(), "one failure does not keep the other network from running");
        assertEquals("r-failed", store.find("d").orElseThrow().getLastRoundId());
        assertEquals(T0 + 10_000, store.find("d").orElseThrow().getNextRunUnixMs());
        assertEquals(T0 + 10_000, store.find("e").orElseThrow().getNextRunUnixMs());

        behaviour = req -> Round.newBuilder().setId("r-ok-" + req.getNetwork()).build();
        tickAndWait(T0 + 10_000);
        assertEquals(4, requests.size());
        assertEquals("r-ok-d", store.find("d").orElseThrow().getLastRoundId());
        assertEquals("r-ok-e", store.find("e").orElseThrow().getLastRoundId());
    }

    @Test
    void aScheduleDeletedDuringItsRoundStaysDeleted() throws InterruptedException {
        schedule("f", 10, T0);
        Function<RunRoundRequest, Round> normal = behaviour;
        behaviour = req -> {
            store.delete(req.getNetwork());
            return normal.apply(req);
        };
        tickAndWait(T0);
        assertEquals(1, requests.size());
        assertTrue(store.find("f").isEmpty());
        tickAndWait(T0 + 20_000);
        assertEquals(1, requests.size());
    }
}
