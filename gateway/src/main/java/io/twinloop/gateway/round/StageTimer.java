package io.twinloop.gateway.round;

import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundProgress;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.gateway.v1.StageTiming;

import java.util.function.Consumer;

/** Times a round's stages into its record and reports progress to the caller, if any. */
final class StageTimer {
    private final Round.Builder round;
    private final String id;
    private final Consumer<RoundProgress> progress;
    private final long roundStart = System.nanoTime();
    private Stage stage;
    private long stageStart;

    StageTimer(Round.Builder round, String id, Consumer<RoundProgress> progress) {
        this.round = round;
        this.id = id;
        this.progress = progress;
    }

    void start(Stage s) {
        stage = s;
        stageStart = System.nanoTime();
        emit(s, StageStatus.STAGE_STATUS_RUNNING, "", null);
    }

    void end(StageStatus status, String note) {
        double ms = (System.nanoTime() - stageStart) / 1e6;
        round.addTimings(StageTiming.newBuilder().setStage(stage).setDurationMs(ms).setStatus(status).setNote(note));
        emit(stage, status, note, null);
    }

    void finish(Round done) {
        emit(Stage.STAGE_RECORD, StageStatus.STAGE_STATUS_OK, done.getStatus().name(), done);
    }

    private void emit(Stage s, StageStatus status, String note, Round done) {
        if (progress == null) {
            return;
        }
        RoundProgress.Builder p = RoundProgress.newBuilder().setRoundId(id).setStage(s).setStatus(status)
                .setMessage(note).setElapsedMs((System.nanoTime() - roundStart) / 1e6);
        if (done != null) {
            p.setRound(done);
        }
        progress.accept(p.build());
    }
}
