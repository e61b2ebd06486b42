package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.twinloop.model.telemetry.CounterRateConverter.NO_MARKER;
import static io.twinloop.model.telemetry.CounterRateConverter.NO_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed cases for every rule of {@link CounterRateConverter}, and a randomized check against BigInteger. */
class CounterRateConverterTest {

    private static final CounterKey OUT = CounterKey.of("r1", "eth0", CounterKind.OUT_OCTETS);
    private static final CounterKey PKTS = CounterKey.of("r1", "eth0", CounterKind.OUT_PACKETS);
    private static final CounterWidth W32 = CounterWidth.BITS_32;
    private static final CounterWidth W64 = CounterWidth.BITS_64;
    private static final CounterWidth UNKNOWN = CounterWidth.UNKNOWN;

    private final List<RateInterval> rates = new ArrayList<>();

    private CounterRateConverter converter(RateConfig config) {
        return new CounterRateConverter(config, null, (k, s, e, r) -> rates.add(new RateInterval(k, s, e, r)));
    }

    private CounterRateConverter ms() {
        return converter(RateConfig.of(TimeUnit.MILLISECONDS));
    }

    @Test
    void octetsGiveBitsPerSecondStampedWithTheLaterSample() {
        CounterRateConverter c = ms();
        assertEquals(SampleOutcome.BASELINE, c.accept(OUT, 1_000, 1_000, W64, NO_MARKER));
        // 1,250,000 octets in 10 s = 1,000,000 bit/s
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 11_000, 1_251_000, W64, NO_MARKER));
        assertEquals(List.of(new RateInterval(OUT, 1_000, 11_000, 1_000_000.0)), rates);
        CounterStats s = c.stats(OUT);
        assertEquals(2, s.accepted());
        assertEquals(1, s.rates());
        assertEquals(0, s.resets());
        assertEquals(11_000, s.lastSampleTime());
        assertEquals(NO_TIME, s.lastResetTime());
        assertEquals(1_000_000.0, s.lastRate());
    }

    @Test
    void packetsGivePacketsPerSecond() {
        CounterRateConverter c = ms();
        c.accept(PKTS, 0, 0, W64, NO_MARKER);
        c.accept(PKTS, 2_000, 500, W64, NO_MARKER); // 500 packets in 2 s
        assertEquals(250.0, rates.get(0).rate());
    }

    @Test
    void nanosecondTimes() {
        CounterRateConverter c = converter(RateConfig.of(TimeUnit.NANOSECONDS));
        long t0 = 1_558_249_392_402_000_000L;
        c.accept(OUT, t0, 0, W64, NO_MARKER);
        c.accept(OUT, t0 + 500_000_000L, 1_000, W64, NO_MARKER); // 8,000 bits in 0.5 s
        assertEquals(16_000.0, rates.get(0).rate());
        assertEquals(t0 + 500_000_000L, rates.get(0).endTime());
    }

    @Test
    void thirtyTwoBitWrapDeclaredOrInferred() {
        for (CounterWidth w : List.of(W32, UNKNOWN)) {
            rates.clear();
            CounterRateConverter c = ms();
            c.accept(OUT, 0, 4_294_967_000L, w, NO_MARKER); // 2^32 - 296
            // 704 + 2^32 - (2^32 - 296) = 1000 octets in 10 s = 800 bit/s
            assertEquals(SampleOutcome.WRAP, c.accept(OUT, 10_000, 704, w, NO_MARKER), w.toString());
            assertEquals(800.0, rates.get(0).rate());
            assertEquals(1, c.stats(OUT).wraps());
            assertEquals(0, c.stats(OUT).resets());
            assertEquals(W32, c.stats(OUT).width());
        }
    }

    @Test
    void sixtyFourBitWrapWithValuesAboveLongMax() {
        for (CounterWidth w : List.of(W64, UNKNOWN)) {
            rates.clear();
            CounterRateConverter c = ms();
            c.accept(OUT, 0, "18446744073709550616", w, NO_MARKER); // 2^64 - 1000
            // 24 + 2^64 - (2^64 - 1000) = 1024 octets in 1 s = 8192 bit/s
            assertEquals(SampleOutcome.WRAP, c.accept(OUT, 1_000, "24", w, NO_MARKER), w.toString());
            assertEquals(8192.0, rates.get(0).rate());
            assertEquals(W64, c.stats(OUT).width());
        }
    }

    @Test
    void forwardStepAcrossLongMaxIsUnsigned() {
        CounterRateConverter c = ms();
        c.accept(OUT, 0, "9223372036854775000", W64, NO_MARKER);
        // 9223372036854776000 > Long.MAX_VALUE: still 1000 octets later, 8000 bit/s
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 1_000, "9223372036854776000", W64, NO_MARKER));
        c.accept(OUT, 2_000, "18446744073709551615", W64, NO_MARKER); // 2^64 - 1
        assertEquals(8000.0, rates.get(0).rate());
        // 18446744073709551615 - 9223372036854776000 = 9223372036854775615 octets in 1 s
        assertEquals(new BigInteger("9223372036854775615").doubleValue() * 8, rates.get(1).rate(), 1e4);
        assertEquals("18446744073709551615", Long.toUnsignedString(c.stats(OUT).lastValue()));
    }

    @Test
    void backwardStepThatIsNoWrapIsAnUnmarkedResetAndTheNewBaseline() {
        CounterRateConverter c = ms();
        c.accept(OUT, 0, 500_000_000_000_000L, UNKNOWN, NO_MARKER);
        // back to 100: a 64-bit wrap would need 2^64 - 5e14 + 100 octets, more than half the range
        assertEquals(SampleOutcome.BACKWARD_UNMARKED, c.accept(OUT, 10_000, 100, UNKNOWN, NO_MARKER));
        assertTrue(rates.isEmpty());
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 20_000, 1_350, UNKNOWN, NO_MARKER));
        assertEquals(List.of(new RateInterval(OUT, 10_000, 20_000, 1_000.0)), rates); // 1250 octets in 10 s
        CounterStats s = c.stats(OUT);
        assertEquals(1, s.resets());
        assertEquals(1, s.backwardUnmarked());
        assertEquals(10_000, s.lastResetTime());
        assertEquals(1, c.total(SampleOutcome.BACKWARD_UNMARKED));
    }

    @Test
    void thirtyTwoBitBackwardStepBeyondHalfTheRangeIsAReset() {
        CounterRateConverter c = ms();
        c.accept(OUT, 0, 1_000_000_000L, W32, NO_MARKER);
        // a wrap would be 10 + 2^32 - 1e9 = 3,294,967,306 octets > 2^31
        assertEquals(SampleOutcome.BACKWARD_UNMARKED, c.accept(OUT, 10_000, 10, W32, NO_MARKER));
    }

    @Test
    void theCeilingDecidesBetweenWrapAndReset() {
        // a wrap from 4e9 to 5 is 5 + 2^32 - 4e9 = 294,967,301 octets; in 10 s that is 235,973,840.8 bit/s
        CounterRateConverter tight = converter(RateConfig.of(TimeUnit.MILLISECONDS).withMaxRate(k -> 100e6));
        tight.accept(OUT, 0, 4_000_000_000L, W32, NO_MARKER);
        assertEquals(SampleOutcome.BACKWARD_UNMARKED, tight.accept(OUT, 10_000, 5, W32, NO_MARKER));
        CounterRateConverter loose = converter(RateConfig.of(TimeUnit.MILLISECONDS).withMaxRate(k -> 1e9));
        loose.accept(OUT, 0, 4_000_000_000L, W32, NO_MARKER);
        assertEquals(SampleOutcome.WRAP, loose.accept(OUT, 10_000, 5, W32, NO_MARKER));
        assertEquals(235_973_840.8, rates.get(0).rate(), 1e-6);
    }

    @Test
    void changedDiscontinuityTimeIsAMarkedResetWhateverTheCounterDid() {
        CounterRateConverter c = ms();
        c.accept(OUT, 0, 1_000, W64, NO_MARKER);
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 1_000, 2_000, W64, 100)); // first marker: no change
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 2_000, 3_000, W64, NO_MARKER)); // absent: keeps 100
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 3_000, 4_000, W64, 100));
        assertEquals(SampleOutcome.RESET_MARKED, c.accept(OUT, 4_000, 9_000, W64, 200)); // forward but cleared
        assertEquals(SampleOutcome.RESET_MARKED, c.accept(OUT, 5_000, 10, W64, 300)); // backward and marked
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 6_000, 1_010, W64, 300));
        assertEquals(4, rates.size());
        assertEquals(8_000.0, rates.get(3).rate()); // 1000 octets in 1 s from the reset baseline
        CounterStats s = c.stats(OUT);
        assertEquals(2, s.resets());
        assertEquals(0, s.backwardUnmarked());
        assertEquals(5_000, s.lastResetTime());
    }

    @Test
    void rateAboveTheCeilingIsRefusedAndRebaselines() {
        CounterRateConverter c = converter(RateConfig.of(TimeUnit.MILLISECONDS).withMaxRate(k -> 1e9));
        c.accept(OUT, 0, 0, W64, NO_MARKER);
        // 2e9 octets in 10 s = 1.6e9 bit/s > 1e9
        assertEquals(SampleOutcome.ABSURD_RATE, c.accept(OUT, 10_000, 2_000_000_000L, W64, NO_MARKER));
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 20_000, 2_000_000_000L + 125_000_000L, W64, NO_MARKER));
        assertEquals(List.of(new RateInterval(OUT, 10_000, 20_000, 1e8)), rates);
        assertEquals(1, c.stats(OUT).absurd());
        assertEquals(0, c.stats(OUT).resets());
    }

    @Test
    void duplicatesAndOutOfOrderSamplesAreIgnoredAndCounted() {
        CounterRateConverter c = ms();
        c.accept(OUT, 1_000, 0, W64, NO_MARKER);
        c.accept(OUT, 2_000, 1_000, W64, NO_MARKER);
        assertEquals(SampleOutcome.DUPLICATE, c.accept(OUT, 2_000, 5_000, W64, NO_MARKER));
        assertEquals(SampleOutcome.OUT_OF_ORDER, c.accept(OUT, 1_500, 500, W64, NO_MARKER));
        c.accept(OUT, 3_000, 3_000, W64, NO_MARKER);
        // the rates use the accepted sample at 2000 (value 1000), not the duplicate
        assertEquals(List.of(new RateInterval(OUT, 1_000, 2_000, 8_000.0), new RateInterval(OUT, 2_000, 3_000, 16_000.0)),
                rates);
        CounterStats s = c.stats(OUT);
        assertEquals(1, s.duplicates());
        assertEquals(1, s.outOfOrder());
        assertEquals(3, s.accepted());
    }

    @Test
    void samplesBeyondTheSkewAreRefused() {
        long[] now = {1_000_000};
        CounterRateConverter c = new CounterRateConverter(
                RateConfig.of(TimeUnit.MILLISECONDS).withMaxFutureSkew(Duration.ofSeconds(5)), () -> now[0],
                (k, s, e, r) -> rates.add(new RateInterval(k, s, e, r)));
        assertEquals(SampleOutcome.FUTURE, c.accept(OUT, 1_005_001, 0, W64, NO_MARKER));
        assertNull(c.stats(OUT)); // a future sample is not a baseline
        assertEquals(SampleOutcome.BASELINE, c.accept(OUT, 1_000_000, 0, W64, NO_MARKER));
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 1_005_000, 1_000, W64, NO_MARKER)); // exactly at the skew
        assertEquals(SampleOutcome.FUTURE, c.accept(OUT, 1_005_001, 2_000, W64, NO_MARKER));
        assertEquals(1, c.stats(OUT).future());
        assertEquals(2, c.total(SampleOutcome.FUTURE));
        now[0] = 1_010_000;
        assertEquals(SampleOutcome.RATE, c.accept(OUT, 1_010_000, 2_000, W64, NO_MARKER));
    }

    @Test
    void badInputNamesTheField() {
        CounterRateConverter c = ms();
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> c.accept(OUT, 0, 4_294_967_296L, W32, NO_MARKER));
        assertEquals("counter[r1/eth0/OUT_OCTETS].value", e.field());
        for (String bad : List.of("-5", "abc", "18446744073709551616", "")) {
            assertThrows(InvalidNetworkException.class, () -> c.accept(OUT, 0, bad, W64, NO_MARKER), bad);
        }
        assertThrows(InvalidNetworkException.class, () -> c.accept(null, 0, 1, W64, NO_MARKER));
        assertThrows(InvalidNetworkException.class, () -> CounterKey.of("r1", " ", CounterKind.IN_OCTETS));
        assertEquals(0, c.size());
    }

    @Test
    void countersAreIndependent() {
        CounterRateConverter c = ms();
        c.accept(OUT, 0, 0, W64, NO_MARKER);
        c.accept(PKTS, 0, 1_000_000, W64, NO_MARKER);
        c.accept(OUT, 1_000, 1_000, W64, NO_MARKER);
        assertEquals(SampleOutcome.BACKWARD_UNMARKED, c.accept(PKTS, 1_000, 5, W64, NO_MARKER));
        assertEquals(0, c.stats(OUT).resets());
        assertEquals(1, c.stats(PKTS).resets());
        assertEquals(2, c.size());
    }

    /**
     * A simulated interface: true traffic (BigInteger, never wraps) shown through a counter of the
     * given width that wraps and is sometimes cleared (with a new discontinuity time) or reset without
     * one (to a value below the previous), with duplicate and out-of-order deliveries. The expected
     * rates and counts come from the simulation, not from the converter's rules.
     */
    @Test
    void randomTrajectoriesAgreeWithTheSimulation() {
        int allWraps = 0;
        int allUnmarked = 0;
        for (int width : new int[] {32, 64}) {
            for (long seed = 1; seed <= 20; seed++) {
                rates.clear();
                Random rnd = new Random(seed * 31 + width);
                BigInteger mod = BigInteger.ONE.shiftLeft(width);
                CounterRateConverter c = ms();
                // start anywhere in the range, e.g. just below a wrap
                BigInteger counter = new BigInteger(width, rnd);
                long marker = 7;
                long t = 1_000_000;
                List<RateInterval> expected = new ArrayList<>();
                int resets = 0;
                int unmarked = 0;
                int dups = 0;
                int wraps = 0;
                c.accept(OUT, t, counter.longValue(), width == 32 ? W32 : W64, marker);
                for (int i = 0; i < 300; i++) {
                    long dt = 1 + rnd.nextInt(20_000);
                    // below 2^31 octets per interval: a single wrap stays detectable
                    long inc = (long) (rnd.nextDouble() * ((1L << 31) - 1));
                    int event = rnd.nextInt(20);
                    t += dt;
                    if (event == 0) { // cleared: marker changes, counter restarts at inc
                        marker++;
                        counter = BigInteger.valueOf(inc).mod(mod);
                        resets++;
                    } else if (event == 1 && counter.compareTo(BigInteger.valueOf(1L << 31)) < 0
                            && counter.compareTo(BigInteger.valueOf(1000)) > 0) {
                        // unmarked restart below the old value and not a plausible wrap (wrap delta > 2^(w-1))
                        counter = BigInteger.valueOf(counter.longValue() / 2);
                        resets++;
                        unmarked++;
                    } else {
                        BigInteger next = counter.add(BigInteger.valueOf(inc));
                        if (next.compareTo(mod) >= 0) {
                            wraps++;
                        }
                        counter = next.mod(mod);
                        expected.add(new RateInterval(OUT, t - dt, t, inc * 8 / (dt / 1000.0)));
                    }
                    c.accept(OUT, t, counter.longValue(), width == 32 ? W32 : W64, marker);
                    if (rnd.nextInt(10) == 0) {
                        c.accept(OUT, t, counter.longValue() ^ 1, width == 32 ? W32 : W64, marker);
                        c.accept(OUT, t - 1, 0, width == 32 ? W32 : W64, marker);
                        dups++;
                    }
                }
                String where = "width " + width + " seed " + seed;
                assertEquals(expected.size(), rates.size(), where);
                for (int i = 0; i < expected.size(); i++) {
                    RateInterval e = expected.get(i);
                    RateInterval a = rates.get(i);
                    assertEquals(e.startTime(), a.startTime(), where);
                    assertEquals(e.endTime(), a.endTime(), where);
                    assertEquals(e.rate(), a.rate(), 1e-9 * Math.max(1, e.rate()), where);
                }
                CounterStats s = c.stats(OUT);
                assertEquals(resets, s.resets(), where);
                assertEquals(unmarked, s.backwardUnmarked(), where);
                assertEquals(dups, s.duplicates(), where);
                assertEquals(dups, s.outOfOrder(), where);
                assertEquals(wraps, s.wraps(), where);
                allWraps += wraps;
                allUnmarked += unmarked;
            }
        }
        // the simulation did exercise both rules
        assertTrue(allWraps > 10 && allUnmarked > 10, allWraps + " wraps, " + allUnmarked + " unmarked resets");
    }
}
