package io.twinloop.bench;

import io.twinloop.model.telemetry.CounterKey;
import io.twinloop.model.telemetry.CounterKind;
import io.twinloop.model.telemetry.CounterRateConverter;
import io.twinloop.model.telemetry.CounterWidth;
import io.twinloop.model.telemetry.RateConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Counter samples per second through {@link CounterRateConverter} on one thread: {@code counters}
 * counters (4 per interface) reported round-robin every 10 s, 64-bit values near 5e14 growing by a
 * random amount per report, every sample after the first giving a rate to a sink that sums them.
 * {@link #acceptLong()} passes the value as a long, {@link #acceptString()} as the decimal string a
 * CSV or gNMI JSON carries (parsed as unsigned). Scores are samples/s (10,000 per invocation).
 * Run e.g. {@code java -jar bench/target/benchmarks.jar CounterRateBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CounterRateBenchmark {

    private static final int BATCH = 10_000;

    /** Counters tracked (hash map size). */
    @Param({"1000", "100000"})
    public int counters;

    private CounterKey[] keys;
    private long[] values;
    private long[] increments;
    private String[][] texts;
    private long[] times;
    private int next;
    private CounterRateConverter converter;
    /** The sum of all rates, read so that the work cannot be eliminated. */
    public double sum;

    /** Builds the counters and a converter with their baselines. */
    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        keys = new CounterKey[counters];
        values = new long[counters];
        increments = new long[counters];
        times = new long[counters];
        texts = new String[counters][8];
        CounterKind[] kinds = CounterKind.values();
        converter = new CounterRateConverter(RateConfig.of(TimeUnit.MILLISECONDS), null,
                (k, s, e, r) -> sum += r);
        for (int i = 0; i < counters; i++) {
            keys[i] = CounterKey.of("r" + (i / 400), "eth" + (i / 4 % 100), kinds[i % 4]);
            values[i] = 500_000_000_000_000L + rnd.nextLong(1L << 40);
            increments[i] = rnd.nextLong(1L << 33);
            times[i] = 1_765_000_000_000L;
            for (int j = 0; j < texts[i].length; j++) {
                texts[i][j] = Long.toUnsignedString(values[i] + (j + 1) * increments[i]);
            }
            converter.accept(keys[i], times[i], values[i], CounterWidth.UNKNOWN, CounterRateConverter.NO_MARKER);
        }
    }

    /** 10,000 samples with long values. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double acceptLong() {
        for (int n = 0; n < BATCH; n++) {
            int i = next;
            next = i + 1 == counters ? 0 : i + 1;
            times[i] += 10_000;
            values[i] += increments[i];
            converter.accept(keys[i], times[i], values[i], CounterWidth.UNKNOWN, CounterRateConverter.NO_MARKER);
        }
        return sum;
    }

    /**
     * 10,000 samples with decimal string values (a fixed cycle of 8 strings per counter, so after
     * the 8th report a counter's value goes back: those samples are unmarked resets, cheaper than
     * rates by one multiplication; 7 in 8 are rates).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double acceptString() {
        for (int n = 0; n < BATCH; n++) {
            int i = next;
            next = i + 1 == counters ? 0 : i + 1;
            times[i] += 10_000;
            String v = texts[i][(int) ((times[i] / 10_000) & 7)];
            converter.accept(keys[i], times[i], v, CounterWidth.UNKNOWN, CounterRateConverter.NO_MARKER);
        }
        return sum;
    }
}
