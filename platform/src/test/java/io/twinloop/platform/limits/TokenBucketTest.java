package io.twinloop.platform.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket and the per-client limiter on a hand-driven clock: no sleeps, exact figures. */
class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMs(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void admitsABurstThenOneRequestPerTokenWithTheExactWait() {
        TokenBucket b = new TokenBucket(10, 3, now::get); // 10/s: a token every 100 ms
        assertEquals(0, b.tryAcquire());
        assertEquals(0, b.tryAcquire());
        assertEquals(0, b.tryAcquire());
        assertEquals(100_000_000L, b.tryAcquire(), "empty: the next token is 100 ms away");
        advanceMs(30);
        assertEquals(70_000_000L, b.tryAcquire(), "refused calls take nothing; 70 ms left");
        advanceMs(70);
        assertEquals(0, b.tryAcquire());
        assertTrue(b.tryAcquire() > 0);
    }

    @Test
    void refillsNoHigherThanTheBurst() {
        TokenBucket b = new TokenBucket(10, 2, now::get);
        b.tryAcquire();
        b.tryAcquire();
        assertFalse(b.isFull());
        advanceMs(60_000);
        assertTrue(b.isFull());
        assertEquals(2.0, b.available(), 1e-9);
        assertEquals(0, b.tryAcquire());
        assertEquals(0, b.tryAcquire());
        assertTrue(b.tryAcquire() > 0, "a minute idle buys the burst, not 600 tokens");
    }

    @Test
    void fractionalRates() {
        TokenBucket b = new TokenBucket(0.5, 1, now::get); // one every 2 s
        assertEquals(0, b.tryAcquire());
        assertEquals(2_000_000_000L, b.tryAcquire());
        advanceMs(1500);
        assertEquals(500_000_000L, b.tryAcquire());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0.5, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.NaN, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter.Rate(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void clientsHaveTheirOwnBucketsAndOverrides() {
        RateLimiter l = new RateLimiter(c -> c.equals("slow") ? new RateLimiter.Rate(1, 1) : new RateLimiter.Rate(100, 5),
                100, now::get);
        RateLimiter.Decision first = l.tryAcquire("slow");
        assertTrue(first.allowed());
        RateLimiter.Decision second = l.tryAcquire("slow");
        assertFalse(second.allowed());
        assertEquals(1_000_000_000L, second.retryAfterNanos());
        assertEquals(1.0, second.rate().perSecond());
        for (int i = 0; i < 5; i++) {
            assertTrue(l.tryAcquire("fast").allowed(), "another client is not affected");
        }
        assertFalse(l.tryAcquire("fast").allowed());
    }

    @Test
    void theBucketMapStaysBounded() {
        RateLimiter l = new RateLimiter(c -> new RateLimiter.Rate(1, 2), 3, now::get);
        for (int i = 0; i < 1000; i++) {
            l.tryAcquire("client-" + i);
            assertTrue(l.clients() <= 3, "at most maxClients buckets");
        }
        // busy clients (buckets not full) are kept; idle ones (full again) are forgotten first
        l.tryAcquire("a");
        l.tryAcquire("a");
        assertFalse(l.tryAcquire("a").allowed());
        advanceMs(10_000); // every bucket is full again
        l.tryAcquire("b");
        assertEquals(1, l.clients(), "full (idle) buckets were dropped when a new client came");
    }

    @Test
    void aForgottenBucketWasFullSoForgettingGivesNothingAway() {
        RateLimiter l = new RateLimiter(c -> new RateLimiter.Rate(1, 1), 1, now::get);
        assertTrue(l.tryAcquire("a").allowed());
        assertFalse(l.tryAcquire("a").allowed());
        assertTrue(l.tryAcquire("b").allowed()); // a is evicted (more clients than the bound)
        assertEquals(1, l.clients());
    }
}
