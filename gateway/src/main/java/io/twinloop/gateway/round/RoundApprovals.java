package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.gateway.store.NetworkPolicyStore;
import io.twinloop.gateway.store.RoundStore;
import io.twinloop.platform.limits.ConcurrencyLimiter;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decisions on pending rounds. Approving re-verifies the chosen (or named) candidate on the twin's
 * latest version under the round's recorded traffic, applies it when it still passes every guardrail
 * and rejects it with the reasons when it does not; rejecting applies nothing. Decisions run one at a
 * time (so a round is decided once); another caller meanwhile gets UNAVAILABLE with a retry hint at
 * once rather than waiting behind a re-verification on the twin.
 */
@ApplicationScoped
public class RoundApprovals {
    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;
    @Inject
    RoundStore store;
    @Inject
    RoundRecorder recorder;
    @Inject
    NetworkPolicyStore policies;

    private final ConcurrencyLimiter decisions = new ConcurrencyLimiter("approvals and rejections",
            "pending rounds are decided one at a time", 1, TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(30),
            System::nanoTime);

    /** Approves a pending round; see the class comment. */
    public Round approve(String roundId, String approver, String candidateId) {
        try (ConcurrencyLimiter.Permit decision = decision()) {
            return approveDecided(roundId, approver, candidateId);
        }
    }

    /** Rejects a pending round; nothing is applied. */
    public Round reject(String roundId, String rejector, String reason) {
        try (ConcurrencyLimiter.Permit decision = decision()) {
            return recorder.decided(pending(roundId).toBuilder().setStatus(RoundStatus.ROUND_STATUS_REJECTED)
                    .setDecidedBy(rejector.isEmpty() ? "anonymous" : rejector)
                    .setRejectionReason(reason.isEmpty() ? "rejected by an operator" : reason)
                    .setFinishedUnixMs(System.currentTimeMillis()).build());
        }
    }

    private ConcurrencyLimiter.Permit decision() {
        ConcurrencyLimiter.Permit p = decisions.tryAcquire();
        if (p == null) {
            throw new RoundFailedException(Status.Code.UNAVAILABLE, "", decisions.refusal("the gateway"),
                    decisions.retryAfterNanos());
        }
        return p;
    }

    private Round approveDecided(String roundId, String approver, String candidateId) {
        Round r = pending(roundId);
        String cid = candidateId.isEmpty() ? r.getChosenCandidateId() : candidateId;
        CandidateRecord chosen = r.getCandidatesList().stream().filter(c -> c.getId().equals(cid)).findFirst()
                .orElseThrow(() -> new RoundFailedException(Status.Code.NOT_FOUND, roundId,
                        "round " + roundId + " has no candidate '" + cid + "'"));
        Deadline d = Deadline.after(RoundRunner.DEFAULT_DEADLINE_MS, TimeUnit.MILLISECONDS);
        Round.Builder out = r.toBuilder().setDecidedBy(approver.isEmpty() ? "anonymous" : approver)
                .setChosenCandidateId(cid);
        try {
            RoundObservation.Observed now = RoundObservation.observe(twin, r.getNetwork(), 0, r.getTraffic(), d);
            Map<String, TrafficMatrix> checks = Map.of("observed", now.observed());
            Map<String, Link> links = new HashMap<>();
            now.net().getTopology().getLinksList().forEach(l -> links.put(l.getId(), l));
            Candidate c = Candidate.newBuilder().setId(chosen.getId()).setSource(chosen.getSource())
                    .setPlan(chosen.getPlan()).setKpis(chosen.getPlannerKpis()).setRationale(chosen.getRationale()).build();
            RoundVerifier.Context ctx = new RoundVerifier.Context(new RoundObjective(r.getObjective(), r.getObjectiveWeights(),
                    r.getGuardrails().getMaxChanges(), worth(r.getNetwork())), r.getConstraintsList(), r.getGuardrails(),
                    links);
            List<String> gone = ProtectedElements.missing(r.getGuardrails(), now.net().getTopology());
            CandidateRecord again = gone.isEmpty()
                    ? RoundVerifier.verify(twin, r.getNetwork(), now.net().getVersion(), List.of(c), checks, ctx, d)
                            .candidates().get(0)
                    : CandidateRecord.newBuilder().setVerified(false).addRejectionReasons("protected "
                            + String.join(", ", gone) + " no longer in the network").build();
            long version = now.net().getVersion();
            if (!again.getVerified()) {
                out.setStatus(RoundStatus.ROUND_STATUS_REJECTED).setRejectionReason("re-verification at version "
                        + version + " failed: " + String.join("; ", again.getRejectionReasonsList()));
            } else {
                long applied = Calls.call(d, dl -> twin.withDeadline(dl).applyPlan(ApplyPlanRequest.newBuilder()
                        .setNetwork(r.getNetwork()).setExpectedVersion(version).setPlan(chosen.getPlan())
                        .setReason("round " + roundId + " approved by " + out.getDecidedBy())
                        .setAuthor(out.getDecidedBy()).build())).getNewVersion();
                out.setStatus(RoundStatus.ROUND_STATUS_APPLIED).setAppliedVersion(applied).setKpisAfter(again.getVerifiedKpis());
            }
        } catch (StatusRuntimeException e) {
            throw new RoundFailedException(e.getStatus().getCode() == Status.Code.ABORTED ? Status.Code.ABORTED
                    : Calls.failureCode(e), roundId, "approval of round " + roundId + " could not complete: "
                    + Calls.describe(e) + "; the round is still pending");
        }
        return recorder.decided(out.setFinishedUnixMs(System.currentTimeMillis()).build());
    }

    private Round pending(String roundId) {
        Round r = store.find(roundId).orElseThrow(() -> new RoundFailedException(Status.Code.NOT_FOUND, roundId,
                "round '" + roundId + "' does not exist"));
        if (r.getStatus() != RoundStatus.ROUND_STATUS_PENDING_APPROVAL) {
            throw new RoundFailedException(Status.Code.FAILED_PRECONDITION, roundId,
                    "round " + roundId + " is " + r.getStatus().name().replace("ROUND_STATUS_", "")
                            + ", not PENDING_APPROVAL");
        }
        return r;
    }

    /** The worth-its-changes rule of {@code network}'s policy at the time of the decision ({@link RoundObjective#worth}). */
    private io.twinloop.model.rules.ChangeWorth worth(String network) {
        return RoundObjective.worth(policies.find(network).orElse(NetworkPolicy.getDefaultInstance()));
    }
}
