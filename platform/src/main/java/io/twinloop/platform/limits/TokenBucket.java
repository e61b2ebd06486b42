package io.twinloop.platform.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code ratePerSecond} tokens a second, and
 * each admitted request takes one. Starts full. Thread-safe; time comes from an injected nanosecond
 * clock so that tests need no sleeps.
 */
public final class TokenBucket {
    private static final double NANOS = 1e9;

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long refilledAt;

    /**
     * @param ratePerSecond tokens gained per second, > 0
     * @param burst         capacity, >= 1
     * @param nanoClock     monotonic time in ns (e.g. {@code System::nanoTime})
     */
    public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number > 0, got " + ratePerSecond);
        }
        if (!(burst >= 1) || !Double.isFinite(burst)) {
            throw new IllegalArgumentException("burst must be a finite number >= 1, got " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.refilledAt = nanoClock.getAsLong();
    }

    /**
     * Takes a token if one is there.
     *
     * @return 0 when the request is admitted, else the nanoseconds until a token will be available
     *         (always > 0)
     */
    public synchronized long tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond * NANOS));
    }

    /** Whether the bucket is full again now (a full bucket can be forgotten: a new one starts full). */
    public synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    /** Tokens available now (for tests and diagnostics). */
    public synchronized double available() {
        refill();
        return tokens;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public double burst() {
        return burst;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / NANOS * ratePerSecond);
            refilledAt = now;
        }
    }
}
