package io.twinloop.model.telemetry;

/**
 * Makes one rate per directed link out of its two ends for the same interval: {@code a}, the
 * out-octets rate of the source end, and {@code b}, the in-octets rate of the destination end.
 *
 * <p><b>Rule.</b> The link's rate is {@code a} when the source end reported, else {@code b}. The
 * source's out-octets count what was put on the link; the far end's in-octets leave out frames it
 * discarded (CRC and other input errors), and the twin's link load is the source's egress load.
 * The quality signal is the relative disagreement {@code |a - b| / max(a, b)} (0 when both are 0;
 * NaN unless both reported), the age of the used end's last sample and the resets seen on both
 * ends: a large disagreement means a counter is wrong, an interval misaligned or the link lossy.
 */
public final class LinkRateReconciler {

    private LinkRateReconciler() {
    }

    /**
     * @param linkId          the link
     * @param sourceOutBps    the source end's out-octets rate for the interval, bit/s; NaN if absent
     * @param destinationInBps the destination end's in-octets rate for the interval, bit/s; NaN if absent
     * @param sourceOut       the source counter's stats from its converter, or null if unknown
     * @param destinationIn   the destination counter's stats, or null if unknown
     * @param now             the clock, in the converter's time unit since the epoch
     */
    public static LinkRate reconcile(String linkId, double sourceOutBps, double destinationInBps, CounterStats sourceOut,
                                     CounterStats destinationIn, long now) {
        boolean hasA = !Double.isNaN(sourceOutBps);
        boolean hasB = !Double.isNaN(destinationInBps);
        LinkRate.End used = hasA ? LinkRate.End.SOURCE_OUT : hasB ? LinkRate.End.DESTINATION_IN : LinkRate.End.NONE;
        double rate = hasA ? sourceOutBps : destinationInBps;
        double disagreement = Double.NaN;
        if (hasA && hasB) {
            double max = Math.max(sourceOutBps, destinationInBps);
            disagreement = max == 0 ? 0 : Math.abs(sourceOutBps - destinationInBps) / max;
        }
        CounterStats usedStats = used == LinkRate.End.SOURCE_OUT ? sourceOut
                : used == LinkRate.End.DESTINATION_IN ? destinationIn : null;
        long age = usedStats == null || usedStats.lastSampleTime() == CounterRateConverter.NO_TIME ? -1
                : now - usedStats.lastSampleTime();
        long resets = (sourceOut == null ? 0 : sourceOut.resets()) + (destinationIn == null ? 0 : destinationIn.resets());
        return new LinkRate(linkId, rate, used, disagreement, age, resets);
    }
}
