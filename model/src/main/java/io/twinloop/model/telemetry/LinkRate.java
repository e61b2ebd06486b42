package io.twinloop.model.telemetry;

/**
 * The rate of a directed link made from its two ends, with its data quality (see
 * {@link LinkRateReconciler}).
 *
 * @param linkId        the link
 * @param rateBps       the link's rate in bit/s; NaN when neither end reported
 * @param used          which end's counter the rate comes from
 * @param disagreement  {@code |a - b| / max(a, b)} of the two ends' rates, 0 when both are 0, NaN
 *                      unless both reported; 0.05 means the ends differ by 5 % of the larger
 * @param lastSampleAge the clock minus the last accepted sample time of the used end's counter, in
 *                      the converter's time unit; -1 when unknown
 * @param resets        resets seen so far on the two ends' counters together (marked and unmarked)
 */
public record LinkRate(String linkId, double rateBps, End used, double disagreement, long lastSampleAge, long resets) {

    /** Which end of a link a rate was taken from. */
    public enum End {
        /** The out-octets counter of the link's source interface. */
        SOURCE_OUT,
        /** The in-octets counter of the link's destination interface. */
        DESTINATION_IN,
        /** Neither end reported. */
        NONE
    }
}
