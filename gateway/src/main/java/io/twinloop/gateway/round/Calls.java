package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.platform.limits.Overload;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls a downstream service under a deadline, retrying only UNAVAILABLE with exponential
 * backoff (100 ms, 200 ms, 400 ms) while the deadline allows. A service that sheds load says when to
 * retry (a {@code google.rpc.RetryInfo} detail): that delay is waited instead when it is longer, and
 * only if the deadline leaves time for it; otherwise the refusal is final (the round records it). Every
 * other status is final.
 */
public final class Calls {
    private static final int MAX_ATTEMPTS = 4;

    private Calls() {
    }

    public static <T> T call(Deadline deadline, Function<Deadline, T> call) {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.apply(deadline);
            } catch (StatusRuntimeException e) {
                long waitMs = waitBeforeRetry(e, attempt, backoffMs, deadline.timeRemaining(TimeUnit.MILLISECONDS));
                if (waitMs < 0) {
                    throw e;
                }
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs *= 2;
            }
        }
    }

    /**
     * How long to wait before attempt {@code attempt + 1}, or -1 for no retry: only UNAVAILABLE is
     * retried, at most {@link #MAX_ATTEMPTS} times, after the backoff or the server's RetryInfo delay
     * (whichever is longer), and only when more than that is left of the deadline.
     */
    static long waitBeforeRetry(StatusRuntimeException e, int attempt, long backoffMs, long remainingMs) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt >= MAX_ATTEMPTS) {
            return -1;
        }
        long hintMs = Overload.retryDelayNanos(e).map(n -> TimeUnit.NANOSECONDS.toMillis(n)).orElse(0L);
        long waitMs = Math.max(backoffMs, hintMs);
        return remainingMs > waitMs ? waitMs : -1;
    }

    /**
     * Whether a failed call may succeed if asked again later: the service is down, busy or too slow
     * (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED). Any other status is a permanent answer to
     * this request (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, a refused token, a bug): a round
     * must not carry on past it as if the service were merely away.
     */
    static boolean isTransient(StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        return c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED || c == Status.Code.RESOURCE_EXHAUSTED;
    }

    /**
     * The status a round's caller gets for a downstream failure: UNAVAILABLE when it is transient,
     * the same code for NOT_FOUND and INVALID_ARGUMENT (the round's network or input), else
     * FAILED_PRECONDITION (the services are not in a state the round can work with).
     */
    static Status.Code failureCode(StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        if (isTransient(e)) {
            return Status.Code.UNAVAILABLE;
        }
        return c == Status.Code.NOT_FOUND || c == Status.Code.INVALID_ARGUMENT ? c : Status.Code.FAILED_PRECONDITION;
    }

    /** A short description of a failed call for round records: code and message. */
    public static String describe(StatusRuntimeException e) {
        String msg = e.getStatus().getDescription();
        return e.getStatus().getCode() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
