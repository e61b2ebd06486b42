package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.DeleteScheduleRequest;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Schedule;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import io.twinloop.proto.planner.v1.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules and network policies through the gateway's real gRPC API, with the scripted twin,
 * forecaster and planner of {@link GatewayRoundTest}. Each test uses networks of its own
 * ("net-*"), so the schedules and policies it leaves do not reach the other tests' rounds.
 */
@QuarkusTest
class SchedulesAndPoliciesGrpcTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;

    /** One change on L1: MLU 0.9 -> 0.8. */
    private static final Candidate GOOD = candidate("good", weight("L1", 5));
    /** Two changes on L1: MLU 0.9 -> 0.7. */
    private static final Candidate BETTER = candidate("better", weight("L1", 5), weight("L1", 6));

    @BeforeEach
    void reset() {
        Script.reset();
    }

    @Test
    void schedulesAreSetReplacedListedAndDeleted() {
        long before = System.currentTimeMillis();
        Schedule b = gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork("net-crud-b").setIntervalSeconds(3600)
                .build()).getSchedule();
        long after = System.currentTimeMillis();
        assertEquals(RoundMode.ROUND_MODE_DRY_RUN, b.getMode(), "UNSPECIFIED = DRY_RUN");
        assertTrue(b.getNextRunUnixMs() >= before + 3_600_000 && b.getNextRunUnixMs() <= after + 3_600_000,
                "next run = now + interval: " + b.getNextRunUnixMs());
        assertEquals(0, b.getLastRunUnixMs());
        assertEquals("", b.getLastRoundId());

        SetScheduleRequest a = SetScheduleRequest.newBuilder().setNetwork("net-crud-a").setIntervalSeconds(600)
                .setMode(RoundMode.ROUND_MODE_APPROVE).setForecastHorizonSteps(4)
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(3).addProtectedLinkIds("L4"))
                .addConstraints(Constraint.newBuilder().setMetric(io.twinloop.proto.common.v1.ConstraintMetric
                        .CONSTRAINT_METRIC_MAX_LINK_UTILIZATION).setOp(ConstraintOp.CONSTRAINT_OP_LE).setValue(0.9))
                .build();
        Schedule sa = gateway.setSchedule(a).getSchedule();
        assertEquals(RoundMode.ROUND_MODE_APPROVE, sa.getMode());
        assertEquals(a.getGuardrails(), sa.getGuardrails());
        assertEquals(a.getConstraintsList(), sa.getConstraintsList());
        assertEquals(4, sa.getForecastHorizonSteps());
        assertEquals(List.of(sa, b), mine(), "sorted by network");

        Schedule replaced = gateway.setSchedule(a.toBuilder().setIntervalSeconds(7200).build()).getSchedule();
        assertEquals(7200, replaced.getIntervalSeconds());
        assertEquals(List.of(replaced, b), mine(), "replaced, not added");

        assertEquals(replaced, gateway.deleteSchedule(DeleteScheduleRequest.newBuilder().setNetwork("net-crud-a").build())
                .getSchedule());
        assertEquals(List.of(b), mine());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> gateway.deleteSchedule(
                DeleteScheduleRequest.newBuilder().setNetwork("net-crud-a").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("network 'net-crud-a' has no schedule", e.getStatus().getDescription());
        gateway.deleteSchedule(DeleteScheduleRequest.newBuilder().setNetwork("net-crud-b").build());
        assertEquals(List.of(), mine());
    }

    @Test
    void invalidSchedulesAreRejectedWithTheFieldAndNotStored() {
        SetScheduleRequest ok = SetScheduleRequest.newBuilder().setNetwork("net-invalid").setIntervalSeconds(60).build();
        invalid("interval_seconds must be in [1, 604800]", () -> gateway.setSchedule(ok.toBuilder().setIntervalSeconds(0).build()));
        invalid("interval_seconds must be in [1, 604800]", () -> gateway.setSchedule(ok.toBuilder().setIntervalSeconds(604_801).build()));
        invalid("network name 'bad name' is invalid", () -> gateway.setSchedule(ok.toBuilder().setNetwork("bad name").build()));
        invalid("network name is required", () -> gateway.setSchedule(ok.toBuilder().setNetwork("").build()));
        invalid("mode 99 is not a RoundMode", () -> gateway.setSchedule(ok.toBuilder().setModeValue(99).build()));
        invalid("objective 42 is not an Objective", () -> gateway.setSchedule(ok.toBuilder().setObjectiveValue(42).build()));
        invalid("guardrails.max_link_utilization must be in [0, 10]", () -> gateway.setSchedule(ok.toBuilder()
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(10.5)).build()));
        invalid("guardrails.max_changes must be in [0, 1000]", () -> gateway.setSchedule(ok.toBuilder()
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(1001)).build()));
        invalid("constraints[0].metric must be set", () -> gateway.setSchedule(ok.toBuilder()
                .addConstraints(Constraint.newBuilder().setOp(ConstraintOp.CONSTRAINT_OP_LE).setValue(1)).build()));
        invalid("forecast_horizon_steps must be in [0, 288]", () -> gateway.setSchedule(ok.toBuilder()
                .setForecastHorizonSteps(-1).build()));
        invalid("network name 'a b' is invalid", () -> gateway.deleteSchedule(DeleteScheduleRequest.newBuilder()
                .setNetwork("a b").build()));
        assertFalse(gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .anyMatch(s -> s.getNetwork().equals("net-invalid")));
    }

    @Test
    void aNetworkWithoutAPolicyGetsTheGatewayDefaults() {
        NetworkPolicy p = gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork("net-nopolicy").build())
                .getPolicy();
        assertEquals("net-nopolicy", p.getNetwork());
        assertEquals(0, p.getUpdatedUnixMs());
        assertEquals(Guardrails.newBuilder().setMaxLinkUtilization(1.0).setMaxChanges(10).build(), p.getGuardrails());
        assertEquals(EventTriggers.getDefaultInstance(), p.getEvents());
        invalid("network name is required", () -> gateway.getNetworkPolicy(GetNetworkPolicyRequest.getDefaultInstance()));
    }

    @Test
    void aPolicyIsSetReadBackAndValidated() {
        NetworkPolicy wanted = NetworkPolicy.newBuilder().setNetwork("net-policy-rw")
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(3).addProtectedLinkIds("L4").addProtectedNodeNames("B"))
                .setEvents(EventTriggers.newBuilder().setOnLinkDown(true).setMode(RoundMode.ROUND_MODE_APPROVE)
                        .setMinIntervalSeconds(120))
                .setUpdatedUnixMs(1) // the gateway sets it
                .build();
        long before = System.currentTimeMillis();
        NetworkPolicy set = gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(wanted).build()).getPolicy();
        long after = System.currentTimeMillis();
        assertTrue(set.getUpdatedUnixMs() >= before && set.getUpdatedUnixMs() <= after, "updated now");
        assertEquals(wanted.getGuardrails().toBuilder().setMaxLinkUtilization(1.0).build(), set.getGuardrails(),
                "zero fields show the defaults they stand for");
        assertEquals(wanted.getEvents(), set.getEvents());
        assertEquals(set, get("net-policy-rw"));

        NetworkPolicy.Builder bad = wanted.toBuilder();
        invalid("policy.network is required", () -> setPolicy(bad.clone().setNetwork("")));
        invalid("policy.network 'x y' is invalid", () -> setPolicy(bad.clone().setNetwork("x y")));
        invalid("policy.guardrails.max_link_utilization must be in [0, 10]", () -> setPolicy(bad.clone()
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(11))));
        invalid("policy.guardrails.max_link_utilization must be in [0, 10]", () -> setPolicy(bad.clone()
                .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(Double.NaN))));
        invalid("policy.guardrails.max_changes must be in [0, 1000]", () -> setPolicy(bad.clone()
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(-1))));
        invalid("policy.guardrails.protected_link_ids[1] is empty", () -> setPolicy(bad.clone()
                .setGuardrails(Guardrails.newBuilder().addProtectedLinkIds("L1").addProtectedLinkIds(""))));
        invalid("policy.events.mode 7 is not a RoundMode", () -> setPolicy(bad.clone()
                .setEvents(EventTriggers.newBuilder().setModeValue(7))));
        invalid("policy.events.min_interval_seconds must be in [0, 604800]", () -> setPolicy(bad.clone()
                .setEvents(EventTriggers.newBuilder().setMinIntervalSeconds(-5))));
        assertEquals(set, get("net-policy-rw"), "rejected policies change nothing");
    }

    @Test
    void theNetworkPolicyRejectsCandidatesTheRequestAloneWouldAllow() {
        String net = "net-policy-effect";
        Script.candidates = List.of(GOOD, BETTER);
        Round free = run(net, Guardrails.getDefaultInstance());
        assertEquals("better", free.getChosenCandidateId(), "without a policy the two-change plan wins");

        setPolicy(NetworkPolicy.newBuilder().setNetwork(net).setGuardrails(Guardrails.newBuilder().setMaxChanges(1)));
        Round limited = run(net, Guardrails.getDefaultInstance());
        assertEquals("good", limited.getChosenCandidateId());
        assertTrue(reasons(limited, "better").contains("2 changes exceed the limit of 1"), reasons(limited, "better"));
        assertEquals(1, limited.getGuardrails().getMaxChanges(), "the round records the policy's limit");
        assertEquals(1.0, limited.getGuardrails().getMaxLinkUtilization(), "and the default for what the policy leaves");

        Round overridden = run(net, Guardrails.newBuilder().setMaxChanges(2).build());
        assertEquals("better", overridden.getChosenCandidateId(), "the request's own max_changes wins");

        setPolicy(NetworkPolicy.newBuilder().setNetwork(net).setGuardrails(Guardrails.newBuilder().addProtectedLinkIds("L1")));
        Round guarded = run(net, Guardrails.getDefaultInstance());
        assertEquals(RoundStatus.ROUND_STATUS_COMPLETED, guarded.getStatus());
        assertEquals("", guarded.getChosenCandidateId());
        assertTrue(reasons(guarded, "good").contains("touches protected link 'L1'"), reasons(guarded, "good"));
        assertTrue(reasons(guarded, "better").contains("touches protected link 'L1'"), reasons(guarded, "better"));
        assertEquals(10, guarded.getGuardrails().getMaxChanges());

        Round other = run("net-policy-other", Guardrails.getDefaultInstance());
        assertEquals("better", other.getChosenCandidateId(), "a policy is per network");
    }

    @Test
    void aShortScheduleRunsRoundsUntilItIsDeleted() throws InterruptedException {
        String net = "net-sched";
        Script.candidates = List.of(GOOD);
        gateway.setSchedule(SetScheduleRequest.newBuilder().setNetwork(net).setIntervalSeconds(1).build());
        List<Round> rounds;
        try {
            long until = System.currentTimeMillis() + 15_000;
            do {
                Thread.sleep(100);
                rounds = scheduled(net);
            } while (rounds.size() < 2 && System.currentTimeMillis() < until);
            assertTrue(rounds.size() >= 2, "two scheduled rounds within 15 s, got " + rounds.size());
            for (Round r : rounds) {
                assertEquals(RoundTrigger.ROUND_TRIGGER_SCHEDULE, r.getTrigger());
                assertEquals("schedule", r.getRequestedBy());
                assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, r.getStatus());
                assertEquals("good", r.getChosenCandidateId());
            }
            Schedule s = mine(net).orElseThrow();
            assertTrue(s.getLastRunUnixMs() > 0 && s.getNextRunUnixMs() > s.getLastRunUnixMs(), s.toString());
            List<Round> latest = scheduled(net);
            assertTrue(latest.stream().anyMatch(r -> r.getId().equals(s.getLastRoundId())), s.getLastRoundId());
        } finally {
            gateway.deleteSchedule(DeleteScheduleRequest.newBuilder().setNetwork(net).build());
        }
        Thread.sleep(500); // a round claimed just before the delete may still finish
        int afterDelete = scheduled(net).size();
        Thread.sleep(2_000); // two intervals
        assertEquals(afterDelete, scheduled(net).size(), "no rounds after the schedule was deleted");
        assertTrue(mine(net).isEmpty());
    }

    private List<Round> scheduled(String net) {
        return gateway.listRounds(ListRoundsRequest.newBuilder().setNetwork(net).setLimit(500).build()).getRoundsList();
    }

    private List<Schedule> mine() {
        return gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .filter(s -> s.getNetwork().startsWith("net-crud-")).toList();
    }

    private Optional<Schedule> mine(String net) {
        return gateway.listSchedules(ListSchedulesRequest.getDefaultInstance()).getSchedulesList().stream()
                .filter(s -> s.getNetwork().equals(net)).findFirst();
    }

    private NetworkPolicy get(String net) {
        return gateway.getNetworkPolicy(GetNetworkPolicyRequest.newBuilder().setNetwork(net).build()).getPolicy();
    }

    private NetworkPolicy setPolicy(NetworkPolicy.Builder p) {
        return gateway.setNetworkPolicy(SetNetworkPolicyRequest.newBuilder().setPolicy(p).build()).getPolicy();
    }

    private Round run(String net, Guardrails guardrails) {
        return gateway.runRound(RunRoundRequest.newBuilder().setNetwork(net).setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .setGuardrails(guardrails).build()).getRound();
    }

    private static void invalid(String messageStart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), String.valueOf(e.getStatus()));
        assertTrue(e.getStatus().getDescription().startsWith(messageStart), e.getStatus().getDescription());
    }

    private static String reasons(Round r, String id) {
        CandidateRecord c = r.getCandidatesList().stream().filter(x -> x.getId().equals(id)).findFirst().orElseThrow();
        assertFalse(c.getVerified(), id + " must be rejected");
        return String.join("; ", c.getRejectionReasonsList());
    }

    private static PlanAction weight(String link, double w) {
        return PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(link).setIgpWeight(w)).build();
    }

    private static Candidate candidate(String id, PlanAction... actions) {
        return Candidate.newBuilder().setId(id).setSource("optimizer")
                .setPlan(Plan.newBuilder().addAllActions(List.of(actions))).build();
    }
}
