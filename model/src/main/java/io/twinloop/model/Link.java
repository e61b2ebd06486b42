package io.twinloop.model;

/**
 * A directed link (one direction of a physical or logical adjacency). Undirected adjacencies from
 * topology files are imported as two {@code Link}s, one per direction, each with the full
 * capacity, because IGP routing and link load are per direction.
 *
 * <p>Parallel links between the same two nodes are allowed (they are told apart by {@code id});
 * self-loops are not, because they can never carry routed traffic.
 *
 * @param id          unique, non-blank link id within the network
 * @param src         name of the tail node
 * @param dst         name of the head node (different from {@code src})
 * @param capacityBps capacity in bit/s, finite and {@code >= 0}; 0 means "unknown / no capacity"
 * @param igpWeight   IGP metric (OSPF/IS-IS cost), finite and {@code > 0}
 * @param latencyMs   one-way latency in milliseconds, {@code >= 0}, or {@code NaN} when unknown
 * @param powerW      power draw attributed to the link in watts, finite and {@code >= 0} (0 when not modelled)
 */
public record Link(String id, String src, String dst, double capacityBps, double igpWeight, double latencyMs,
                   double powerW) {

    /** Validates every component; violations are {@link InvalidNetworkException}s naming the link. */
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
    }

    /** A link with unknown latency ({@code NaN}) and no power model (0 W). */
    public Link(String id, String src, String dst, double capacityBps, double igpWeight) {
        this(id, src, dst, capacityBps, igpWeight, Double.NaN, 0.0);
    }

    /** This link with another IGP weight. */
    public Link withIgpWeight(double weight) {
        return new Link(id, src, dst, capacityBps, weight, latencyMs, powerW);
    }

    /** This link with another capacity. */
    public Link withCapacityBps(double capacity) {
        return new Link(id, src, dst, capacity, igpWeight, latencyMs, powerW);
    }

    /** Whether the latency is known. */
    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }
}
