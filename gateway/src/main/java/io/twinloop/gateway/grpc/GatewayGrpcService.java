package io.twinloop.gateway.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
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
import java.util.function.Supplier;

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
        respond(out, () -> {
            validateNetwork(req.getNetwork());
            RunRoundRequest run = req.toBuilder().setRequestedBy(caller("requested_by", req.getRequestedBy())).build();
            return RunRoundResponse.newBuilder()
                    .setRound(runner.run(run, RoundTrigger.ROUND_TRIGGER_MANUAL, 0, "", null)).build();
        });
    }

    @Override
    @Blocking
    public void watchRound(WatchRoundRequest req, StreamObserver<WatchRoundResponse> out) {
        try {
            // Same fields, same numbers: a WatchRoundRequest is a RunRoundRequest on the wire.
            RunRoundRequest run = RunRoundRequest.parseFrom(req.toByteString());
            validateNetwork(run.getNetwork());
            run = run.toBuilder().setRequestedBy(caller("requested_by", run.getRequestedBy())).build();
            runner.run(run, RoundTrigger.ROUND_TRIGGER_MANUAL, 0, "",
                    p -> out.onNext(WatchRoundResponse.newBuilder().setProgress(p).build()));
            out.onCompleted();
        } catch (Throwable t) {
            out.onError(toStatus(t));
        }
    }

    @Override
    @Blocking
    public void listRounds(ListRoundsRequest req, StreamObserver<ListRoundsResponse> out) {
        respond(out, () -> {
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
            return b.build();
        });
    }

    @Override
    @Blocking
    public void getRound(GetRoundRequest req, StreamObserver<GetRoundResponse> out) {
        respond(out, () -> GetRoundResponse.newBuilder().setRound(store.find(req.getRoundId()).orElseThrow(
                () -> new RoundFailedException(io.grpc.Status.Code.NOT_FOUND, "",
                        "round '" + req.getRoundId() + "' does not exist"))).build());
    }

    @Override
    @Blocking
    public void approveRound(ApproveRoundRequest req, StreamObserver<ApproveRoundResponse> out) {
        respond(out, () -> ApproveRoundResponse.newBuilder()
                .setRound(runner.approve(req.getRoundId(), caller("approver", req.getApprover()), req.getCandidateId()))
                .build());
    }

    @Override
    @Blocking
    public void rejectRound(RejectRoundRequest req, StreamObserver<RejectRoundResponse> out) {
        respond(out, () -> RejectRoundResponse.newBuilder()
                .setRound(runner.reject(req.getRoundId(), caller("rejector", req.getRejector()), req.getReason())).build());
    }

    @Override
    @Blocking
    public void replayRound(ReplayRoundRequest req, StreamObserver<ReplayRoundResponse> out) {
        respond(out, () -> {
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
            return ReplayRoundResponse.newBuilder().setRound(runner.run(again, RoundTrigger.ROUND_TRIGGER_REPLAY,
                    old.getBaseVersion(), old.getId(), null)).build();
        });
    }

    @Override
    @Blocking
    public void setSchedule(SetScheduleRequest req, StreamObserver<SetScheduleResponse> out) {
        respond(out, () -> {
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
            return SetScheduleResponse.newBuilder().setSchedule(stored).build();
        });
    }

    @Override
    @Blocking
    public void listSchedules(ListSchedulesRequest req, StreamObserver<ListSchedulesResponse> out) {
        respond(out, () -> ListSchedulesResponse.newBuilder().addAllSchedules(schedules.list()).build());
    }

    @Override
    @Blocking
    public void deleteSchedule(DeleteScheduleRequest req, StreamObserver<DeleteScheduleResponse> out) {
        respond(out, () -> {
            RequestChecks.storedNetwork("network name", req.getNetwork());
            Schedule removed = schedules.delete(req.getNetwork()).orElseThrow(() -> new RoundFailedException(
                    io.grpc.Status.Code.NOT_FOUND, "", "network '" + req.getNetwork() + "' has no schedule"));
            LOG.infof("schedule of %s deleted", removed.getNetwork());
            return DeleteScheduleResponse.newBuilder().setSchedule(removed).build();
        });
    }

    @Override
    @Blocking
    public void setNetworkPolicy(SetNetworkPolicyRequest req, StreamObserver<SetNetworkPolicyResponse> out) {
        respond(out, () -> {
            RequestChecks.policy(req.getPolicy());
            protectedElements.checkAtLatest("policy.guardrails", req.getPolicy().getNetwork(),
                    req.getPolicy().getGuardrails());
            NetworkPolicy stored = req.getPolicy().toBuilder().setUpdatedUnixMs(System.currentTimeMillis()).build();
            policies.save(stored);
            events.policyChanged(stored);
            return SetNetworkPolicyResponse.newBuilder().setPolicy(inEffect(stored)).build();
        });
    }

    @Override
    @Blocking
    public void getNetworkPolicy(GetNetworkPolicyRequest req, StreamObserver<GetNetworkPolicyResponse> out) {
        respond(out, () -> {
            RequestChecks.storedNetwork("network name", req.getNetwork());
            NetworkPolicy p = policies.find(req.getNetwork())
                    .orElse(NetworkPolicy.newBuilder().setNetwork(req.getNetwork()).build());
            return GetNetworkPolicyResponse.newBuilder().setPolicy(inEffect(p)).build();
        });
    }

    @Override
    @Blocking
    public void deleteNetwork(DeleteNetworkRequest req, StreamObserver<DeleteNetworkResponse> out) {
        respond(out, () -> {
            RequestChecks.storedNetwork("network name", req.getNetwork()); // names stored before the rule can go too
            return deletion.delete(req.getNetwork());
        });
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

    static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        Code code;
        String reason;
        String message;
        if (t instanceof RoundFailedException e && e.retryAfterNanos() > 0) {
            return e.code() == io.grpc.Status.Code.RESOURCE_EXHAUSTED
                    ? io.twinloop.platform.limits.Overload.rateLimited(e.getMessage(), e.retryAfterNanos())
                    : io.twinloop.platform.limits.Overload.shed(e.getMessage(), e.retryAfterNanos());
        }
        if (t instanceof RoundFailedException e) {
            code = Code.forNumber(e.code().value());
            reason = e.reason() != null ? e.reason() : switch (e.code()) {
                case INVALID_ARGUMENT -> "INVALID_ARGUMENT";
                case NOT_FOUND -> "NOT_FOUND";
                case ABORTED -> "STALE_VERSION";
                case FAILED_PRECONDITION -> "ROUND_NOT_PENDING";
                case UNAVAILABLE -> "DEPENDENCY_UNAVAILABLE";
                default -> "ROUND_FAILED";
            };
            message = e.getMessage();
        } else {
            LOG.error("internal error", t);
            code = Code.INTERNAL;
            reason = "INTERNAL";
            message = "internal error in gateway";
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("twinloop.io").build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    private static <T> void respond(StreamObserver<T> out, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (Throwable t) {
            out.onError(toStatus(t));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
