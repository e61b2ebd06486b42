package io.twinloop.model;

/**
 * A documented, deliberately simple power model for links, used by importers to fill
 * {@link Link#powerW()} and by the KPIs to add up the power of a network state.
 *
 * <p><b>Model.</b> A physical (bidirectional) link is two router ports, one at each end, each with
 * its share of the line card and its optics. The draw of a port is linear in the port's capacity,
 * {@code P0 + k x C} with {@code C} in Gbit/s: a fixed part (line-card share, control) plus a part
 * that grows with the rate (SerDes, optics, packet processing). This is the linear, capacity-driven
 * line-card model measured by J. Chabarek, J. Sommers, P. Barford, C. Estan, D. Tsiang, S. Wright,
 * "Power Awareness in Network Design and Routing", IEEE INFOCOM 2008, and used in most green
 * traffic-engineering work since. So a physical link up draws
 * <pre>  P_up(C) = 2 x (P0 + k x C_Gbps),   P0 = {@value #PORT_BASE_W} W,  k = {@value #PORT_W_PER_GBPS} W per Gbit/s</pre>
 * e.g. 60 W at 10 Gbit/s and 240 W at 100 Gbit/s, the order of magnitude of vendor datasheets
 * for a port plus pluggable optics. The constants are assumptions, not measurements of a
 * particular device; change them here if you have better numbers.
 *
 * <p><b>Directed links.</b> The model stores directed links, two per physical link, so each
 * directed link is given <em>half</em> of {@code P_up}: {@link #directedLinkPowerW(double)} =
 * {@code P0 + k x C}. Summing over directed links then counts every physical link once.
 *
 * <p><b>States.</b> A link draws its full power when its administrative and operational states are
 * both UP, {@value #SLEEP_FRACTION} of it when either is {@link LinkState#SLEEP} (and none is DOWN),
 * and 0 when either is {@link LinkState#DOWN}.
 */
public final class PowerModel {

    /** Fixed draw of one port (line-card share and idle optics), W. */
    public static final double PORT_BASE_W = 20.0;
    /** Capacity-proportional draw of one port, W per Gbit/s. */
    public static final double PORT_W_PER_GBPS = 1.0;
    /** Fraction of its power that a sleeping link draws. */
    public static final double SLEEP_FRACTION = 0.10;

    private PowerModel() {
    }

    /** {@code P_up(C) = 2 (P0 + k C_Gbps)}: a physical link with two ports, in W. */
    public static double physicalLinkPowerW(double capacityBps) {
        return 2 * directedLinkPowerW(capacityBps);
    }

    /** One direction's share of a physical link, {@code P0 + k C_Gbps}, in W. */
    public static double directedLinkPowerW(double capacityBps) {
        Checks.nonNegative("capacityBps", capacityBps);
        return PORT_BASE_W + PORT_W_PER_GBPS * capacityBps / 1e9;
    }

    /** The factor a link's up-power is multiplied with in {@code state}: 1, {@value #SLEEP_FRACTION} or 0. */
    public static double stateFactor(LinkState adminState, LinkState operState) {
        if (adminState == LinkState.DOWN || operState == LinkState.DOWN) {
            return 0.0;
        }
        if (adminState == LinkState.SLEEP || operState == LinkState.SLEEP) {
            return SLEEP_FRACTION;
        }
        return 1.0;
    }

    /**
     * The power the link draws in its current states: {@link #stateFactor} x its up-power, where the
     * up-power is {@link Link#powerW()} when set (> 0) and {@link #directedLinkPowerW(double)} of its
     * capacity otherwise.
     */
    public static double powerW(Link link) {
        Checks.notNull("link", link);
        double up = link.powerW() > 0 ? link.powerW() : directedLinkPowerW(link.capacityBps());
        return stateFactor(link.adminState(), link.operState()) * up;
    }
}
