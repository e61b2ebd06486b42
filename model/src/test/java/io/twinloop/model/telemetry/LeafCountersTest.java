package io.twinloop.model.telemetry;

import io.twinloop.model.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static io.twinloop.model.telemetry.CounterRateConverter.NO_MARKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CounterRateConverter} on the real IOS-XR counters of {@code leaf7} (shared data README,
 * section 3.1): 36 interfaces, 937 reports each about every 11.6 s (1.7 s to 12.6 s apart), 64-bit
 * byte and packet counters near 5e14. Expected rates are computed here directly from the rows.
 *
 * <p>This recording has no counter reset: no counter goes backwards and
 * {@code last-discontinuity-time} never changes (checked independently below), so reset handling on
 * real values is tested by clearing a real counter in the middle of the recording.
 */
class LeafCountersTest {

    private static final String DIR = "telemetry/cisco-ie-telemetry-ds11-leaf7/";
    private static final String COUNTERS =
            DIR + "Cisco-IOS-XR-infra-statsd-oper__infra-statistics_interfaces_interface_generic-counters.csv.gz";
    private static final String DATA_RATE =
            DIR + "Cisco-IOS-XR-infra-statsd-oper__infra-statistics_interfaces_interface_data-rate.csv.gz";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]XXX");
    private static final Map<String, CounterKind> COLUMNS = Map.of("bytes-received", CounterKind.IN_OCTETS,
            "bytes-sent", CounterKind.OUT_OCTETS, "packets-received", CounterKind.IN_PACKETS,
            "packets-sent", CounterKind.OUT_PACKETS);

    /** One report of one counter. */
    record Row(CounterKey key, long timeNanos, String value, long marker) {
    }

    private static List<Row> rows;

    @BeforeAll
    static void read() {
        rows = readCounters(SharedData.require(COUNTERS));
    }

    @Test
    void ratesEqualADirectComputationAndResetsTheBackwardSteps() {
        List<RateInterval> got = new ArrayList<>();
        CounterRateConverter c = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (k, s, e, r) -> got.add(new RateInterval(k, s, e, r)));
        for (Row r : rows) {
            c.accept(r.key(), r.timeNanos(), r.value(), CounterWidth.UNKNOWN, r.marker());
        }
        // independently: per counter, consecutive rows; a backward step or marker change gives no rate
        Map<CounterKey, Row> last = new HashMap<>();
        Map<CounterKey, Integer> backward = new HashMap<>();
        Map<CounterKey, Long> max = new HashMap<>();
        List<RateInterval> want = new ArrayList<>();
        for (Row r : rows) {
            Row p = last.put(r.key(), r);
            max.merge(r.key(), Long.parseLong(r.value()), Math::max);
            if (p == null) {
                continue;
            }
            long dv = Long.parseLong(r.value()) - Long.parseLong(p.value());
            if (dv < 0 || r.marker() != p.marker()) {
                backward.merge(r.key(), 1, Integer::sum);
                continue;
            }
            double dtSeconds = (r.timeNanos() - p.timeNanos()) / 1e9;
            want.add(new RateInterval(r.key(), p.timeNanos(), r.timeNanos(),
                    r.key().kind().octets() ? dv * 8.0 / dtSeconds : dv / dtSeconds));
        }
        assertEquals(36 * 4, c.size());
        assertEquals(want.size(), got.size());
        assertTrue(want.size() > 130_000, want.size() + " rates");
        for (int i = 0; i < want.size(); i++) {
            RateInterval w = want.get(i);
            RateInterval g = got.get(i);
            assertTrue(Double.isFinite(g.rate()) && g.rate() >= 0, g.toString());
            assertEquals(w.key(), g.key());
            assertEquals(w.endTime(), g.endTime());
            assertEquals(w.startTime(), g.startTime());
            assertEquals(w.rate(), g.rate(), 1e-9 * Math.max(w.rate(), 1e-300), w.toString());
        }
        for (CounterStats s : c.allStats()) {
            assertEquals(backward.getOrDefault(s.key(), 0).longValue(), s.resets(), s.key().toString());
            // inferred: 64-bit once a value exceeded 2^32 - 1 (idle ports stay below and read as 32-bit)
            assertEquals(max.get(s.key()) > 0xFFFF_FFFFL ? CounterWidth.BITS_64 : CounterWidth.BITS_32, s.width(),
                    s.key().toString());
        }
        assertEquals(0, backward.size(), "this recording has no reset; update the class comment if it does");
        assertEquals(0, c.total(SampleOutcome.DUPLICATE) + c.total(SampleOutcome.OUT_OF_ORDER));
    }

    @Test
    void aClearedRealCounterCostsExactlyOneInterval() {
        CounterKey key = CounterKey.of("leaf7", "HundredGigE0/0/0/4", CounterKind.OUT_OCTETS);
        List<Row> series = rows.stream().filter(r -> r.key().equals(key)).toList();
        int k = 400;
        long base = Long.parseLong(series.get(k).value()) - 12_345; // the clear left 12,345 octets counted at row k
        for (boolean marked : new boolean[] {false, true}) {
            List<RateInterval> plain = new ArrayList<>();
            List<RateInterval> cleared = new ArrayList<>();
            CounterRateConverter a = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                    (kk, s, e, r) -> plain.add(new RateInterval(kk, s, e, r)));
            CounterRateConverter b = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                    (kk, s, e, r) -> cleared.add(new RateInterval(kk, s, e, r)));
            for (int i = 0; i < series.size(); i++) {
                Row r = series.get(i);
                long v = Long.parseLong(r.value());
                a.accept(key, r.timeNanos(), v, CounterWidth.UNKNOWN, r.marker());
                long marker = marked && i >= k ? r.marker() + 1 : r.marker();
                b.accept(key, r.timeNanos(), i >= k ? v - base : v, CounterWidth.UNKNOWN, marker);
            }
            List<RateInterval> expected = new ArrayList<>(plain);
            expected.remove(k - 1); // the interval ending at row k
            assertEquals(expected.size(), cleared.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).endTime(), cleared.get(i).endTime());
                assertEquals(expected.get(i).rate(), cleared.get(i).rate(), 1e-9 * expected.get(i).rate());
            }
            CounterStats s = b.stats(key);
            assertEquals(1, s.resets());
            assertEquals(marked ? 0 : 1, s.backwardUnmarked());
            assertEquals(series.get(k).timeNanos(), s.lastResetTime());
        }
    }

    @Test
    void thirtyTwoBitViewOfAQuietInterfaceWrapsToTheSameRates() {
        // ~200 Mbit/s: under 2^31 octets per report, so each 32-bit wrap is detectable
        CounterKey key = CounterKey.of("leaf7", "HundredGigE0/0/0/0", CounterKind.OUT_OCTETS);
        List<Row> series = rows.stream().filter(r -> r.key().equals(key)).toList();
        List<RateInterval> full = new ArrayList<>();
        List<RateInterval> low = new ArrayList<>();
        CounterRateConverter a = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (kk, s, e, r) -> full.add(new RateInterval(kk, s, e, r)));
        CounterRateConverter b = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (kk, s, e, r) -> low.add(new RateInterval(kk, s, e, r)));
        int wraps = 0;
        long prevLow = -1;
        for (Row r : series) {
            long v = Long.parseLong(r.value());
            long v32 = v & 0xFFFF_FFFFL;
            if (prevLow >= 0 && v32 < prevLow) {
                wraps++;
            }
            prevLow = v32;
            a.accept(key, r.timeNanos(), v, CounterWidth.BITS_64, NO_MARKER);
            b.accept(key, r.timeNanos(), v32, CounterWidth.BITS_32, NO_MARKER);
        }
        assertTrue(wraps > 10, wraps + " wraps");
        assertEquals(wraps, b.stats(key).wraps());
        assertEquals(0, b.stats(key).resets());
        assertEquals(full.size(), low.size());
        for (int i = 0; i < full.size(); i++) {
            assertEquals(full.get(i).rate(), low.get(i).rate(), 1e-9 * full.get(i).rate());
        }
    }

    @Test
    void duplicatedAndReorderedDeliveryGivesTheSameRates() {
        List<RateInterval> once = new ArrayList<>();
        List<RateInterval> messy = new ArrayList<>();
        CounterRateConverter a = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (kk, s, e, r) -> once.add(new RateInterval(kk, s, e, r)));
        CounterRateConverter b = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (kk, s, e, r) -> messy.add(new RateInterval(kk, s, e, r)));
        Map<CounterKey, Row> previous = new HashMap<>();
        int late = 0;
        for (Row r : rows) {
            a.accept(r.key(), r.timeNanos(), r.value(), CounterWidth.UNKNOWN, r.marker());
            b.accept(r.key(), r.timeNanos(), r.value(), CounterWidth.UNKNOWN, r.marker());
            b.accept(r.key(), r.timeNanos(), r.value(), CounterWidth.UNKNOWN, r.marker()); // redelivered
            Row p = previous.put(r.key(), r);
            if (p != null) {
                b.accept(p.key(), p.timeNanos(), p.value(), CounterWidth.UNKNOWN, p.marker()); // a late copy
                late++;
            }
        }
        assertEquals(once, messy);
        // a late copy of the previous report has the time of... the previous, older than the last accepted
        assertEquals(rows.size(), b.total(SampleOutcome.DUPLICATE));
        assertEquals(late, b.total(SampleOutcome.OUT_OF_ORDER));
    }

    /**
     * Loose sanity check against the router's own {@code data-rate} leaves (kbit/s, exponentially
     * smoothed by the router): over the whole recording the mean of each busy interface's counter
     * rate and of its data-rate agree within 15 %. (The counter rates come out about 8 % higher on
     * every busy port; the router's data-rate evidently counts fewer bytes per frame.)
     */
    @Test
    void meanRatesAgreeLooselyWithTheRoutersDataRate() {
        Map<String, double[]> counter = new LinkedHashMap<>(); // sum of rate * dt, sum of dt
        CounterRateConverter c = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null, (k, s, e, r) -> {
            if (k.kind() == CounterKind.OUT_OCTETS) {
                double[] acc = counter.computeIfAbsent(k.iface(), x -> new double[2]);
                acc[0] += r * (e - s);
                acc[1] += e - s;
            }
        });
        for (Row r : rows) {
            c.accept(r.key(), r.timeNanos(), r.value(), CounterWidth.UNKNOWN, r.marker());
        }
        List<String[]> dr = csv(SharedData.require(DATA_RATE));
        int cName = Arrays.asList(dr.get(0)).indexOf("interface-name");
        int cOut = Arrays.asList(dr.get(0)).indexOf("output-data-rate");
        Map<String, double[]> router = new HashMap<>();
        for (String[] r : dr.subList(1, dr.size())) {
            double[] acc = router.computeIfAbsent(r[cName], x -> new double[2]);
            acc[0] += Double.parseDouble(r[cOut]) * 1e3;
            acc[1]++;
        }
        int busy = 0;
        for (Map.Entry<String, double[]> e : counter.entrySet()) {
            double mine = e.getValue()[0] / e.getValue()[1];
            double theirs = router.get(e.getKey())[0] / router.get(e.getKey())[1];
            if (theirs >= 1e9) {
                busy++;
                assertEquals(theirs, mine, 0.15 * theirs, e.getKey());
            }
        }
        assertTrue(busy >= 10, busy + " busy interfaces");
    }

    private static List<Row> readCounters(Path file) {
        List<String[]> lines = csv(file);
        List<String> h = Arrays.asList(lines.get(0));
        int cName = h.indexOf("interface-name");
        int cDevice = h.indexOf("Producer");
        int cDisc = h.indexOf("last-discontinuity-time");
        Map<Integer, CounterKind> cols = new LinkedHashMap<>();
        COLUMNS.forEach((name, kind) -> cols.put(h.indexOf(name), kind));
        Map<String, CounterKey> keys = new HashMap<>();
        List<Row> out = new ArrayList<>();
        for (String[] r : lines.subList(1, lines.size())) {
            OffsetDateTime t = OffsetDateTime.parse(r[0], TS);
            long nanos = t.toEpochSecond() * 1_000_000_000L + t.getNano();
            for (Map.Entry<Integer, CounterKind> col : cols.entrySet()) {
                CounterKey key = keys.computeIfAbsent(r[cDevice] + "|" + r[cName] + "|" + col.getValue(),
                        x -> CounterKey.of(r[cDevice], r[cName], col.getValue()));
                out.add(new Row(key, nanos, r[col.getKey()], Long.parseLong(r[cDisc])));
            }
        }
        return out;
    }

    /** A gzip CSV without quoted fields (the files of this data set have none). */
    private static List<String[]> csv(Path file) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            List<String[]> out = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                assertTrue(line.indexOf('"') < 0, "quoted field in " + file);
                out.add(line.split(",", -1));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
