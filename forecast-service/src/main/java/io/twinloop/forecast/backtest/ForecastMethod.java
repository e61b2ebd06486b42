package io.twinloop.forecast.backtest;

/**
 * A forecasting method bound to one series, as the {@link Backtester} replays it.
 *
 * <p>Contract: {@link #forecast(int, int)} reads only rows {@code <= origin} of the series.
 */
public interface ForecastMethod {

    /** Name in reports, e.g. {@code seasonal-naive}. */
    String name();

    /** Whether {@link #forecast} returns a p90 (otherwise its p90 entries are NaN). */
    boolean hasP90();

    /**
     * The forecasts of every OD pair for rows {@code origin + 1 .. origin + horizon}, in bit/s:
     * {@code [h - 1][q][pair]}, {@code q = 0} the p50 (point forecast), {@code q = 1} the p90.
     */
    double[][][] forecast(int origin, int horizon);

    /** A method's name without its parameters: {@code ewma(a=0.85)} is {@code ewma}. */
    static String baseName(String method) {
        int paren = method.indexOf('(');
        return paren < 0 ? method : method.substring(0, paren);
    }
}
