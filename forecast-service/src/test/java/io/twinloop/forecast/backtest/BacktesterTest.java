package io.twinloop.forecast.backtest;

import io.twinloop.forecast.baseline.LastValue;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktesterTest {
    static final List<OdPair> PAIRS = List.of(new OdPair("A", "B"), new OdPair("B", "A"));
    static final int ROWS = 20;
    static final int SPLIT = 12;
    static final int H = 3;
    static final int MISSING_ROW = 15;

    /** Hourly rows with irregular values; row 15 is a missing measurement. */
    static TrafficSeries series() {
        List<TrafficSample> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            boolean missing = r == MISSING_ROW;
            double[] v = missing ? new double[2] : new double[] {1e6 * (3 + (r * 7) % 5), 2e6 * (1 + (r * 3) % 4)};
            rows.add(new TrafficSample(String.format("20240101-%02d00", r), missing, v));
        }
        return new TrafficSeries(PAIRS, rows);
    }

    /** A method whose forecasts are a known function of the origin: p50 = (origin + h)(p + 1) / 4 Mbit/s, p90 = p50 + 2 Mbit/s. */
    static ForecastMethod fake() {
        return new ForecastMethod() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public boolean hasP90() {
                return true;
            }

            @Override
            public double[][][] forecast(int origin, int horizon) {
                double[][][] f = new double[horizon][2][2];
                for (int h = 1; h <= horizon; h++) {
                    for (int p = 0; p < 2; p++) {
                        f[h - 1][0][p] = 1e6 * (origin + h) * (p + 1) / 4.0;
                        f[h - 1][1][p] = f[h - 1][0][p] + 2e6;
                    }
                }
                return f;
            }
        };
    }

    @Test
    void metricsMatchAStraightforwardComputation() {
        TrafficSeries s = series();
        ForecastMethod m = fake();
        BacktestReport report = new Backtester(s, SPLIT, H).run(List.of(m));
        assertEquals(ROWS - SPLIT, report.origins());
        double trainMax = 0;
        for (int r = 0; r < SPLIT; r++) {
            for (int p = 0; p < 2; p++) {
                trainMax = Math.max(trainMax, s.samples().get(r).rateBps(p));
            }
        }
        assertEquals(trainMax, report.trainMaxBps(), 0.0);
        for (int h = 1; h <= H; h++) {
            double abs = 0;
            double sq = 0;
            double truth = 0;
            int n = 0;
            int covered = 0;
            for (int target = SPLIT - 1 + h; target < ROWS; target++) {
                if (target == MISSING_ROW) {
                    continue;
                }
                int origin = target - h;
                for (int p = 0; p < 2; p++) {
                    double actual = s.samples().get(target).rateBps(p);
                    double p50 = 1e6 * (origin + h) * (p + 1) / 4.0;
                    abs += Math.abs(actual - p50);
                    sq += (actual - p50) * (actual - p50);
                    truth += actual;
                    covered += actual <= p50 + 2e6 ? 1 : 0;
                    n++;
                }
            }
            BacktestReport.HorizonMetrics got = report.method("fake").at(h);
            assertEquals(n, got.count(), "h " + h);
            assertEquals(abs / n, got.maeBps(), 1e-6, "h " + h);
            assertEquals(Math.sqrt(sq / n), got.rmseBps(), 1e-6, "h " + h);
            assertEquals(abs / truth, got.nmae(), 1e-12, "h " + h);
            assertEquals(abs / n / trainMax, got.normalisedMae(), 1e-12, "h " + h);
            assertEquals((double) covered / n, got.p90Coverage(), 1e-12, "h " + h);
        }
        // 8 targets at h = 1 (rows 12..19) minus the missing one, two pairs each
        assertEquals(14, report.method("fake").at(1).count());
        assertEquals(10, report.method("fake").at(3).count());   // rows 14..19 minus the missing one
    }

    @Test
    void baselinesAreScoredAndCalibratedOnTrainingRowsOnly() {
        TrafficSeries s = series();
        List<ForecastMethod> methods = BaselineMethods.all(s, SPLIT, 3600, H);
        assertEquals(List.of("last-value", "ewma"), methods.stream().map(ForecastMethod::name)
                .map(n -> n.startsWith("ewma") ? "ewma" : n).toList());    // half a day: no daily season
        BacktestReport report = new Backtester(s, SPLIT, H).run(methods);
        // last value at h = 1, by hand: the latest measured row at or before the origin
        double abs = 0;
        double truth = 0;
        for (int target = SPLIT; target < ROWS; target++) {
            if (target == MISSING_ROW) {
                continue;
            }
            int source = target - 1 == MISSING_ROW ? target - 2 : target - 1;
            for (int p = 0; p < 2; p++) {
                abs += Math.abs(s.samples().get(target).rateBps(p) - s.samples().get(source).rateBps(p));
                truth += s.samples().get(target).rateBps(p);
            }
        }
        assertEquals(abs / truth, report.method("last-value").at(1).nmae(), 1e-12);
        // changing the test rows changes neither the p90 offsets nor the forecasts made before them
        ForecastMethod lv = BaselineMethods.calibrated(new LastValue(s), SPLIT, 3600, H, "lv");
        List<TrafficSample> rows = new ArrayList<>(s.samples());
        for (int r = SPLIT; r < ROWS; r++) {
            rows.set(r, new TrafficSample(rows.get(r).time(), false, new double[] {9e9, 9e9}));
        }
        ForecastMethod poisoned = BaselineMethods.calibrated(new LastValue(new TrafficSeries(PAIRS, rows)), SPLIT, 3600,
                H, "lv");
        double[][][] a = lv.forecast(SPLIT - 1, H);
        double[][][] b = poisoned.forecast(SPLIT - 1, H);
        for (int h = 0; h < H; h++) {
            assertArrayEquals(a[h][0], b[h][0], 0.0);
            assertArrayEquals(a[h][1], b[h][1], 0.0);
        }
    }

    @Test
    void predictionsCsvUsesTheInputLayoutAndUnits() {
        TrafficSeries s = series();
        Backtester bt = new Backtester(s, SPLIT, H);
        TrafficSeries back = TrafficCsvImporter.read(bt.predictionsCsv(fake(), 2));
        assertEquals(PAIRS, back.pairs());
        assertEquals(ROWS - SPLIT - 1, back.size());   // origins 11..18 have a target row inside the series
        for (int i = 0; i < back.size(); i++) {
            int origin = SPLIT - 1 + i;
            assertEquals(s.samples().get(origin + 2).time(), back.samples().get(i).time());
            assertArrayEquals(fake().forecast(origin, 2)[1][0], back.samples().get(i).ratesBps(), 1e-6);
        }
        String text = new String(bt.predictionsCsv(fake(), 1), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("time,n_demands_in_file,A->B,B->A\n20240101-1200,2,3,6\n"), text);
        assertThrows(IllegalArgumentException.class, () -> bt.predictionsCsv(fake(), H + 1));
        assertThrows(IllegalArgumentException.class, () -> new Backtester(s, 0, 1));
        assertEquals(Arrays.toString(new int[] {11, 12, 13, 14, 15, 16, 17, 18}), Arrays.toString(bt.origins()));
    }
}
