package io.twinloop.platform.limits;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * At most {@code maxInFlight} operations at once; one more is refused at once rather than queued
 * (load shedding: a caller told "busy, retry in 2 s" does better than one that times out in a queue).
 * The retry hint is the average time an operation held its permit recently (an exponentially
 * weighted mean), kept in [{@code minRetryNanos}, {@code maxRetryNanos}].
 */
public final class ConcurrencyLimiter {
    private static final double WEIGHT = 0.2;

    private final String what;
    private final String setting;
    private final int maxInFlight;
    private final LongSupplier nanoClock;
    private final long minRetryNanos;
    private final long maxRetryNanos;
    private int inFlight;
    private double meanHoldNanos;

    /** A held permit; closing it (once or more) releases it. */
    public final class Permit implements AutoCloseable {
        private final long since = nanoClock.getAsLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(nanoClock.getAsLong() - since);
            }
        }
    }

    /**
     * @param what          what is limited, for messages ("simulations", "rounds")
     * @param setting       the property that sets the limit, for messages
     * @param maxInFlight   most permits held at once, >= 1
     * @param minRetryNanos smallest retry hint (also the first hint, before any operation finished)
     * @param maxRetryNanos largest retry hint
     * @param nanoClock     monotonic time in ns
     */
    public ConcurrencyLimiter(String what, String setting, int maxInFlight, long minRetryNanos, long maxRetryNanos,
                              LongSupplier nanoClock) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(setting + " must be >= 1, got " + maxInFlight);
        }
        if (minRetryNanos <= 0 || maxRetryNanos < minRetryNanos) {
            throw new IllegalArgumentException("retry hints need 0 < min <= max");
        }
        this.what = what;
        this.setting = setting;
        this.maxInFlight = maxInFlight;
        this.minRetryNanos = minRetryNanos;
        this.maxRetryNanos = maxRetryNanos;
        this.nanoClock = nanoClock;
        this.meanHoldNanos = minRetryNanos;
    }

    /** A permit, or null when {@code maxInFlight} are held (the caller sheds the request). */
    public Permit tryAcquire() {
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                return null;
            }
            inFlight++;
        }
        return new Permit();
    }

    private synchronized void release(long heldNanos) {
        inFlight--;
        meanHoldNanos += WEIGHT * (Math.max(0, heldNanos) - meanHoldNanos);
    }

    /** How long a refused caller should wait before trying again, in ns. */
    public synchronized long retryAfterNanos() {
        return Math.min(maxRetryNanos, Math.max(minRetryNanos, (long) meanHoldNanos));
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public String what() {
        return what;
    }

    public String setting() {
        return setting;
    }

    /** The message of a refusal: "at its limit of 8 concurrent simulations (twinloop.twin.max-...); retry in 1.2 s". */
    public String refusal(String service) {
        return service + " is at its limit of " + maxInFlight + " concurrent " + what + " (" + setting
                + "); retry in " + Overload.seconds(retryAfterNanos());
    }
}
