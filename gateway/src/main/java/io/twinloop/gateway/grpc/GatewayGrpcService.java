package io.twinloop.gateway.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.round.RoundRunner;
import io.twinloop.gateway.schedule.ScheduleConfig;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.gateway.store.RoundStore;
import io.twinloop.gateway.store.ScheduleStore;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.ApproveRoundResponse;
import io.twinloop.proto.gateway.v1.DeleteNetworkRequest;
import io.twinloop.proto.gateway.v1.DeleteNetworkResponse;
import io.twinloop.proto.gateway.v1.DeleteScheduleRequest;
import io.twinloop.proto.gateway.v1.DeleteScheduleResponse;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyResponse;
import io.twinloop.proto.gateway.v1.GetRoundRequest;
import io.twinloop.proto.gateway.v1.GetRoundResponse;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.ListRoundsResponse;
import io.twinloop.proto.gateway.v1.ListSchedulesRequest;
import io.twinloop.proto.gateway.v1.ListSchedulesResponse;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.RejectRoundRequest;
import io.twinloop.proto.gateway.v1.RejectRoundResponse;
import io.twinloop.proto.gateway.v1.ReplayRoundRequest;
import io.twinloop.proto.gateway.v1.ReplayRoundResponse;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RoundTrigger;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.RunRoundResponse;
import io.twinloop.proto.gateway.v1.Schedule;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyResponse;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import io.twinloop.proto.gateway.v1.SetScheduleResponse;
import io.twinloop.proto.gateway.v1.WatchRoundRequest;
import io.twinloop.proto.gateway.v1.WatchRoundResponse;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's north-bound API: run, watch, list, approve, reject and replay rounds; set, list
 * and delete schedules; set and read network policies; delete a network everywhere.
 */
@GrpcService
public class GatewayGrpcService extends GatewayServiceGrpc.GatewayServiceImplBase {
    private static final Logger LOG = Logger.getLogger(GatewayGrpcService.class);
    static final int MAX_LIST = 500;

    @Inject
    RoundRunner runner;
    @Inject
    RoundStore store;
    @Inject
    io.twinloop.gateway.events.EventWatcher events;
    @Inject
    ScheduleStore schedules;
    @Inject
    NetworkPolicyStore policies;
    @Inject
    ScheduleConfig scheduleConfig;
    @Inject
    io.twinloop.gateway.lifecycle.NetworkDeletion deletion;
    @Inject
    io.twinloop.gateway.round.ProtectedElements protectedElements;

