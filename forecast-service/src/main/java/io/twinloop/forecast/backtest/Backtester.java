package io.twinloop.forecast.backtest;

import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays forecasting methods over the test part of a series (a rolling-origin evaluation, Tashman,
 * "Out-of-sample tests of forecasting accuracy", IJF 2000) and scores them per horizon.
 *
 * <p>Chronological split: rows {@code [0, splitRow)} are the training part, rows
 * {@code [splitRow, rows)} the test part. Every origin {@code o = splitRow - 1 .. rows - 2} is replayed
 * (the first one is the last training row, so the first test row is scored at h = 1); the forecast for
 * {@code o + h} is scored when that row is inside the series and measured (missing rows are never
 * scored). Methods must read only rows {@code <= o} ({@link ForecastMethod}); the backtester trains
 * nothing. A NaN point forecast counts as "no forecast" and is not scored.
 */
public final class Backtester {
    private final TrafficSeries series;
    private final int splitRow;
    private final int horizon;

    /**
     * @param series   the whole series
     * @param splitRow first test row, {@code 1 <= splitRow < rows}
     * @param horizon  steps scored, {@code >= 1}
     */
    public Backtester(TrafficSeries series, int splitRow, int horizon) {
        if (series == null) {
            throw new IllegalArgumentException("series is required");
        }
        if (splitRow < 1 || splitRow >= series.size()) {
            throw new IllegalArgumentException("splitRow must be in 1.." + (series.size() - 1) + ", got " + splitRow);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        this.series = series;
        this.splitRow = splitRow;
        this.horizon = horizon;
    }

    /** The forecast origins, in order. */
    public int[] origins() {
        int[] o = new int[series.size() - splitRow];
        for (int i = 0; i < o.length; i++) {
            o[i] = splitRow - 1 + i;
        }
        return o;
    }

    /** Largest OD value over the measured training rows, bit/s. */
    public double trainMaxBps() {
        double max = 0;
        for (int r = 0; r < splitRow; r++) {
            TrafficSample s = series.samples().get(r);
            if (!s.missing()) {
                for (int p = 0; p < s.pairCount(); p++) {
                    max = Math.max(max, s.rateBps(p));
                }
            }
        }
        return max;
    }

    /** Scores every method at every origin. */
    public BacktestReport run(List<ForecastMethod> methods) {
        double trainMax = trainMaxBps();
        int pairs = series.pairs().size();
        int[] origins = origins();
        List<BacktestReport.MethodResult> results = new ArrayList<>();
        for (ForecastMethod m : methods) {
            long[] n = new long[horizon];
            long[] nq = new long[horizon];
            long[] covered = new long[horizon];
            double[] abs = new double[horizon];
            double[] sq = new double[horizon];
            double[] truth = new double[horizon];
            for (int o : origins) {
                double[][][] f = null;
                for (int h = 1; h <= horizon; h++) {
                    int target = o + h;
                    if (target >= series.size() || series.samples().get(target).missing()) {
                        continue;
                    }
                    if (f == null) {
                        f = m.forecast(o, horizon);
                    }
                    TrafficSample actual = series.samples().get(target);
                    for (int p = 0; p < pairs; p++) {
                        double point = f[h - 1][0][p];
                        if (Double.isNaN(point)) {
                            continue;
                        }
                        double x = actual.rateBps(p);
                        double e = x - point;
                        abs[h - 1] += Math.abs(e);
                        sq[h - 1] += e * e;
                        truth[h - 1] += Math.abs(x);
                        n[h - 1]++;
                        double p90 = f[h - 1][1][p];
                        if (!Double.isNaN(p90)) {
                            nq[h - 1]++;
                            if (x <= p90) {
                                covered[h - 1]++;
                            }
                        }
                    }
                }
            }
            List<BacktestReport.HorizonMetrics> hs = new ArrayList<>();
            for (int h = 0; h < horizon; h++) {
                double mae = n[h] > 0 ? abs[h] / n[h] : Double.NaN;
                hs.add(new BacktestReport.HorizonMetrics(h + 1, n[h], mae, n[h] > 0 ? Math.sqrt(sq[h] / n[h]) : Double.NaN,
                        truth[h] > 0 ? abs[h] / truth[h] : Double.NaN, trainMax > 0 ? mae / trainMax : Double.NaN,
                        nq[h] > 0 ? (double) covered[h] / nq[h] : Double.NaN));
            }
            results.add(new BacktestReport.MethodResult(m.name(), hs));
        }
        return new BacktestReport(splitRow, series.size(), origins.length, trainMax, results);
    }

    /**
     * The p50 forecasts of {@code method} at horizon {@code h} as a traffic CSV in the input's layout
     * ({@link TrafficCsvImporter#write}: {@code time,n_demands_in_file,SRC->DST...}, values in Mbit/s):
     * one row per origin whose target row {@code o + h} is inside the series, labelled with that
     * target row's time (the predicted interval).
     */
    public byte[] predictionsCsv(ForecastMethod method, int h) {
        if (h < 1 || h > horizon) {
            throw new IllegalArgumentException("h must be in 1.." + horizon + ", got " + h);
        }
        List<TrafficSample> rows = new ArrayList<>();
        for (int o : origins()) {
            int target = o + h;
            if (target >= series.size()) {
                continue;
            }
            double[] p50 = method.forecast(o, h)[h - 1][0].clone();
            for (int p = 0; p < p50.length; p++) {
                if (Double.isNaN(p50[p])) {
                    p50[p] = 0;
                }
            }
            rows.add(new TrafficSample(series.samples().get(target).time(), false, p50));
        }
        return TrafficCsvImporter.write(new TrafficSeries(series.pairs(), rows));
    }

    /** Writes {@link #predictionsCsv} to {@code file}. */
    public void writePredictionsCsv(ForecastMethod method, int h, Path file) throws IOException {
        Files.write(file, predictionsCsv(method, h));
    }
}
