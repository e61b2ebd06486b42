package io.twinloop.gateway.round;

import io.grpc.Deadline;

import java.util.concurrent.TimeUnit;

/**
 * Splits a round's deadline across its stages. Each stage gets a share of what is left,
 * proportional to its weight among the stages still to run, so time a fast stage does not
 * use passes on to the later ones.
 */
final class StageBudget {
    /** Relative weights of observe, forecast, plan, verify, apply. */
    private static final double[] WEIGHTS = {0.15, 0.2, 0.35, 0.2, 0.1};
    private final Deadline overall;

    StageBudget(Deadline overall) {
        this.overall = overall;
    }

    /** The deadline for stage {@code index} (0 = observe … 4 = apply). */
    Deadline forStage(int index) {
        long remainingMs = overall.timeRemaining(TimeUnit.MILLISECONDS);
        if (remainingMs <= 0) {
            return overall;
        }
        double rest = 0;
        for (int i = index; i < WEIGHTS.length; i++) {
            rest += WEIGHTS[i];
        }
        long share = Math.max(1, (long) (remainingMs * WEIGHTS[index] / rest));
        return Deadline.after(share, TimeUnit.MILLISECONDS);
    }

    Deadline overall() {
        return overall;
    }
}
