package io.twinloop.model.telemetry;

/**
 * One rate of one counter as an object: the average over {@code (startTime, endTime]}, stamped
 * with {@code endTime} (the later sample's time). Times are in the converter's unit since the epoch.
 *
 * @param key       the counter
 * @param startTime the earlier sample's time
 * @param endTime   the later sample's time, {@code > startTime}
 * @param rate      bit/s (octet counters) or packet/s (packet counters)
 */
public record RateInterval(CounterKey key, long startTime, long endTime, double rate) {

    /** Checks that the interval is not empty and the rate finite and non-negative. */
    public RateInterval {
        if (endTime <= startTime) {
            throw new io.twinloop.model.InvalidNetworkException("rate[" + key + "].endTime",
                    "must be after startTime " + startTime + ", got " + endTime);
        }
        if (!(rate >= 0) || rate == Double.POSITIVE_INFINITY) {
            throw new io.twinloop.model.InvalidNetworkException("rate[" + key + "].rate",
                    "must be finite and >= 0, got " + rate);
        }
    }
}
