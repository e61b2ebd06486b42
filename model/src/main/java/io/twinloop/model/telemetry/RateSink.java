package io.twinloop.model.telemetry;

/**
 * Receives the rates of a {@link CounterRateConverter}, one call per counter sample that produced
 * a rate. Primitive arguments so that the converter allocates nothing per sample; a sink that needs
 * objects builds {@link RateInterval}s itself.
 */
@FunctionalInterface
public interface RateSink {

    /**
     * One rate: the counter's average over {@code (startTime, endTime]}.
     *
     * @param key       the counter
     * @param startTime the previous accepted sample's time, in the converter's time unit since the epoch
     * @param endTime   this sample's time (the rate's stamp), same unit
     * @param rate      bit/s for octet counters, packet/s for packet counters; finite and {@code >= 0}
     */
    void rate(CounterKey key, long startTime, long endTime, double rate);
}
