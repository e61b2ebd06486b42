package io.twinloop.gateway.round;

import io.grpc.Status;
import io.twinloop.gateway.store.RoundStore;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Assembles a round's record at its end, stores it and counts it: completed rounds, failed ones and decisions. */
@ApplicationScoped
public class RoundRecorder {
    private static final Logger LOG = Logger.getLogger(RoundRecorder.class);

    @Inject
    RoundStore store;
    @Inject
    RoundMetrics metrics;

    /** The record stage: finishes the round, stores it, counts it and reports it as the last progress. */
    Round record(Round.Builder round, StageTimer timer) {
        timer.start(Stage.STAGE_RECORD);
        round.setFinishedUnixMs(System.currentTimeMillis());
        timer.end(StageStatus.STAGE_STATUS_OK, "");
        Round done = round.build();
        long t0 = System.nanoTime();
        store.save(done);
        metrics.stored(System.nanoTime() - t0);
        metrics.recorded(done);
        timer.finish(done);
        return done;
    }

    /**
     * Ends the running stage as failed, records the round as FAILED with {@code error} and throws;
     * {@code reason} null = the code's usual one.
     */
    Round fail(Round.Builder round, StageTimer timer, String error, Status.Code code, String reason) {
        timer.end(StageStatus.STAGE_STATUS_FAILED, error);
        round.setStatus(RoundStatus.ROUND_STATUS_FAILED).setError(error);
        Round done = record(round, timer);
        LOG.warnf("round %s failed: %s", done.getId(), error);
        throw new RoundFailedException(code, done.getId(), "round " + done.getId() + " failed: " + error, reason);
    }

    /** Stores a decided (approved, applied or rejected) round. */
    Round decided(Round done) {
        store.save(done);
        metrics.recorded(done);
        return done;
    }
}
