package io.twinloop.twin.telemetry;

/**
 * One telemetry sample of one link.
 *
 * @param timeUnixMs sample time, ms since the Unix epoch
 * @param linkId     link id
 * @param rateBps    measured rate, bit/s
 * @param dropsPps   dropped packets per second
 * @param operState  observed operational state (UNSPECIFIED = not reported)
 */
public record LinkSample(long timeUnixMs, String linkId, double rateBps, double dropsPps, OperState operState) {
}
