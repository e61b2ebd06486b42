package io.twinloop.platform.limits;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.Locale;
import java.util.Optional;

/**
 * The statuses of refused load: {@code RESOURCE_EXHAUSTED} (a client over its rate) and
 * {@code UNAVAILABLE} (a service at its concurrency limit), each with a {@code google.rpc.RetryInfo}
 * detail (when to try again) and an {@code ErrorInfo} reason ({@value #RATE_LIMITED} /
 * {@value #OVERLOADED}, domain twinloop.io) in the {@code grpc-status-details-bin} trailer.
 */
public final class Overload {
    /** ErrorInfo reason of a rate-limited request. */
    public static final String RATE_LIMITED = "RATE_LIMITED";
    /** ErrorInfo reason of a shed request. */
    public static final String OVERLOADED = "OVERLOADED";

    private Overload() {
    }

    /** RESOURCE_EXHAUSTED with RetryInfo. */
    public static StatusRuntimeException rateLimited(String message, long retryAfterNanos) {
        return status(Code.RESOURCE_EXHAUSTED, RATE_LIMITED, message, retryAfterNanos);
    }

    /** UNAVAILABLE with RetryInfo. */
    public static StatusRuntimeException shed(String message, long retryAfterNanos) {
        return status(Code.UNAVAILABLE, OVERLOADED, message, retryAfterNanos);
    }

    /** A status with an ErrorInfo reason and a RetryInfo delay. */
    public static StatusRuntimeException status(Code code, String reason, String message, long retryAfterNanos) {
        long nanos = Math.max(0, retryAfterNanos);
        com.google.rpc.Status s = com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("twinloop.io").build()))
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                        .setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L))).build()))
                .build();
        return StatusProto.toStatusRuntimeException(s);
    }

    /** The RetryInfo delay of a failed call, in ns, when its status carries one. */
    public static Optional<Long> retryDelayNanos(Throwable t) {
        com.google.rpc.Status s = StatusProto.fromThrowable(t);
        if (s == null) {
            return Optional.empty();
        }
        for (Any any : s.getDetailsList()) {
            if (any.is(RetryInfo.class)) {
                try {
                    Duration d = any.unpack(RetryInfo.class).getRetryDelay();
                    return Optional.of(Math.max(0, d.getSeconds() * 1_000_000_000L + d.getNanos()));
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a failed call was refused for load (rate limit or shedding) and says when to retry. */
    public static boolean isRetryable(Throwable t) {
        Status.Code c = Status.fromThrowable(t).getCode();
        return (c == Status.Code.UNAVAILABLE || c == Status.Code.RESOURCE_EXHAUSTED) && retryDelayNanos(t).isPresent();
    }

    /** A delay for people: "0.3 s", "12 s". */
    public static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", Math.max(0.1, Math.ceil(s * 10) / 10))
                : String.format(Locale.ROOT, "%d s", (long) Math.ceil(s));
    }

    /** A delay in whole seconds for an HTTP {@code Retry-After} header (at least 1). */
    public static long retryAfterSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
