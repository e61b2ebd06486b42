package io.twinloop.platform.limits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client. The map of buckets is bounded: buckets that have filled up
 * again are forgotten (a new bucket starts full, so nothing is lost), and when more than
 * {@code maxClients} clients are active at once the least recently seen one is dropped.
 */
public final class RateLimiter {

    /** A rate: {@code perSecond} requests a second on average, bursts of up to {@code burst}. */
    public record Rate(double perSecond, double burst) {
        public Rate {
            if (!(perSecond > 0) || !Double.isFinite(perSecond) || !(burst >= 1) || !Double.isFinite(burst)) {
                throw new IllegalArgumentException("a rate needs requests-per-second > 0 and burst >= 1, got "
                        + perSecond + " / " + burst);
            }
        }
    }

    /**
     * What the limiter decided.
     *
     * @param allowed          whether the request may proceed
     * @param retryAfterNanos  when refused: time until the client's next token (> 0); 0 when allowed
     * @param rate             the client's rate
     */
    public record Decision(boolean allowed, long retryAfterNanos, Rate rate) {
    }

    private final Function<String, Rate> rateOf;
    private final int maxClients;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * @param rateOf     the rate of a client (e.g. a default, or an override for some clients)
     * @param maxClients most buckets kept at once, >= 1
     * @param nanoClock  monotonic time in ns
     */
    public RateLimiter(Function<String, Rate> rateOf, int maxClients, LongSupplier nanoClock) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1, got " + maxClients);
        }
        this.rateOf = Objects.requireNonNull(rateOf, "rateOf");
        this.maxClients = maxClients;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Takes a token from {@code client}'s bucket if it has one. */
    public Decision tryAcquire(String client) {
        TokenBucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(client);
            if (bucket == null) {
                forgetFullBuckets();
                Rate r = rateOf.apply(client);
                bucket = new TokenBucket(r.perSecond(), r.burst(), nanoClock);
                buckets.put(client, bucket);
                if (buckets.size() > maxClients) {
                    Iterator<String> eldest = buckets.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
        }
        long wait = bucket.tryAcquire();
        return new Decision(wait == 0, wait, new Rate(bucket.ratePerSecond(), bucket.burst()));
    }

    /** Number of clients with a bucket (bounded by {@code maxClients}). */
    public int clients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Drops least recently seen buckets while they are full again (idle clients). */
    private void forgetFullBuckets() {
        Iterator<Map.Entry<String, TokenBucket>> it = buckets.entrySet().iterator();
        while (it.hasNext()) {
            if (!it.next().getValue().isFull()) {
                return;
            }
            it.remove();
        }
    }
}
