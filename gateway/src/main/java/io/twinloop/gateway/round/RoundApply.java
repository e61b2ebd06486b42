package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

/** A round's apply stage: what its mode does with the chosen plan. */
final class RoundApply {
    private RoundApply() {
    }

    /**
     * Sets the round's status: COMPLETED with nothing chosen, DRY_RUN in dry-run mode and in replays,
     * PENDING_APPROVAL in approve mode, else APPLIED after applying {@code best} on the twin at
     * {@code version} (optimistic concurrency). Ends the stage unless it throws.
     *
     * @throws StatusRuntimeException when the twin does not apply the plan (ABORTED: the network changed)
     */
    static void apply(TwinServiceGrpc.TwinServiceBlockingStub twin, Round.Builder round, RoundMode mode, boolean replay,
                      CandidateRecord best, long version, StageTimer timer, Deadline d) {
        if (best == null) {
            round.setStatus(RoundStatus.ROUND_STATUS_COMPLETED);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "nothing to apply");
        } else if (mode == RoundMode.ROUND_MODE_DRY_RUN || replay) {
            round.setStatus(RoundStatus.ROUND_STATUS_DRY_RUN);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "dry run: nothing applied");
        } else if (mode == RoundMode.ROUND_MODE_APPROVE) {
            round.setStatus(RoundStatus.ROUND_STATUS_PENDING_APPROVAL);
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "waiting for approval");
        } else {
            long applied = Calls.call(d, dl -> twin.withDeadline(dl).applyPlan(
                    ApplyPlanRequest.newBuilder().setNetwork(round.getNetwork()).setExpectedVersion(version)
                            .setPlan(best.getPlan()).setReason("round " + round.getId() + ": " + best.getRationale().getSummary())
                            .setAuthor("gateway").build())).getNewVersion();
            round.setStatus(RoundStatus.ROUND_STATUS_APPLIED).setAppliedVersion(applied);
            timer.end(StageStatus.STAGE_STATUS_OK, "version " + applied);
        }
    }
}
