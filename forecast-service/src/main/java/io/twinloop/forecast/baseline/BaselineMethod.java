package io.twinloop.forecast.baseline;

import java.util.Arrays;
import java.util.Optional;

/** The baselines every network can be forecast with, by the names clients use. */
public enum BaselineMethod {
    /**
     * {@link SeasonalNaive} with a season of one day, or one week when the history covers more than
     * a week (see {@link BaselineForecaster#seasonRows(int, int)}).
     */
    SEASONAL_NAIVE(SeasonalNaive.METHOD),
    /** {@link LastValue}. */
    LAST_VALUE(LastValue.METHOD),
    /** {@link Ewma}, its smoothing factor fitted on the history. */
    EWMA(Ewma.METHOD);

    private final String methodName;

    BaselineMethod(String methodName) {
        this.methodName = methodName;
    }

    /** The name in requests and responses, e.g. {@code seasonal-naive}. */
    public String methodName() {
        return methodName;
    }

    /** The baseline called {@code name}, if any. */
    public static Optional<BaselineMethod> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.methodName.equals(name)).findFirst();
    }
}
