package io.twinloop.platform.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.twinloop.platform.limits.Overload;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls to one peer service through its stub, the one way every service does it:
 * <ul>
 *   <li>every call carries a deadline ({@link #deadline()}): what is left of the caller's own deadline when the
 *       current gRPC call has one (so a round's budget holds end to end), otherwise the configured fallback;</li>
 *   <li>a failure becomes a {@link PeerCallException} that says what it means for the caller and names the
 *       peer and the address tried ({@link PeerCallException#of});</li>
 *   <li>{@link #callRetrying} retries UNAVAILABLE only, with backoff or the peer's RetryInfo delay, within the
 *       same deadline ({@link #retrying}); {@link #call} makes one attempt and leaves retries to the caller.</li>
 * </ul>
 *
 * @param <S> the peer's generated stub type
 */
public final class PeerCall<S extends AbstractStub<S>> {
    /** Attempts of a retried call, the first included. */
    static final int MAX_ATTEMPTS = 4;
    /** Wait before the second attempt; doubled for each next one (100, 200, 400 ms). */
    static final long FIRST_BACKOFF_MS = 100;

    private final String peer;
    private final S stub;
    private final Duration fallbackDeadline;

    private PeerCall(String peer, S stub, Duration fallbackDeadline) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.stub = Objects.requireNonNull(stub, "stub");
        this.fallbackDeadline = Objects.requireNonNull(fallbackDeadline, "fallbackDeadline");
        if (fallbackDeadline.isNegative() || fallbackDeadline.isZero()) {
            throw new IllegalArgumentException("fallback deadline of calls to " + peer + " must be positive, got "
                    + fallbackDeadline);
        }
    }

    /**
     * Calls to {@code peer} ("twin-service", as {@link io.twinloop.model.peer.Peers} names services) through
     * {@code stub}; {@code fallbackDeadline} bounds each call made outside a gRPC call with a deadline.
     */
    public static <S extends AbstractStub<S>> PeerCall<S> to(String peer, S stub, Duration fallbackDeadline) {
        return new PeerCall<>(peer, stub, fallbackDeadline);
    }

    /** The peer's name. */
    public String peer() {
        return peer;
    }

    /** Where the peer is dialled (the channel's authority, host:port). */
    public String address() {
        return stub.getChannel().authority();
    }

    /** The deadline of a call made now: the current gRPC context's deadline, else the fallback from now. */
    public Deadline deadline() {
        Deadline caller = Context.current().getDeadline();
        return caller != null ? caller : Deadline.after(fallbackDeadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * One attempt of {@code rpc} under {@link #deadline()}.
     *
     * @throws PeerCallException when the call fails
     */
    public <T> T call(String rpc, Function<S, T> body) {
        try {
            return body.apply(stub.withDeadline(deadline()));
        } catch (StatusRuntimeException e) {
            throw failure(rpc, e);
        }
    }

    /**
     * {@code rpc} under {@link #deadline()}, retried on UNAVAILABLE while that deadline allows ({@link #retrying}).
     *
     * @throws PeerCallException when the last attempt fails
     */
    public <T> T callRetrying(String rpc, Function<S, T> body) {
        try {
            return retrying(deadline(), d -> body.apply(stub.withDeadline(d)));
        } catch (StatusRuntimeException e) {
            throw failure(rpc, e);
        }
    }

    /** The failure of {@code rpc} on this peer ({@link PeerCallException#of}). */
    public PeerCallException failure(String rpc, StatusRuntimeException e) {
        return PeerCallException.of(peer, address(), rpc, e);
    }

    /**
     * Runs {@code attempt} under {@code deadline}, again after UNAVAILABLE with exponential backoff (100 ms,
     * 200 ms, 400 ms; {@value #MAX_ATTEMPTS} attempts at most). A peer that sheds load says when to retry (a
     * {@code google.rpc.RetryInfo} detail): that delay is waited instead when it is longer, and only if the
     * deadline leaves time for it ({@link #waitBeforeRetry}). Every other status, and the last failure, is
     * thrown as the peer sent it.
     */
    public static <T> T retrying(Deadline deadline, Function<Deadline, T> attempt) {
        long backoffMs = FIRST_BACKOFF_MS;
        for (int n = 1; ; n++) {
            try {
                return attempt.apply(deadline);
            } catch (StatusRuntimeException e) {
                long waitMs = waitBeforeRetry(e, n, backoffMs, deadline.timeRemaining(TimeUnit.MILLISECONDS));
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
     * How long to wait before attempt {@code attempt + 1}, or -1 for no retry: only UNAVAILABLE is retried, at
     * most {@value #MAX_ATTEMPTS} attempts in all, after the backoff or the peer's RetryInfo delay (whichever is
     * longer), and only when more than that is left of the deadline.
     */
    static long waitBeforeRetry(StatusRuntimeException e, int attempt, long backoffMs, long remainingMs) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt >= MAX_ATTEMPTS) {
            return -1;
        }
        long hintMs = Overload.retryDelayNanos(e).map(TimeUnit.NANOSECONDS::toMillis).orElse(0L);
        long waitMs = Math.max(backoffMs, hintMs);
        return remainingMs > waitMs ? waitMs : -1;
    }
}
