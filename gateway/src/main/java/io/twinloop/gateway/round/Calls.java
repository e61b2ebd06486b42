package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.platform.grpc.PeerCall;

import java.util.function.Function;

/**
 * Calls a downstream service under a deadline, retrying only UNAVAILABLE while the deadline allows
 * ({@link PeerCall#retrying}: backoff 100, 200, 400 ms, or the service's RetryInfo delay when longer),
 * and sorts a failed call for a round's record and its caller's status.
 */
public final class Calls {

    private Calls() {
    }

    /** {@code call} under {@code deadline}, retried on UNAVAILABLE ({@link PeerCall#retrying}). */
    public static <T> T call(Deadline deadline, Function<Deadline, T> call) {
        return PeerCall.retrying(deadline, call);
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
