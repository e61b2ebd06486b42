package io.twinloop.forecast.baseline;

import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineForecasterTest {
    static final List<OdPair> PAIRS = List.of(new OdPair("A", "B"), new OdPair("B", "A"));

    /** Hourly rows from 2024-01-01 00:00 with a daily shape, a daily trend and a deterministic wiggle. */
    static TrafficSeries hourly(int rows, IntPredicate missing) {
        List<TrafficSample> samples = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            String time = String.format("202401%02d-%02d00", 1 + r / 24, r % 24);
            double[] rates = new double[PAIRS.size()];
            if (!missing.test(r)) {
                for (int p = 0; p < rates.length; p++) {
                    rates[p] = 1e6 * (p + 1) * (2 + Math.sin(2 * Math.PI * (r % 24) / 24.0)) * (1 + 0.05 * (r / 24))
                            + 1e4 * ((r * 7 + p * 3) % 11);
                }
            }
            samples.add(new TrafficSample(time, missing.test(r), rates));
        }
        return new TrafficSeries(PAIRS, samples);
    }

    static TrafficHistory history(TrafficSeries s, int firstRow, int step) {
        return new TrafficHistory("net", firstRow, firstRow + s.size() + 5, step, s);
    }

    static double[] row(TrafficSeries s, int r) {
        return s.samples().get(r).ratesBps();
    }

    @Test
    void seasonalNaiveStandsInForAMissingDayBeforeWithTheLastMeasuredRow() {
        TrafficSeries s = hourly(48, r -> r == 30 || r <= 2);
        SeasonalNaive f = new SeasonalNaive(s, 24);
        assertArrayEquals(row(s, 24 + 5), f.forecast(47, 6), 0.0);
        assertEquals(29, f.sourceRow(47, 7));          // row 30 is missing
        assertArrayEquals(row(s, 29), f.forecast(47, 7), 0.0);
        assertEquals(47 + 26 - 48, f.sourceRow(47, 26)); // beyond a day: two days back
        // Nothing measured at or before row 2: the first measured row after it, within the history.
        assertEquals(3, f.sourceRow(25, 1));
        assertEquals(-1, f.sourceRow(10, 1));          // less than a season before the origin
    }

    @Test
    void lastValueSkipsMissingRows() {
        TrafficSeries s = hourly(10, r -> r == 9 || r == 8);
        LastValue f = new LastValue(s);
        assertEquals(7, f.sourceRow(9, 1));
        assertArrayEquals(row(s, 7), f.forecast(9, 5), 0.0);
    }

    @Test
    void aShortHistoryFallsBackToLastValueAndPointQuantiles() {
        TrafficSeries s = hourly(10, r -> r == 9);
        ForecastResult r = BaselineForecaster.forecast(history(s, 100, 3600), null, 3, List.of(0.5, 0.9));
        assertEquals("last-value", r.method());
        assertTrue(r.fallbackReason().contains("less than one day"), r.fallbackReason());
        assertTrue(r.fallbackReason().contains("point forecast"), r.fallbackReason());
        assertEquals(109, r.historyEndRow());
        assertEquals("20240101-0900", r.historyEndTime());
        assertEquals(3, r.steps().size());
        assertEquals("20240101-1200", r.steps().get(2).time());
        for (ForecastResult.Step step : r.steps()) {
            for (ForecastResult.QuantileValues q : step.quantiles()) {
                assertArrayEquals(row(s, 8), q.ratesBps(), 0.0);
            }
        }
    }

    @Test
    void anUnknownStepFallsBackToLastValueWithoutTimes() {
        TrafficSeries s = hourly(72, r -> false);
        ForecastResult r = BaselineForecaster.forecast(history(s, 0, 0), null, 2, List.of(0.5));
        assertEquals("last-value", r.method());
        assertTrue(r.fallbackReason().contains("no regular step"), r.fallbackReason());
        assertEquals("", r.steps().get(0).time());
        assertEquals(0, r.stepSeconds());
    }

    @Test
    void seasonalNaiveServesWhenADayIsCoveredAndQuantilesAreMonotoneInRequestOrder() {
        TrafficSeries s = hourly(72, r -> r == 50);
        List<Double> qs = List.of(0.9, 0.1, 0.5);
        ForecastResult r = BaselineForecaster.forecast(history(s, 0, 3600), null, 24, qs);
        assertEquals("seasonal-naive", r.method());
        assertEquals("", r.fallbackReason());
        assertEquals(PAIRS, r.pairs());
        for (ForecastResult.Step step : r.steps()) {
            assertEquals(qs, step.quantiles().stream().map(ForecastResult.QuantileValues::quantile).toList());
            double[] p90 = step.quantiles().get(0).ratesBps();
            double[] p10 = step.quantiles().get(1).ratesBps();
            double[] p50 = step.quantiles().get(2).ratesBps();
            for (int p = 0; p < PAIRS.size(); p++) {
                assertTrue(p10[p] <= p50[p] && p50[p] <= p90[p], "step " + step.step() + " pair " + p);
            }
        }
        // The noise makes the residuals spread, so the band is not degenerate.
        double[] p90 = r.steps().get(0).quantiles().get(0).ratesBps();
        double[] p10 = r.steps().get(0).quantiles().get(1).ratesBps();
        assertTrue(p90[0] > p10[0]);
    }

    @Test
    void lastValueCanBeAskedFor() {
        TrafficSeries s = hourly(72, r -> false);
        ForecastResult r = BaselineForecaster.forecast(history(s, 0, 3600), BaselineMethod.LAST_VALUE, 1, List.of());
        assertEquals("last-value", r.method());
        assertEquals("", r.fallbackReason());
    }

    @Test
    void aHistoryWithoutMeasurementsIsRejected() {
        TrafficSeries s = new TrafficSeries(List.of(), List.of(new TrafficSample("20240101-0000", true, new double[0])));
        NoTrafficHistoryException e = assertThrows(NoTrafficHistoryException.class,
                () -> BaselineForecaster.forecast(history(s, 0, 3600), null, 1, List.of(0.5)));
        assertEquals("net", e.network());
    }

    @Test
    void historyLengthAndSeasonFollowTheStep() {
        assertEquals(2304, BaselineForecaster.historyRowsNeeded(300));
        assertEquals(192, BaselineForecaster.historyRowsNeeded(3600));
        assertEquals(10_000, BaselineForecaster.historyRowsNeeded(1));
        assertEquals(BaselineForecaster.UNKNOWN_STEP_HISTORY_ROWS, BaselineForecaster.historyRowsNeeded(0));
        assertEquals(288, BaselineForecaster.seasonRows(300));
        assertEquals(24, BaselineForecaster.seasonRows(3600));
        assertEquals(0, BaselineForecaster.seasonRows(86_400));  // daily samples: no sub-daily season
        assertEquals(0, BaselineForecaster.seasonRows(7));       // 7 s does not divide a day
        assertEquals(0, BaselineForecaster.seasonRows(0));
    }
}
