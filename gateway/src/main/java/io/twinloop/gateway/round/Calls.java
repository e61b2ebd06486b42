package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls a downstream service under a deadline, retrying only UNAVAILABLE with exponential
 * backoff (100 ms, 200 ms, 400 ms) while the deadline allows. Every other status is final.
 */
final class Calls {
    private static final int MAX_ATTEMPTS = 4;

    private Calls() {
    }

    static <T> T call(Deadline deadline, Function<Deadline, T> call) {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply(deadline);
            } catch (StatusRuntimeException e) {
                boolean retry = e.getStatus().getCode() == Status.Code.UNAVAILABLE
                        && attempt < MAX_ATTEMPTS
                        && deadline.timeRemaining(TimeUnit.MILLISECONDS) > backoffMs;
                if (!retry) {
                    throw e;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs *= 2;
            }
        }
    }

    /** A short description of a failed call for round records: code and message. */
    static String describe(StatusRuntimeException e) {
        String msg = e.getStatus().getDescription();
        return e.getStatus().getCode() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