    @Override
    @Blocking
    public void runRound(RunRoundRequest req, StreamObserver<RunRoundResponse> out) {
        validateNetwork(req.getNetwork());
        RunRoundRequest run = req.toBuilder().setRequestedBy(caller("requested_by", req.getRequestedBy())).build();
        out.onNext(RunRoundResponse.newBuilder()
                .setRound(runner.run(run, RoundTrigger.ROUND_TRIGGER_MANUAL, 0, "", null)).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void watchRound(WatchRoundRequest req, StreamObserver<WatchRoundResponse> out) {
        // Same fields, same numbers: a WatchRoundRequest is a RunRoundRequest on the wire.
        RunRoundRequest run;
        try {
            run = RunRoundRequest.parseFrom(req.toByteString());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("WatchRoundRequest is no longer a RunRoundRequest on the wire", e);
        }
        validateNetwork(run.getNetwork());
        run = run.toBuilder().setRequestedBy(caller("requested_by", run.getRequestedBy())).build();
        runner.run(run, RoundTrigger.ROUND_TRIGGER_MANUAL, 0, "",
                p -> out.onNext(WatchRoundResponse.newBuilder().setProgress(p).build()));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listRounds(ListRoundsRequest req, StreamObserver<ListRoundsResponse> out) {
        if (!req.getNetwork().isEmpty()) {
            RequestChecks.storedNetwork("network name", req.getNetwork());
        }
        if (req.getLimit() < 0 || req.getLimit() > MAX_LIST) {
            throw invalid("limit must be in [0, " + MAX_LIST + "] (0 = 50), got " + req.getLimit());
        }
        int limit = req.getLimit() == 0 ? 50 : req.getLimit();
        int offset;
        try {
            offset = req.getPageToken().isEmpty() ? 0 : Integer.parseInt(req.getPageToken());
        } catch (NumberFormatException e) {
            throw invalid("page_token '" + req.getPageToken() + "' is not a token this gateway issued");
        }
        if (offset < 0) {
            throw invalid("page_token '" + req.getPageToken() + "' is not a token this gateway issued");
        }
        Set<RoundStatus> statuses = req.getStatusesList().isEmpty() ? Set.of() : EnumSet.copyOf(req.getStatusesList());
        List<Round> rounds = store.list(req.getNetwork(), statuses, offset, limit + 1);
        ListRoundsResponse.Builder b = ListRoundsResponse.newBuilder()
                .addAllRounds(rounds.subList(0, Math.min(limit, rounds.size())));
        if (rounds.size() > limit) {
            b.setNextPageToken(Integer.toString(offset + limit));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getRound(GetRoundRequest req, StreamObserver<GetRoundResponse> out) {
        out.onNext(GetRoundResponse.newBuilder().setRound(store.find(req.getRoundId()).orElseThrow(
                () -> new RoundFailedException(io.grpc.Status.Code.NOT_FOUND, "",
                        "round '" + req.getRoundId() + "' does not exist"))).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void approveRound(ApproveRoundRequest req, StreamObserver<ApproveRoundResponse> out) {
        out.onNext(ApproveRoundResponse.newBuilder()
                .setRound(runner.approve(req.getRoundId(), caller("approver", req.getApprover()), req.getCandidateId()))
                .build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void rejectRound(RejectRoundRequest req, StreamObserver<RejectRoundResponse> out) {
        out.onNext(RejectRoundResponse.newBuilder()
                .setRound(runner.reject(req.getRoundId(), caller("rejector", req.getRejector()), req.getReason())).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void replayRound(ReplayRoundRequest req, StreamObserver<ReplayRoundResponse> out) {
        Round old = store.find(req.getRoundId()).orElseThrow(() -> new RoundFailedException(
                io.grpc.Status.Code.NOT_FOUND, "", "round '" + req.getRoundId() + "' does not exist"));
        if (req.getMode() != RoundMode.ROUND_MODE_UNSPECIFIED && req.getMode() != RoundMode.ROUND_MODE_DRY_RUN) {
            throw invalid("a replay runs against the round's recorded version and can only be a dry run");
        }
        RunRoundRequest again = RunRoundRequest.newBuilder()
                .setNetwork(old.getNetwork()).setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .setObjective(old.getObjective()).setObjectiveWeights(old.getObjectiveWeights())
                .addAllConstraints(old.getConstraintsList()).setGuardrails(old.getGuardrails())
                .setTraffic(old.getTraffic()).setForecastHorizonSteps(old.getForecastHorizonSteps())
                .setIntent(old.getIntent()).setRequestedBy(caller("requested_by", "")).build();
        out.onNext(ReplayRoundResponse.newBuilder().setRound(runner.run(again, RoundTrigger.ROUND_TRIGGER_REPLAY,
                old.getBaseVersion(), old.getId(), null)).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void setSchedule(SetScheduleRequest req, StreamObserver<SetScheduleResponse> out) {
        RequestChecks.schedule(req, Math.max(1, scheduleConfig.minIntervalSeconds()));
        protectedElements.checkAtLatest("guardrails", req.getNetwork(), req.getGuardrails());
        long now = System.currentTimeMillis();
        Schedule s = Schedule.newBuilder().setNetwork(req.getNetwork()).setIntervalSeconds(req.getIntervalSeconds())
                .setMode(req.getMode() == RoundMode.ROUND_MODE_UNSPECIFIED ? RoundMode.ROUND_MODE_DRY_RUN : req.getMode())
                .setObjective(req.getObjective()).setObjectiveWeights(req.getObjectiveWeights())
                .addAllConstraints(req.getConstraintsList()).setGuardrails(req.getGuardrails())
                .setForecastHorizonSteps(req.getForecastHorizonSteps())
                .setNextRunUnixMs(now + req.getIntervalSeconds() * 1000).build();
        Schedule stored = schedules.set(s);
        LOG.infof("schedule of %s: every %d s, %s", stored.getNetwork(), stored.getIntervalSeconds(), stored.getMode());
        out.onNext(SetScheduleResponse.newBuilder().setSchedule(stored).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listSchedules(ListSchedulesRequest req, StreamObserver<ListSchedulesResponse> out) {
        out.onNext(ListSchedulesResponse.newBuilder().addAllSchedules(schedules.list()).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteSchedule(DeleteScheduleRequest req, StreamObserver<DeleteScheduleResponse> out) {
        RequestChecks.storedNetwork("network name", req.getNetwork());
        Schedule removed = schedules.delete(req.getNetwork()).orElseThrow(() -> new RoundFailedException(
                io.grpc.Status.Code.NOT_FOUND, "", "network '" + req.getNetwork() + "' has no schedule"));
        LOG.infof("schedule of %s deleted", removed.getNetwork());
        out.onNext(DeleteScheduleResponse.newBuilder().setSchedule(removed).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void setNetworkPolicy(SetNetworkPolicyRequest req, StreamObserver<SetNetworkPolicyResponse> out) {
        RequestChecks.policy(req.getPolicy());
        protectedElements.checkAtLatest("policy.guardrails", req.getPolicy().getNetwork(),
                req.getPolicy().getGuardrails());
        NetworkPolicy stored = req.getPolicy().toBuilder().setUpdatedUnixMs(System.currentTimeMillis()).build();
        policies.save(stored);
        events.policyChanged(stored);
        out.onNext(SetNetworkPolicyResponse.newBuilder().setPolicy(inEffect(stored)).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getNetworkPolicy(GetNetworkPolicyRequest req, StreamObserver<GetNetworkPolicyResponse> out) {
        RequestChecks.storedNetwork("network name", req.getNetwork());
        NetworkPolicy p = policies.find(req.getNetwork())
                .orElse(NetworkPolicy.newBuilder().setNetwork(req.getNetwork()).build());
        out.onNext(GetNetworkPolicyResponse.newBuilder().setPolicy(inEffect(p)).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteNetwork(DeleteNetworkRequest req, StreamObserver<DeleteNetworkResponse> out) {
        RequestChecks.storedNetwork("network name", req.getNetwork()); // names stored before the rule can go too
        out.onNext(deletion.delete(req.getNetwork()));
        out.onCompleted();
    }

    /**
     * A policy as rounds see it: guardrail fields left zero show the gateway defaults they
     * stand for. The stored policy keeps the zeros, so it follows changed defaults.
     */
    private static NetworkPolicy inEffect(NetworkPolicy p) {
        return p.toBuilder().setGuardrails(RoundRunner.effectiveGuardrails(Guardrails.getDefaultInstance(), p.getGuardrails()))
                .build();
    }

    /**
     * The name recorded as who asked or decided: the owner of the call's token. A name the request
     * gives in {@code field} must be that owner's or empty; another name is refused (INVALID_ARGUMENT
     * naming both), never recorded. Without a token (authentication off) nobody is identified: the
     * request's name is recorded as given, or {@value #ANONYMOUS}.
     */
    static String caller(String field, String claimed) {
        io.twinloop.platform.auth.Principal p = io.twinloop.platform.auth.BearerAuthInterceptor.PRINCIPAL.get();
        if (p == null) {
            return claimed.isBlank() ? ANONYMOUS : claimed;
        }
        if (!claimed.isEmpty() && !claimed.equals(p.name())) {
            throw invalid(field + " '" + claimed + "' is not the caller: the token belongs to '" + p.name()
                    + "', whose name is recorded; leave " + field + " empty");
        }
        return p.name();
    }

    /** Who a round or decision is recorded as coming from when authentication is off and the request names nobody. */
    public static final String ANONYMOUS = "anonymous";

    private static void validateNetwork(String network) {
        RequestChecks.network("network name", network);
    }

    private static RoundFailedException invalid(String message) {
        return RequestChecks.invalid(message);
    }
}
