package io.twinloop.model.routing;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The key performance indicators of one routing of one network: how hot the links run, how much
 * traffic exceeds capacity, and how much could not be routed. Plans are compared on these numbers.
 *
 * <p>Definitions ({@code u(l) = load(l) / capacity(l)}):
 * <ul>
 *   <li>The utilisation statistics ({@code max}, {@code mean}, {@code p95}) are taken over the
 *       links with capacity {@code > 0} that are up; links with capacity 0 (unknown) have no
 *       meaningful utilisation and are excluded (they never make the statistics infinite). If no
 *       link qualifies the statistics are 0. {@code p95} is the nearest-rank 95th percentile: the
 *       {@code ceil(0.95 N)}-th smallest utilisation.</li>
 *   <li>{@code totalLoadBps} is the sum of all link loads (traffic x hops).</li>
 *   <li>{@code overloadedBps} is {@code sum over all links of max(0, load - capacity)}; a capacity-0
 *       link with load counts with its whole load. {@code linksOverloaded} counts the links with
 *       {@code load > capacity} (strictly).</li>
 *   <li>{@code unroutedBps} is copied from the {@link RoutingResult}.</li>
 * </ul>
 *
 * @param maxLinkUtilization  maximum link utilisation (MLU), a fraction (1.0 = full)
 * @param meanLinkUtilization mean link utilisation
 * @param p95LinkUtilization  95th percentile (nearest rank) of link utilisation
 * @param totalLoadBps        sum of link loads, bit/s
 * @param overloadedBps       sum of load above capacity, bit/s
 * @param unroutedBps         demand that could not be routed, bit/s
 * @param linksOverloaded     number of links with load above capacity
 */
public record Kpis(double maxLinkUtilization, double meanLinkUtilization, double p95LinkUtilization,
                   double totalLoadBps, double overloadedBps, double unroutedBps, int linksOverloaded) {

    /** Validates that every figure is finite and non-negative. */
    public Kpis {
        check("maxLinkUtilization", maxLinkUtilization);
        check("meanLinkUtilization", meanLinkUtilization);
        check("p95LinkUtilization", p95LinkUtilization);
        check("totalLoadBps", totalLoadBps);
        check("overloadedBps", overloadedBps);
        check("unroutedBps", unroutedBps);
        if (linksOverloaded < 0) {
            throw new InvalidNetworkException("kpis.linksOverloaded", "must be >= 0, got " + linksOverloaded);
        }
    }

    private static void check(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidNetworkException("kpis." + field, "must be finite and >= 0, got " + v);
        }
    }

    /** Computes the KPIs of routing {@code result} on {@code network}, with every link up. */
    public static Kpis of(Network network, RoutingResult result) {
        return of(network, result, new BitSet());
    }

    /**
     * Computes the KPIs, excluding administratively down links (as given to the router) from the
     * utilisation statistics.
     *
     * @throws InvalidNetworkException if the result does not have one load per link of the network
     */
    public static Kpis of(Network network, RoutingResult result, BitSet downLinks) {
        if (network == null || result == null) {
            throw new InvalidNetworkException(network == null ? "network" : "result", "must not be null");
        }
        List<Link> links = network.links();
        if (result.linkCount() != links.size()) {
            throw new InvalidNetworkException("result.loadBps", "has " + result.linkCount()
                    + " entries but network '" + network.name() + "' has " + links.size() + " links");
        }
        BitSet down = downLinks == null ? new BitSet() : downLinks;
        double[] util = new double[links.size()];
        int count = 0;
        double total = 0;
        double over = 0;
        int overloaded = 0;
        for (int i = 0; i < links.size(); i++) {
            double load = result.load(i);
            double cap = links.get(i).capacityBps();
            total += load;
            if (load > cap) {
                over += load - cap;
                overloaded++;
            }
            if (cap > 0 && !down.get(i)) {
                util[count++] = load / cap;
            }
        }
        double max = 0;
        double mean = 0;
        double p95 = 0;
        if (count > 0) {
            double[] u = Arrays.copyOf(util, count);
            Arrays.sort(u);
            max = u[count - 1];
            double sum = 0;
            for (double x : u) {
                sum += x;
            }
            mean = sum / count;
            int rank = (int) ((95L * count + 99) / 100); // ceil(0.95 N) in exact integer arithmetic
            p95 = u[Math.max(0, rank - 1)];
        }
        return new Kpis(max, mean, p95, total, over, result.unroutedBps(), overloaded);
    }
}
