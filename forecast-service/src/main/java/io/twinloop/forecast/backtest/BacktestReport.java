package io.twinloop.forecast.backtest;

import java.util.List;

/**
 * What a {@link Backtester} measured.
 *
 * @param splitRow     first test row; rows before it are the training part
 * @param rows         rows of the series
 * @param origins      forecast origins replayed ({@code splitRow - 1 .. rows - 2})
 * @param trainMaxBps  largest OD value over the measured training rows (the normaliser of
 *                     {@link HorizonMetrics#normalisedMae()})
 * @param methods      one entry per method, in the order given
 */
public record BacktestReport(int splitRow, int rows, int origins, double trainMaxBps, List<MethodResult> methods) {

    /** Copies the list. */
    public BacktestReport {
        methods = List.copyOf(methods);
    }

    /** The result of the method called {@code name}. */
    public MethodResult method(String name) {
        return methods.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method '" + name + "' in the report"));
    }

    /**
     * @param name     method name
     * @param horizons metrics for h = 1..H, in order
     */
    public record MethodResult(String name, List<HorizonMetrics> horizons) {
        /** Copies the list. */
        public MethodResult {
            horizons = List.copyOf(horizons);
        }

        /** Metrics of horizon {@code h} (1-based). */
        public HorizonMetrics at(int h) {
            return horizons.get(h - 1);
        }
    }

    /**
     * Errors of one method at one horizon over every scored (target row, OD pair) value.
     *
     * @param h             steps ahead
     * @param count         scored values (measured target rows inside the series x OD pairs)
     * @param maeBps        mean absolute error, bit/s
     * @param rmseBps       root mean squared error, bit/s
     * @param nmae          {@code sum |error| / sum |truth|}
     * @param normalisedMae {@code maeBps / trainMaxBps}, the "normalised MAE" of the traffic-matrix
     *                      prediction literature (values scaled by the training maximum)
     * @param p90Coverage   share of truths {@code <= p90}; NaN when the method has no p90
     */
    public record HorizonMetrics(int h, long count, double maeBps, double rmseBps, double nmae, double normalisedMae,
                                 double p90Coverage) {
    }
}
