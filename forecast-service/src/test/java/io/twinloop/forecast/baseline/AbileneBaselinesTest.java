package io.twinloop.forecast.baseline;

import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baselines on the real Abilene week (2,016 five-minute matrices of 132 OD pairs, SNDlib's
 * conversion of Zhang's Abilene TMs).
 */
class AbileneBaselinesTest {
    static final String CSV = "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv";
    static final int DAY = 288;
    static TrafficSeries series;

    @BeforeAll
    static void load() {
        series = TrafficCsvImporter.read(SharedData.file(CSV));
        assertEquals(2016, series.size());
        assertEquals(132, series.pairs().size());
    }

    @Test
    void seasonalNaiveRepeatsTheValueOneDayEarlier() {
        SeasonalNaive f = new SeasonalNaive(series, DAY);
        int[][] originAndH = {{DAY - 1, 1}, {1000, 1}, {1000, 37}, {1500, DAY}, {2014, 1}, {2015, 100}};
        for (int[] c : originAndH) {
            int origin = c[0];
            int h = c[1];
            TrafficSample dayBefore = series.samples().get(origin + h - DAY);
            assertFalse(dayBefore.missing());
            assertArrayEquals(dayBefore.ratesBps(), f.forecast(origin, h), 0.0, "origin " + origin + " h " + h);
        }
        // Beyond one day the forecast repeats the latest day again: h = 300 reads two days back.
        assertArrayEquals(series.samples().get(1500 + 300 - 2 * DAY).ratesBps(), f.forecast(1500, 300), 0.0);
        // Rows 288 apart are really different, so the checks above are not vacuous.
        assertFalse(java.util.Arrays.equals(series.samples().get(1000).ratesBps(),
                series.samples().get(1000 - DAY).ratesBps()));
    }

    @Test
    void bothBaselinesHaveAFiniteErrorOnTheLastTwoDays() {
        double seasonal = nmae(new SeasonalNaive(series, DAY));
        double last = nmae(new LastValue(series));
        System.out.printf("Abilene last 2 days, horizon 1: NMAE seasonal-naive %.4f, last-value %.4f%n", seasonal, last);
        assertTrue(Double.isFinite(seasonal) && seasonal > 0, "seasonal-naive NMAE " + seasonal);
        assertTrue(Double.isFinite(last) && last > 0, "last-value NMAE " + last);
    }

    /** sum |error| / sum |actual| at horizon 1 over targets in the last two days. */
    private static double nmae(PointForecaster f) {
        double err = 0;
        double truth = 0;
        for (int t = series.size() - 2 * DAY; t < series.size(); t++) {
            double[] forecast = f.forecast(t - 1, 1);
            for (int p = 0; p < forecast.length; p++) {
                err += Math.abs(series.samples().get(t).rateBps(p) - forecast[p]);
                truth += Math.abs(series.samples().get(t).rateBps(p));
            }
        }
        return err / truth;
    }

    @Test
    void p90CoversAboutNineInTenActualsOnTheLastDay() {
        // Replays the service: for every origin of the last day, forecast the next row from the
        // history up to that origin only (quantiles calibrated on the two days before it).
        int covered = 0;
        int total = 0;
        for (int origin = series.size() - DAY - 1; origin < series.size() - 1; origin++) {
            TrafficSeries upTo = new TrafficSeries(series.pairs(), series.samples().subList(0, origin + 1));
            ForecastResult r = BaselineForecaster.forecast(new TrafficHistory("abilene", 0, series.size(), 300, upTo),
                    null, 1, List.of(0.5, 0.9));
            assertEquals("seasonal-naive", r.method());
            assertEquals("", r.fallbackReason());
            double[] p90 = r.steps().get(0).quantiles().get(1).ratesBps();
            TrafficSample actual = series.samples().get(origin + 1);
            for (int p = 0; p < p90.length; p++) {
                covered += actual.rateBps(p) <= p90[p] ? 1 : 0;
                total++;
            }
        }
        double coverage = (double) covered / total;
        System.out.printf("Abilene last day, horizon 1: p90 coverage %.4f over %d forecasts%n", coverage, total);
        assertTrue(coverage >= 0.70 && coverage <= 0.98, "p90 coverage " + coverage);
    }
}
