package io.twinloop.model;

/**
 * A traffic demand: an average rate that {@code src} sends to {@code dst}. This is one entry of a
 * traffic matrix and the unit of input to the routing kernel.
 *
 * @param src     name of the origin node
 * @param dst     name of the destination node (different from {@code src})
 * @param rateBps rate in bit/s, finite and {@code >= 0}
 */
public record Demand(String src, String dst, double rateBps) {

    /** Validates the endpoints and the rate. */
    public Demand {
        Checks.name("demand.src", src);
        Checks.name("demand.dst", dst);
        if (src.equals(dst)) {
            throw new InvalidNetworkException("demand[" + src + "->" + dst + "]",
                    "source and destination must differ");
        }
        if (!(rateBps >= 0) || rateBps == Double.POSITIVE_INFINITY) {
            Checks.nonNegative("demand", src + "->" + dst, ".rateBps", rateBps);
        }
    }

    /** This demand with its rate multiplied by {@code factor} (>= 0). */
    public Demand scaled(double factor) {
        return new Demand(src, dst, rateBps * factor);
    }
}
