package io.twinloop.gateway.store;

import io.twinloop.platform.store.StoreKind;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.Schedule;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's stores, run unchanged on every database kind (H2 and PostgreSQL subclasses):
 * rounds upserted, listed and paged; schedules set, claimed, recorded and deleted; policies
 * replaced. Each test uses its own network names, so the tests of a class share one database.
 */
abstract class GatewayStoreContract {
    /** The PostgreSQL schema the gateway's tables live in (application.properties: twinloop.gateway.pg-schema). */
    static final String PG_SCHEMA = "gateway";
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The database under test, migrated. */
    abstract GatewayDatabase database();

    RoundStore rounds;
    ScheduleStore schedules;
    NetworkPolicyStore policies;

    /** Migrates {@code ds} as the gateway's Flyway configuration does. */
    static void migrate(DataSource ds, StoreKind kind) {
        if (kind == StoreKind.EMBEDDED) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration/h2").load().migrate();
        } else {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration/postgresql")
                    .schemas(PG_SCHEMA).table("gateway_schema_history").load().migrate();
        }
    }

    @BeforeEach
    void wire() {
        rounds = new RoundStore(database());
        schedules = new ScheduleStore(database());
        policies = new NetworkPolicyStore(database());
    }

    static String network() {
        return "n" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static Round round(String id, String network, RoundStatus status, long startedMs) {
        return Round.newBuilder().setId(id).setNetwork(network).setStatus(status).setStartedUnixMs(startedMs)
                .setChoiceReason("reason of " + id).build();
    }

    @Test
    void aSavedRoundReadsBackWholeAndASecondSaveReplacesIt() {
        String net = network();
        Round r = round(net + "-r1", net, RoundStatus.ROUND_STATUS_PENDING_APPROVAL, 1000).toBuilder()
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(3).addProtectedLinkIds("L4"))
                .setTrafficEstimated(true).setTrafficFitError(0.0031).build();
        rounds.save(r);
        assertEquals(Optional.of(r), rounds.find(r.getId()));

        Round decided = r.toBuilder().setStatus(RoundStatus.ROUND_STATUS_REJECTED).setDecidedBy("bob").build();
        rounds.save(decided);
        assertEquals(Optional.of(decided), rounds.find(r.getId()));
        assertEquals(List.of(decided), rounds.list(net, Set.of(), 0, 10), "replaced, not added");
        assertTrue(rounds.list(net, EnumSet.of(RoundStatus.ROUND_STATUS_PENDING_APPROVAL), 0, 10).isEmpty(),
                "the status column follows the record");
        assertEquals(Optional.empty(), rounds.find(net + "-nope"));
    }

    @Test
    void roundsListNewestFirstFilteredAndPaged() {
        String net = network();
        String other = network();
        for (int i = 0; i < 5; i++) {
            rounds.save(round(net + "-" + i, net, i % 2 == 0 ? RoundStatus.ROUND_STATUS_DRY_RUN
                    : RoundStatus.ROUND_STATUS_FAILED, 1000 + i));
        }
        rounds.save(round(other + "-x", other, RoundStatus.ROUND_STATUS_DRY_RUN, 5000));

        assertEquals(List.of(net + "-4", net + "-3", net + "-2", net + "-1", net + "-0"), ids(rounds.list(net, Set.of(), 0, 10)));
        assertEquals(List.of(net + "-3", net + "-2"), ids(rounds.list(net, Set.of(), 1, 2)));
        assertEquals(List.of(net + "-4", net + "-2", net + "-0"),
                ids(rounds.list(net, EnumSet.of(RoundStatus.ROUND_STATUS_DRY_RUN), 0, 10)));
        assertEquals(List.of(net + "-3", net + "-1"), ids(rounds.list(net, EnumSet.of(RoundStatus.ROUND_STATUS_FAILED,
                RoundStatus.ROUND_STATUS_APPLIED), 0, 10)));
        List<String> all = ids(rounds.list("", Set.of(), 0, 1000));
        assertTrue(all.contains(other + "-x") && all.contains(net + "-0"), "no network filter: every network");
    }

    @Test
    void aReplacedScheduleKeepsItsLastRoundAndDeleteReturnsWhatWasThere() {
        String a = network();
        String b = network();
        Schedule sa = Schedule.newBuilder().setNetwork(a).setIntervalSeconds(60).setMode(RoundMode.ROUND_MODE_AUTO)
                .setNextRunUnixMs(10_000).build();
        assertEquals(sa, schedules.set(sa));
        schedules.set(Schedule.newBuilder().setNetwork(b).setIntervalSeconds(30).setNextRunUnixMs(20_000).build());
        assertTrue(schedules.claim(sa.toBuilder().setNextRunUnixMs(70_000).setLastRunUnixMs(10_000).build(), 10_000));
        assertEquals("r-1", schedules.recordRound(a, "r-1").orElseThrow().getLastRoundId());

        Schedule replaced = schedules.set(Schedule.newBuilder().setNetwork(a).setIntervalSeconds(120)
                .setNextRunUnixMs(130_000).build());
        assertEquals(120, replaced.getIntervalSeconds());
        assertEquals(130_000, replaced.getNextRunUnixMs());
        assertEquals(10_000, replaced.getLastRunUnixMs(), "the network's last scheduled round carries over");
        assertEquals("r-1", replaced.getLastRoundId());
        assertEquals(Optional.of(replaced), schedules.find(a));

        List<String> listed = schedules.list().stream().map(Schedule::getNetwork).filter(n -> n.equals(a) || n.equals(b)).toList();
        assertEquals(a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a), listed, "sorted by network");

        assertEquals(Optional.of(replaced), schedules.delete(a));
        assertEquals(Optional.empty(), schedules.find(a));
        assertEquals(Optional.empty(), schedules.delete(a), "deleting twice finds nothing");
        assertEquals(Optional.empty(), schedules.recordRound(a, "r-2"), "a deleted schedule is not brought back");
        assertEquals(Optional.empty(), schedules.find(a));
        schedules.delete(b);
    }

    @Test
    void aDueScheduleIsClaimedOnceAndNotWhenReplacedMeanwhile() {
        String net = network();
        String later = network();
        Schedule s = schedules.set(Schedule.newBuilder().setNetwork(net).setIntervalSeconds(60).setNextRunUnixMs(1_000).build());
        schedules.set(Schedule.newBuilder().setNetwork(later).setIntervalSeconds(60).setNextRunUnixMs(9_000_000_000_000L).build());

        List<String> due = schedules.due(1_000).stream().map(Schedule::getNetwork).toList();
        assertTrue(due.contains(net), due.toString());
        assertFalse(due.contains(later), "not due before its next run");
        assertFalse(schedules.due(999).stream().anyMatch(x -> x.getNetwork().equals(net)));

        Schedule claimed = s.toBuilder().setNextRunUnixMs(61_000).setLastRunUnixMs(1_000).build();
        assertTrue(schedules.claim(claimed, 1_000));
        assertFalse(schedules.claim(claimed.toBuilder().setNextRunUnixMs(62_000).build(), 1_000),
                "a second claim of the same due run loses");
        assertEquals(Optional.of(claimed), schedules.find(net));
        assertFalse(schedules.due(60_999).stream().anyMatch(x -> x.getNetwork().equals(net)));

        // Replaced between being read as due and being claimed: the claim loses, the replacement stands.
        Schedule replacement = schedules.set(claimed.toBuilder().setIntervalSeconds(10).setNextRunUnixMs(70_000).build());
        assertFalse(schedules.claim(claimed.toBuilder().setNextRunUnixMs(121_000).build(), 61_000));
        assertEquals(Optional.of(replacement), schedules.find(net));
        schedules.delete(net);
        schedules.delete(later);
    }

    @Test
    void aPolicyIsReplacedWhole() {
        String net = network();
        assertEquals(Optional.empty(), policies.find(net));
        NetworkPolicy p = NetworkPolicy.newBuilder().setNetwork(net).setUpdatedUnixMs(5)
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(2).addProtectedLinkIds("L1").addProtectedNodeNames("A"))
                .setEvents(EventTriggers.newBuilder().setOnLinkDown(true).setMode(RoundMode.ROUND_MODE_APPROVE)
                        .setMinIntervalSeconds(120))
                .build();
        policies.save(p);
        assertEquals(Optional.of(p), policies.find(net));
        NetworkPolicy q = NetworkPolicy.newBuilder().setNetwork(net).setUpdatedUnixMs(6)
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(0.8)).build();
        policies.save(q);
        assertEquals(Optional.of(q), policies.find(net));
        assertEquals(Optional.empty(), policies.find(network()));
    }

    private static List<String> ids(List<Round> rs) {
        return rs.stream().map(Round::getId).toList();
    }
}
