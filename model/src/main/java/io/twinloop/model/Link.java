package io.twinloop.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A directed link (one direction of a physical or logical adjacency). Undirected adjacencies from
 * topology files are imported as two {@code Link}s, one per direction, each with the full
 * capacity, because IGP routing and link load are per direction.
 *
 * <p>Parallel links between the same two nodes are allowed (they are told apart by {@code id});
 * self-loops are not, because they can never carry routed traffic.
 *
 * <p>A link carries traffic only when both its administrative and its operational state are
 * {@link LinkState#UP} ({@link #carriesTraffic()}); the router treats every other link as down.
 * Shared risk link groups ({@code srlgs}) name the conduits, ducts or line systems the link shares
 * with others: one cut takes down every link of the group, which is what SRLG failure sweeps model.
 *
 * <p>JSON (Jackson) compatibility: documents written before the last three components existed have
 * no {@code srlgs}, {@code adminState} or {@code operState}; Jackson passes {@code null} for them,
 * and the compact constructor turns that into "no SRLGs, UP, UP", so old snapshots read back as
 * they were. The same holds for {@code srcEnd} and {@code dstEnd} (null is read as
 * {@link LinkEnd#NONE}); an unknown end is also left out when writing
 * ({@link LinkEnd.OmitUnknown}), so a link without interface data is written exactly as before.
 *
 * <p>Interfaces: {@code srcEnd} is the interface of node {@code src} that this link leaves from
 * (its out-octets are this link's traffic), {@code dstEnd} the interface of node {@code dst} it
 * arrives on (its in-octets). The two directed links of one cable have their ends swapped.
 * {@link InterfaceIndex} resolves {@code (device, interface)} and addresses to links; the
 * {@link Network} refuses two links leaving from (or arriving on) the same named interface.
 *
 * @param id          unique, non-blank link id within the network
 * @param src         name of the tail node
 * @param dst         name of the head node (different from {@code src})
 * @param capacityBps capacity in bit/s, finite and {@code >= 0}; 0 means "unknown / no capacity"
 * @param igpWeight   IGP metric (OSPF/IS-IS cost), finite and {@code > 0}
 * @param latencyMs   one-way latency in milliseconds, {@code >= 0}, or {@code NaN} when unknown
 * @param powerW      power draw attributed to the link when up, in watts, finite and {@code >= 0}
 *                    (0 when not modelled); see {@link PowerModel}
 * @param srlgs       names of the shared risk link groups of this link (non-blank, no duplicates;
 *                    null is read as empty)
 * @param adminState  administrative state (null is read as {@link LinkState#UP})
 * @param operState   operational state (null is read as {@link LinkState#UP})
 * @param srcEnd      interface and addresses at the source end (null is read as {@link LinkEnd#NONE})
 * @param dstEnd      interface and addresses at the destination end (null is read as {@link LinkEnd#NONE})
 */
public record Link(String id, String src, String dst, double capacityBps, double igpWeight, double latencyMs,
                   double powerW, List<String> srlgs, LinkState adminState, LinkState operState,
                   @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = LinkEnd.OmitUnknown.class)
                   LinkEnd srcEnd,
                   @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = LinkEnd.OmitUnknown.class)
                   LinkEnd dstEnd) {

    /** Validates every component and normalises nulls (see the class comment). */
    public Link {
        Checks.name("link.id", id);
        Checks.name("links", id, ".src", src);
        Checks.name("links", id, ".dst", dst);
        if (src.equals(dst)) {
            throw new InvalidNetworkException("links[" + id + "]", "self-loop at node '" + src + "' is not allowed");
        }
        Checks.nonNegative("links", id, ".capacityBps", capacityBps);
        Checks.positive("links", id, ".igpWeight", igpWeight);
        if (!Double.isNaN(latencyMs)) {
            Checks.nonNegative("links", id, ".latencyMs", latencyMs);
        }
        Checks.nonNegative("links", id, ".powerW", powerW);
        if (srlgs == null || srlgs.isEmpty()) {
            srlgs = List.of();
        } else {
            for (int i = 0; i < srlgs.size(); i++) {
                String g = srlgs.get(i);
                Checks.name("links", id, ".srlgs[" + i + "]", g);
                if (srlgs.indexOf(g) != i) {
                    throw new InvalidNetworkException("links[" + id + "].srlgs[" + i + "]", "duplicate SRLG '" + g + "'");
                }
            }
            srlgs = List.copyOf(srlgs);
        }
        adminState = adminState == null ? LinkState.UP : adminState;
        operState = operState == null ? LinkState.UP : operState;
        srcEnd = srcEnd == null ? LinkEnd.NONE : srcEnd;
        dstEnd = dstEnd == null ? LinkEnd.NONE : dstEnd;
    }

    /** A link without interface data ({@link LinkEnd#NONE} at both ends): the form before ends existed. */
    public Link(String id, String src, String dst, double capacityBps, double igpWeight, double latencyMs,
                double powerW, List<String> srlgs, LinkState adminState, LinkState operState) {
        this(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, srlgs, adminState, operState,
                LinkEnd.NONE, LinkEnd.NONE);
    }

    /** A link without SRLGs, administratively and operationally up. */
    public Link(String id, String src, String dst, double capacityBps, double igpWeight, double latencyMs,
                double powerW) {
        this(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, List.of(), LinkState.UP, LinkState.UP);
    }

    /** A link with unknown latency ({@code NaN}), no power model (0 W), no SRLGs, up. */
    public Link(String id, String src, String dst, double capacityBps, double igpWeight) {
        this(id, src, dst, capacityBps, igpWeight, Double.NaN, 0.0);
    }

    /** This link with another IGP weight. */
    public Link withIgpWeight(double weight) {
        return new Link(id, src, dst, capacityBps, weight, latencyMs, powerW, srlgs, adminState, operState, srcEnd, dstEnd);
    }

    /** This link with another capacity. */
    public Link withCapacityBps(double capacity) {
        return new Link(id, src, dst, capacity, igpWeight, latencyMs, powerW, srlgs, adminState, operState, srcEnd, dstEnd);
    }

    /** This link with another latency ({@code NaN} = unknown). */
    public Link withLatencyMs(double latency) {
        return new Link(id, src, dst, capacityBps, igpWeight, latency, powerW, srlgs, adminState, operState, srcEnd, dstEnd);
    }

    /** This link with another power draw (when up). */
    public Link withPowerW(double power) {
        return new Link(id, src, dst, capacityBps, igpWeight, latencyMs, power, srlgs, adminState, operState, srcEnd, dstEnd);
    }

    /** This link with other shared risk link groups. */
    public Link withSrlgs(List<String> groups) {
        return new Link(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, groups, adminState, operState, srcEnd, dstEnd);
    }

    /** This link with another administrative state. */
    public Link withAdminState(LinkState state) {
        return new Link(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, srlgs,
                Checks.notNull("links[" + id + "].adminState", state), operState, srcEnd, dstEnd);
    }

    /** This link with another operational state. */
    public Link withOperState(LinkState state) {
        return new Link(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, srlgs, adminState,
                Checks.notNull("links[" + id + "].operState", state), srcEnd, dstEnd);
    }

    /** This link with other interface data at its two ends (null is read as {@link LinkEnd#NONE}). */
    public Link withEnds(LinkEnd source, LinkEnd destination) {
        return new Link(id, src, dst, capacityBps, igpWeight, latencyMs, powerW, srlgs, adminState, operState,
                source, destination);
    }

    /** Whether the latency is known. */
    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }

    /** Whether the link carries traffic: administratively and operationally {@link LinkState#UP}. */
    public boolean carriesTraffic() {
        return adminState == LinkState.UP && operState == LinkState.UP;
    }
}
