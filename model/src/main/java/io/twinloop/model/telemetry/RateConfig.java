package io.twinloop.model.telemetry;

import io.twinloop.model.InvalidNetworkException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Settings of a {@link CounterRateConverter}.
 *
 * @param timeUnit      the unit of every time given to and returned by the converter (sample times,
 *                      the clock, rate stamps), counted since the epoch: usually
 *                      {@link TimeUnit#MILLISECONDS} or {@link TimeUnit#NANOSECONDS}
 * @param maxFutureSkew how far a sample may lie ahead of the converter's clock before it is refused
 *                      as {@link SampleOutcome#FUTURE}; not negative
 * @param maxRate       the plausibility ceiling per counter, in its rate unit (bit/s for octets,
 *                      packet/s for packets), e.g. the interface speed times 1.1; a rate above it is
 *                      refused ({@link SampleOutcome#ABSURD_RATE}) and a backward step that would
 *                      need it is not taken for a wrap. {@code +Infinity} means no ceiling. Asked
 *                      once per counter, when the converter first sees it.
 */
public record RateConfig(TimeUnit timeUnit, Duration maxFutureSkew, ToDoubleFunction<CounterKey> maxRate) {

    /** Validates the settings; bad ones raise {@link InvalidNetworkException} naming the field. */
    public RateConfig {
        if (timeUnit == null) {
            throw new InvalidNetworkException("rateConfig.timeUnit", "must not be null");
        }
        if (timeUnit.compareTo(TimeUnit.SECONDS) > 0) {
            throw new InvalidNetworkException("rateConfig.timeUnit", "must be SECONDS or finer, got " + timeUnit);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new InvalidNetworkException("rateConfig.maxFutureSkew", "must be a duration >= 0, got " + maxFutureSkew);
        }
        if (maxRate == null) {
            throw new InvalidNetworkException("rateConfig.maxRate", "must not be null (use key -> Double.POSITIVE_INFINITY)");
        }
    }

    /** Times in {@code timeUnit}, a future skew of 60 s and no rate ceiling. */
    public static RateConfig of(TimeUnit timeUnit) {
        return new RateConfig(timeUnit, Duration.ofSeconds(60), k -> Double.POSITIVE_INFINITY);
    }

    /** This configuration with another future skew. */
    public RateConfig withMaxFutureSkew(Duration skew) {
        return new RateConfig(timeUnit, skew, maxRate);
    }

    /** This configuration with another plausibility ceiling. */
    public RateConfig withMaxRate(ToDoubleFunction<CounterKey> ceiling) {
        return new RateConfig(timeUnit, maxFutureSkew, ceiling);
    }

    /** How many time units make one second. */
    long unitsPerSecond() {
        return timeUnit.convert(1, TimeUnit.SECONDS);
    }

    /** The skew in time units (saturating). */
    long skewUnits() {
        return timeUnit.convert(maxFutureSkew);
    }
}
