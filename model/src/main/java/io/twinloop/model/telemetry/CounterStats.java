package io.twinloop.model.telemetry;

/**
 * What a {@link CounterRateConverter} has seen of one counter (a snapshot). Times are in the
 * converter's unit since the epoch; {@link CounterRateConverter#NO_TIME} when there is none.
 *
 * @param key              the counter
 * @param accepted         samples that became the counter's state (baselines, rates, resets, absurd)
 * @param rates            rates produced (including across wraps)
 * @param wraps            rates produced across a counter wrap
 * @param resets           resets seen: changed discontinuity times plus unmarked backward steps
 * @param backwardUnmarked of those, backward steps without a discontinuity marker (bad input)
 * @param absurd           rates refused above the plausibility ceiling
 * @param duplicates       samples ignored for repeating the last accepted time
 * @param outOfOrder       samples ignored for being older than the last accepted one
 * @param future           samples ignored for being beyond the clock plus the allowed skew
 * @param lastSampleTime   time of the last accepted sample
 * @param lastResetTime    time of the sample that revealed the last reset
 * @param lastRate         the last rate produced (bit/s or packet/s), NaN if none
 * @param lastValue        the last accepted counter value, an unsigned 64-bit number
 *                         (print with {@link Long#toUnsignedString(long)})
 * @param width            the counter's width: as last declared, or inferred when declared unknown
 */
public record CounterStats(CounterKey key, long accepted, long rates, long wraps, long resets, long backwardUnmarked,
                           long absurd, long duplicates, long outOfOrder, long future, long lastSampleTime,
                           long lastResetTime, double lastRate, long lastValue, CounterWidth width) {
}
