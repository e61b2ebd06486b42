package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns samples of cumulative counters into rates: one rate per sample after the first, stamped
 * with the later sample's time, {@code rate = delta * unitsPerCount / delta t} (bit/s for octet
 * counters, {@code 8 * delta octets / delta t}; packet/s for packet counters).
 *
 * <p><b>Rules</b>, applied to each sample of a counter in this order (see also {@code docs/telemetry.md}):
 * <ol>
 *   <li>a sample later than the clock plus {@link RateConfig#maxFutureSkew()} is ignored
 *       ({@link SampleOutcome#FUTURE});</li>
 *   <li>the first sample of a counter is its baseline ({@link SampleOutcome#BASELINE});</li>
 *   <li>a sample at the time of the last accepted one is ignored ({@link SampleOutcome#DUPLICATE}),
 *       one before it too ({@link SampleOutcome#OUT_OF_ORDER});</li>
 *   <li>a discontinuity time that differs from the last one reported for the counter means a reset
 *       ({@link SampleOutcome#RESET_MARKED}), whatever the counter did. A sample without a marker
 *       ({@link #NO_MARKER}) keeps the last one; the first marker seen is not a change;</li>
 *   <li>a counter that went backwards (unsigned comparison) is a wrap ({@link SampleOutcome#WRAP},
 *       {@code delta = value + 2^width - previous}) when that delta is at most half the counter's
 *       range (2^31 or 2^63) and its rate is within the ceiling; otherwise it is an unmarked reset
 *       ({@link SampleOutcome#BACKWARD_UNMARKED}). A counter restarting near zero after a reset is
 *       this case; a counter that was reset and grew past its old value before the next sample
 *       cannot be told from traffic without a marker;</li>
 *   <li>a forward step whose rate is above the ceiling is refused ({@link SampleOutcome#ABSURD_RATE});</li>
 *   <li>otherwise the rate is produced ({@link SampleOutcome#RATE}).</li>
 * </ol>
 * Every accepted sample (all but FUTURE, DUPLICATE and OUT_OF_ORDER) becomes the counter's baseline
 * for the next one, so a reset or a refused rate costs exactly one interval and a rate is never
 * negative, infinite or above the ceiling.
 *
 * <p><b>Width.</b> {@link CounterWidth#BITS_32} values above 2^32 - 1 are invalid input. With
 * {@link CounterWidth#UNKNOWN} a counter is 64-bit once any of its values exceeded 2^32 - 1, 32-bit
 * until then (a backward step below 2^32 is then judged as a 32-bit wrap).
 *
 * <p><b>Cost.</b> Written for a collector's hot path (hundreds of thousands of samples per second):
 * one hash lookup per sample, state in a mutable object per counter, no allocation per sample
 * except a counter's first; rates go to a {@link RateSink} as primitives. Not thread-safe: use one
 * converter per consumer thread (partition the counters by device).
 */
public final class CounterRateConverter {

    /** The discontinuity argument of a sample that reports none. */
    public static final long NO_MARKER = Long.MIN_VALUE;
    /** A time that is absent (no reset seen yet, ...). */
    public static final long NO_TIME = Long.MIN_VALUE;

    private static final long MAX_32 = 0xFFFF_FFFFL;
    private static final long HALF_32 = 1L << 31;
    private static final long HALF_64 = Long.MIN_VALUE; // 2^63 read unsigned

    private final RateConfig config;
    private final LongSupplier clock;
    private final RateSink sink;
    private final double unitsPerSecond;
    private final long skew;
    private final Map<CounterKey, State> states = new HashMap<>();
    private final long[] totals = new long[SampleOutcome.values().length];

    /** The mutable state of one counter. */
    private static final class State {
        final CounterKey key;
        final double maxRate;
        long time;
        long value;
        long marker = NO_MARKER;
        boolean seen64;
        CounterWidth declared = CounterWidth.UNKNOWN;
        long accepted;
        long rates;
        long wraps;
        long resets;
        long backward;
        long absurd;
        long duplicates;
        long outOfOrder;
        long future;
        long lastReset = NO_TIME;
        double lastRate = Double.NaN;

        State(CounterKey key, double maxRate) {
            this.key = key;
            this.maxRate = maxRate;
        }
    }

    /**
     * @param config settings (time unit, future skew, plausibility ceiling)
     * @param clock  the current time in {@link RateConfig#timeUnit()} since the epoch, e.g.
     *               {@code System::currentTimeMillis}; null disables the future check
     * @param sink   receives every rate
     */
    public CounterRateConverter(RateConfig config, LongSupplier clock, RateSink sink) {
        if (config == null) {
            throw new InvalidNetworkException("config", "must not be null");
        }
        if (sink == null) {
            throw new InvalidNetworkException("sink", "must not be null");
        }
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.unitsPerSecond = config.unitsPerSecond();
        this.skew = config.skewUnits();
    }

    /** The settings. */
    public RateConfig config() {
        return config;
    }

    /**
     * Takes one sample whose value arrived as a decimal string (an unsigned 64-bit number, as gNMI
     * JSON and CSV exports carry values above {@link Long#MAX_VALUE}).
     *
     * @throws InvalidNetworkException if {@code value} is not a decimal number in [0, 2^64 - 1]
     * @see #accept(CounterKey, long, long, CounterWidth, long)
     */
    public SampleOutcome accept(CounterKey key, long time, String value, CounterWidth width, long discontinuity) {
        return accept(key, time, parseUnsigned(key, value), width, discontinuity);
    }

    /**
     * Takes one sample.
     *
     * @param key           the counter
     * @param time          the sample's time in the configured unit since the epoch
     * @param value         the cumulative count, an unsigned 64-bit number (values above
     *                      {@link Long#MAX_VALUE} arrive negative, as from {@link Long#parseUnsignedLong})
     * @param width         the counter's width, or {@link CounterWidth#UNKNOWN} to infer it
     * @param discontinuity the reported discontinuity/last-clear time in any unit (only compared for
     *                      change), or {@link #NO_MARKER}
     * @return what was done with it; a rate, if any, has gone to the sink
     * @throws InvalidNetworkException if the key or width is null, or a 32-bit value exceeds 2^32 - 1
     */
    public SampleOutcome accept(CounterKey key, long time, long value, CounterWidth width, long discontinuity) {
        if (key == null) {
            throw new InvalidNetworkException("counter", "must not be null");
        }
        if (width == null) {
            throw new InvalidNetworkException("counter[" + key + "].width", "must not be null (use UNKNOWN)");
        }
        if (width == CounterWidth.BITS_32 && Long.compareUnsigned(value, MAX_32) > 0) {
            throw new InvalidNetworkException("counter[" + key + "].value",
                    "a 32-bit counter must be <= 4294967295, got " + Long.toUnsignedString(value));
        }
        if (clock != null && time > saturatedAdd(clock.getAsLong(), skew)) {
            State s = states.get(key);
            if (s != null) {
                s.future++;
            }
            return count(SampleOutcome.FUTURE);
        }
        State s = states.get(key);
        if (s == null) {
            s = new State(key, config.maxRate().applyAsDouble(key));
            states.put(key, s);
            take(s, time, value, width, discontinuity);
            return count(SampleOutcome.BASELINE);
        }
        if (time == s.time) {
            s.duplicates++;
            return count(SampleOutcome.DUPLICATE);
        }
        if (time < s.time) {
            s.outOfOrder++;
            return count(SampleOutcome.OUT_OF_ORDER);
        }
        long prevTime = s.time;
        long prev = s.value;
        boolean marked = discontinuity != NO_MARKER && s.marker != NO_MARKER && discontinuity != s.marker;
        take(s, time, value, width, discontinuity);
        if (marked) {
            s.resets++;
            s.lastReset = time;
            return count(SampleOutcome.RESET_MARKED);
        }
        double seconds = (time - prevTime) / unitsPerSecond;
        double perCount = s.key.kind().unitsPerCount() / seconds;
        if (Long.compareUnsigned(value, prev) < 0) {
            boolean is64 = width == CounterWidth.BITS_64 || width == CounterWidth.UNKNOWN && s.seen64;
            // value + 2^width - prev; for 64 bits the unsigned difference already is that
            long delta = is64 ? value - prev : value + (1L << 32) - prev;
            double rate = unsigned(delta) * perCount;
            boolean plausible = (is64 ? Long.compareUnsigned(delta, HALF_64) <= 0 : delta <= HALF_32)
                    && rate <= s.maxRate;
            if (!plausible) {
                s.resets++;
                s.backward++;
                s.lastReset = time;
                return count(SampleOutcome.BACKWARD_UNMARKED);
            }
            s.wraps++;
            emit(s, prevTime, time, rate);
            return count(SampleOutcome.WRAP);
        }
        double rate = unsigned(value - prev) * perCount;
        if (rate > s.maxRate) {
            s.absurd++;
            return count(SampleOutcome.ABSURD_RATE);
        }
        emit(s, prevTime, time, rate);
        return count(SampleOutcome.RATE);
    }

    private static void take(State s, long time, long value, CounterWidth width, long discontinuity) {
        s.time = time;
        s.value = value;
        s.declared = width;
        s.accepted++;
        if (discontinuity != NO_MARKER) {
            s.marker = discontinuity;
        }
        if (Long.compareUnsigned(value, MAX_32) > 0) {
            s.seen64 = true;
        }
    }

    private void emit(State s, long start, long end, double rate) {
        s.rates++;
        s.lastRate = rate;
        sink.rate(s.key, start, end, rate);
    }

    private SampleOutcome count(SampleOutcome o) {
        totals[o.ordinal()]++;
        return o;
    }

    /** An unsigned 64-bit number as a double. */
    static double unsigned(long v) {
        return v >= 0 ? (double) v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long parseUnsigned(CounterKey key, String value) {
        if (value == null) {
            throw new InvalidNetworkException("counter[" + key + "].value", "must not be null");
        }
        try {
            return Long.parseUnsignedLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidNetworkException("counter[" + key + "].value",
                    "must be a decimal number in [0, 18446744073709551615], got '" + value + "'");
        }
    }

    /** The counters seen so far. */
    public int size() {
        return states.size();
    }

    /** What has been seen of {@code key}, or null if nothing (a FUTURE sample alone is not kept). */
    public CounterStats stats(CounterKey key) {
        State s = states.get(key);
        if (s == null) {
            return null;
        }
        CounterWidth w = s.declared != CounterWidth.UNKNOWN ? s.declared
                : s.seen64 ? CounterWidth.BITS_64 : CounterWidth.BITS_32;
        return new CounterStats(s.key, s.accepted, s.rates, s.wraps, s.resets, s.backward, s.absurd, s.duplicates,
                s.outOfOrder, s.future, s.time, s.lastReset, s.lastRate, s.value, w);
    }

    /** Snapshots of every counter seen, in no particular order. */
    public List<CounterStats> allStats() {
        List<CounterStats> out = new ArrayList<>(states.size());
        for (CounterKey k : states.keySet()) {
            out.add(stats(k));
        }
        return out;
    }

    /** How many samples had each outcome, over all counters (FUTURE samples included). */
    public Map<SampleOutcome, Long> totals() {
        Map<SampleOutcome, Long> out = new EnumMap<>(SampleOutcome.class);
        for (SampleOutcome o : SampleOutcome.values()) {
            out.put(o, totals[o.ordinal()]);
        }
        return out;
    }

    /** How many samples had outcome {@code o}, over all counters. */
    public long total(SampleOutcome o) {
        return totals[o.ordinal()];
    }

    /** Drops the state of {@code key} (an interface removed); its next sample is a new baseline. */
    public void forget(CounterKey key) {
        states.remove(key);
    }
}
