package io.twinloop.twin.telemetry;

/**
 * Why the twin rejects a telemetry sample; the first that applies is counted. A duplicate (a sample of a
 * link and time already stored) is not a rejection: it is dropped and counted apart.
 */
public enum Rejection {
    /** The link id is empty or not a link of the network's latest version. */
    UNKNOWN_LINK,
    /** The time is 0 or negative (ms since the Unix epoch). */
    TIME_NOT_POSITIVE,
    /** The rate is negative, NaN or infinite. */
    RATE_OUT_OF_RANGE,
    /** The drop rate is negative, NaN or infinite. */
    DROPS_OUT_OF_RANGE,
    /** The oper state is a value this twin does not know. */
    UNKNOWN_OPER_STATE;

    /** The reason for {@code s} on {@code network}, or null when the sample is valid. */
    static Rejection of(io.twinloop.model.Network network, LinkSample s) {
        if (s.linkId() == null || s.linkId().isEmpty() || network.linkIndex(s.linkId()) < 0) {
            return UNKNOWN_LINK;
        }
        if (s.timeUnixMs() <= 0) {
            return TIME_NOT_POSITIVE;
        }
        if (!Double.isFinite(s.rateBps()) || s.rateBps() < 0) {
            return RATE_OUT_OF_RANGE;
        }
        if (!Double.isFinite(s.dropsPps()) || s.dropsPps() < 0) {
            return DROPS_OUT_OF_RANGE;
        }
        return s.operState() == null ? UNKNOWN_OPER_STATE : null;
    }
}
