package io.twinloop.forecast.baseline;

import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EwmaTest {
    static final List<OdPair> PAIRS = List.of(new OdPair("A", "B"), new OdPair("B", "A"));

    static TrafficSeries series(double[][] rows, boolean[] missing) {
        List<TrafficSample> samples = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            samples.add(new TrafficSample(String.format("20240101-%02d00", r), missing[r],
                    missing[r] ? new double[PAIRS.size()] : rows[r]));
        }
        return new TrafficSeries(PAIRS, samples);
    }

    @Test
    void levelMatchesAHandComputationAndSkipsMissingRows() {
        double[][] rows = {{10, 100}, {20, 50}, {0, 0}, {40, 150}, {30, 0}};
        boolean[] missing = {false, false, true, false, false};
        Ewma e = new Ewma(series(rows, missing), 0.5);
        // l0 = x0; l1 = 0.5*20 + 0.5*10 = 15; row 2 missing: unchanged; l3 = 0.5*40 + 0.5*15 = 27.5; l4 = 28.75
        assertArrayEquals(new double[] {10, 100}, e.forecast(0, 1), 1e-12);
        assertArrayEquals(new double[] {15, 75}, e.forecast(1, 3), 1e-12);
        assertArrayEquals(new double[] {15, 75}, e.forecast(2, 1), 1e-12);
        assertArrayEquals(new double[] {27.5, 112.5}, e.forecast(3, 1), 1e-12);
        assertArrayEquals(new double[] {28.75, 56.25}, e.forecast(4, 12), 1e-12);
        assertEquals(1, e.sourceRow(2, 1));
        assertEquals("ewma", e.method());
    }

    @Test
    void nothingBeforeTheFirstMeasurementIsForecast() {
        double[][] rows = {{0, 0}, {5, 6}};
        Ewma e = new Ewma(series(rows, new boolean[] {true, false}), 0.3);
        assertEquals(-1, e.sourceRow(0, 1));
        assertThrows(IllegalStateException.class, () -> e.forecast(0, 1));
        assertArrayEquals(new double[] {5, 6}, e.forecast(1, 1), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new Ewma(series(rows, new boolean[2]), 0));
        assertThrows(IllegalArgumentException.class, () -> new Ewma(series(rows, new boolean[2]), 1.5));
    }

    @Test
    void alphaIsFittedOnTheTrainingRowsOnly() {
        // Noise around a constant level: heavy smoothing wins; a random walk: alpha = 1 (last value) wins.
        int n = 60;
        double[][] noisy = new double[n][];
        double[][] walk = new double[n][];
        double level = 100;
        for (int r = 0; r < n; r++) {
            double wiggle = ((r * 37) % 11 - 5) * 2.0;
            noisy[r] = new double[] {100 + wiggle, 200 - wiggle};
            level += 10 + (r * 53) % 7; // a steady rise: any smoothing lags behind it
            walk[r] = new double[] {level + 1000, 2 * level + 1000};
        }
        boolean[] none = new boolean[n];
        double smooth = Ewma.fitAlpha(series(noisy, none), 40);
        double rough = Ewma.fitAlpha(series(walk, none), 40);
        assertEquals(true, smooth <= 0.2, "alpha for noise around a level: " + smooth);
        assertEquals(1.0, rough, 1e-12);
        // Hand check of the objective: the chosen alpha has the smallest sum of one-step errors over the grid.
        TrafficSeries s = series(noisy, none);
        double best = oneStepError(s, smooth, 40);
        for (double a : Ewma.ALPHA_GRID) {
            assertEquals(true, oneStepError(s, a, 40) >= best - 1e-9, "alpha " + a);
        }
        // Rows at or after the end do not change the fit; rows before it do.
        double[][] changedAfter = noisy.clone();
        for (int r = 40; r < n; r++) {
            changedAfter[r] = walk[r];
        }
        assertEquals(smooth, Ewma.fitAlpha(series(changedAfter, none), 40), 0.0);
        assertNotEquals(smooth, Ewma.fitAlpha(series(changedAfter, none), n));
    }

    private static double oneStepError(TrafficSeries s, double a, int end) {
        Ewma e = new Ewma(s, a);
        double err = 0;
        for (int t = 1; t < end; t++) {
            double[] f = e.forecast(t - 1, 1);
            for (int p = 0; p < f.length; p++) {
                err += Math.abs(s.samples().get(t).rateBps(p) - f[p]);
            }
        }
        return err;
    }

    @Test
    void ewmaCanBeAskedForAndSeasonalNaiveUsesAWeekWhenTheHistoryCoversMoreThanAWeek() {
        TrafficSeries s = BaselineForecasterTest.hourly(72, r -> false);
        ForecastResult r = BaselineForecaster.forecast(BaselineForecasterTest.history(s, 0, 3600), BaselineMethod.EWMA,
                2, List.of(0.5));
        assertEquals("ewma", r.method());
        Ewma fitted = Ewma.fit(s, s.size());
        double[] p50 = ResidualQuantiles.calibrate(fitted, 71, 48).apply(fitted.forecast(71, 2), 0.5);
        assertArrayEquals(p50, r.steps().get(1).quantiles().get(0).ratesBps(), 0.0);
        assertEquals(BaselineMethod.EWMA, BaselineMethod.byName("ewma").orElseThrow());

        assertEquals(288, BaselineForecaster.seasonRows(300, 2016));      // exactly one week: daily
        assertEquals(2016, BaselineForecaster.seasonRows(300, 2017));     // more than a week: weekly
        assertEquals(24, BaselineForecaster.seasonRows(3600, 100));
        assertEquals(0, BaselineForecaster.seasonRows(86_400, 100));
        TrafficSeries weeks = BaselineForecasterTest.hourly(8 * 24, t -> false);
        ForecastResult w = BaselineForecaster.forecast(BaselineForecasterTest.history(weeks, 0, 3600), null, 1,
                List.of(0.5));
        assertEquals("seasonal-naive", w.method());
        // the p50 of row 192 is built on row 192 - 168 (one week earlier), not on row 168 (one day earlier)
        double[] weekly = ResidualQuantiles.calibrate(new SeasonalNaive(weeks, 168), 191, 48)
                .apply(weeks.samples().get(192 - 168).ratesBps(), 0.5);
        double[] daily = ResidualQuantiles.calibrate(new SeasonalNaive(weeks, 24), 191, 48)
                .apply(weeks.samples().get(192 - 24).ratesBps(), 0.5);
        assertArrayEquals(weekly, w.steps().get(0).quantiles().get(0).ratesBps(), 0.0);
        assertNotEquals(weekly[0], daily[0]);
    }
}
