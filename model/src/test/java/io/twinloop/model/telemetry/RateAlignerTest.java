package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateAlignerTest {

    private static final CounterKey K = CounterKey.of("r1", "eth0", CounterKind.IN_OCTETS);

    private static RateInterval r(long start, long end, double rate) {
        return new RateInterval(K, start, end, rate);
    }

    @Test
    void timeWeightedAverageOverTheCoveredPartOfEachBucket() {
        // ms; buckets of 10 s
        List<RateInterval> in = List.of(r(2_000, 12_000, 100), r(12_000, 17_000, 300), r(17_000, 35_000, 50),
                r(41_000, 45_000, 10));
        List<AlignedRate> out = RateAligner.align(in, Duration.ofSeconds(10), TimeUnit.MILLISECONDS);
        assertEquals(List.of(
                new AlignedRate(0, 10_000, 100, 0.8),             // 8 s of 100
                new AlignedRate(10_000, 20_000, 185, 1.0),        // (2 s * 100 + 5 s * 300 + 3 s * 50) / 10 s
                new AlignedRate(20_000, 30_000, 50, 1.0),
                new AlignedRate(30_000, 40_000, 50, 0.5),         // 5 s of 50
                new AlignedRate(40_000, 50_000, 10, 0.4)), out);  // 4 s of 10; no bucket is invented for the gap
    }

    @Test
    void conservesTheCountedTraffic() {
        List<RateInterval> in = List.of(r(-7_300, 1_100, 3.5), r(1_100, 2_900, 17.25), r(5_000, 31_234, 0.125));
        double counted = 0;
        for (RateInterval x : in) {
            counted += x.rate() * (x.endTime() - x.startTime());
        }
        double aligned = 0;
        for (AlignedRate a : RateAligner.align(in, 3_000)) {
            assertEquals(0, Math.floorMod(a.bucketStart(), 3_000));
            aligned += a.rate() * a.coverage() * 3_000;
        }
        assertEquals(counted, aligned, 1e-9 * counted);
    }

    @Test
    void refusesOverlapsAndBadLengths() {
        assertThrows(InvalidNetworkException.class, () -> RateAligner.align(List.of(r(0, 10, 1), r(5, 20, 1)), 10));
        assertThrows(InvalidNetworkException.class, () -> RateAligner.align(List.of(r(0, 10, 1)), 0));
    }
}
