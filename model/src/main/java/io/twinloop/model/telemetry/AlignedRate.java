package io.twinloop.model.telemetry;

/**
 * A counter's rate over one of the twin's intervals (see {@link RateAligner}). Times are in the
 * unit of the rates it was made from, since the epoch.
 *
 * @param bucketStart the interval's start, a multiple of its length ({@code [bucketStart, bucketEnd)})
 * @param bucketEnd   the interval's end
 * @param rate        the time-weighted average of the counter's rate over the covered part of the
 *                    interval: bit/s or packet/s
 * @param coverage    the covered fraction of the interval, in (0, 1]
 */
public record AlignedRate(long bucketStart, long bucketEnd, double rate, double coverage) {
}
