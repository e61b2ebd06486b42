package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.PowerModel;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The key performance indicators of one routing of one network: how hot the links run, how much
 * traffic exceeds capacity or could not be routed, how long the traffic takes and how much power
 * the network draws. Plans are compared on these numbers.
 *
 * <p>Definitions ({@code u(l) = load(l) / capacity(l)}):
 * <ul>
 *   <li>The utilisation of a link is {@link #utilization(double, double)}: {@code load / capacity}, and for a
 *       link with capacity 0 (which imports refuse, but a plan or an older version may still have)
 *       {@code +Infinity} when it carries load, so that such a link is never hidden: it makes the MLU
 *       infinite and counts in {@code linksOverloaded}.</li>
 *   <li>The utilisation statistics ({@code max}, {@code mean}, {@code p95}) are taken over the
 *       links that are up (not in {@code downLinks} and {@link Link#carriesTraffic() carrying traffic}),
 *       except links with capacity 0 and no load (no meaningful utilisation). If no link qualifies the
 *       statistics are 0. {@code p95} is the nearest-rank 95th percentile: the {@code ceil(0.95 N)}-th
 *       smallest utilisation.</li>
 *   <li>{@code totalLoadBps} is the sum of all link loads (traffic x hops).</li>
 *   <li>{@code overloadedBps} is {@code sum over all links of max(0, load - capacity)}; a capacity-0
 *       link with load counts with its whole load. {@code linksOverloaded} counts the links with
 *       {@code load > capacity} (strictly).</li>
 *   <li>{@code unroutedBps} is copied from the {@link RoutingResult}.</li>
 *   <li>{@code lossBps} = {@code overloadedBps + unroutedBps}: the traffic that cannot be carried,
 *       an estimate (a flow crossing two overloaded links counts twice, so it errs high).</li>
 *   <li>{@code powerW} = sum over links of {@link PowerModel#powerW(Link)}: by each link's
 *       administrative and operational state (UP full, SLEEP 10 %, DOWN 0). Links that are down only
 *       in {@code downLinks} (simulated failures) keep the power of their state: a cut fibre does
 *       not switch the ports off.</li>
 *   <li>{@code meanLatencyMs}, {@code p95LatencyMs}: end-to-end one-way latency of the demands,
 *       weighted by their routed rate; {@code p95} is the weighted nearest rank (the smallest
 *       latency below which at least 95 % of the routed traffic lies). The latency of a link is
 *       propagation ({@link Link#latencyMs()}) plus queueing and transmission of an M/M/1 queue,
 *       {@code S / (C - lambda)} seconds for mean packet size {@code S} = {@value #MEAN_PACKET_BITS}
 *       bits, capacity {@code C} and load {@code lambda} in bit/s (L. Kleinrock, "Queueing Systems,
 *       Volume II: Computer Applications", Wiley 1976, ch. 5, the delay model of a network of
 *       independent M/M/1 links). At or above saturation the formula has no steady state, so the
 *       utilisation is capped: {@code S / (C (1 - min(lambda / C, }{@value #MAX_QUEUE_UTILIZATION}{@code )))};
 *       the excess is what {@code lossBps} counts. The latency of a demand under ECMP is the
 *       split-weighted expectation over its paths (see {@link EcmpRouter#demandLatenciesMs}).</li>
 *   <li>{@code latencyPartial} is true when some loaded link has an unknown latency ({@code NaN},
 *       counted as 0 propagation) or no capacity (counted as 0 queueing): the latency figures are
 *       then lower bounds.</li>
 * </ul>
 * The latency figures need the demands, so only {@link #of(EcmpRouter, List, RoutingResult)}
 * computes them; the forms without demands leave them {@code NaN}. When no traffic is routed
 * they are 0.
 *
 * <p>{@code churn} (how many changes a plan makes) is a property of the plan, not of a routing,
 * and is not computed here.
 *
 * @param maxLinkUtilization  maximum link utilisation (MLU), a fraction (1.0 = full)
 * @param meanLinkUtilization mean link utilisation
 * @param p95LinkUtilization  95th percentile (nearest rank) of link utilisation
 * @param totalLoadBps        sum of link loads, bit/s
 * @param overloadedBps       sum of load above capacity, bit/s
 * @param unroutedBps         demand that could not be routed, bit/s
 * @param linksOverloaded     number of links with load above capacity
 * @param meanLatencyMs       traffic-weighted mean end-to-end latency, ms ({@code NaN} = not computed)
 * @param p95LatencyMs        traffic-weighted 95th percentile of end-to-end latency, ms ({@code NaN} = not computed)
 * @param latencyPartial      whether the latency figures miss unknown propagation or queueing delays
 * @param lossBps             estimated loss: overload plus unrouted, bit/s
 * @param powerW              total power draw of the links in their states, W
 */
public record Kpis(double maxLinkUtilization, double meanLinkUtilization, double p95LinkUtilization,
                   double totalLoadBps, double overloadedBps, double unroutedBps, int linksOverloaded,
                   double meanLatencyMs, double p95LatencyMs, boolean latencyPartial, double lossBps,
                   double powerW) {

    /** Mean packet size of the queueing model, bits (1000 bytes). */
    public static final double MEAN_PACKET_BITS = 8000.0;
    /** Utilisation cap of the queueing model at and above saturation. */
    public static final double MAX_QUEUE_UTILIZATION = 0.99;

    /**
     * Validates that every figure is finite and non-negative (the latencies may be {@code NaN}; the utilisations
     * may be {@code +Infinity}: a loaded link with capacity 0).
     */
    public Kpis {
        checkUtilization("maxLinkUtilization", maxLinkUtilization);
        checkUtilization("meanLinkUtilization", meanLinkUtilization);
        checkUtilization("p95LinkUtilization", p95LinkUtilization);
        check("totalLoadBps", totalLoadBps);
        check("overloadedBps", overloadedBps);
        check("unroutedBps", unroutedBps);
        if (linksOverloaded < 0) {
            throw new InvalidNetworkException("kpis.linksOverloaded", "must be >= 0, got " + linksOverloaded);
        }
        if (!Double.isNaN(meanLatencyMs)) {
            check("meanLatencyMs", meanLatencyMs);
        }
        if (!Double.isNaN(p95LatencyMs)) {
            check("p95LatencyMs", p95LatencyMs);
        }
        check("lossBps", lossBps);
        check("powerW", powerW);
    }

    /**
     * The original seven figures; latency not computed ({@code NaN}), loss = overload + unrouted,
     * power 0 (not modelled).
     */
    public Kpis(double maxLinkUtilization, double meanLinkUtilization, double p95LinkUtilization,
                double totalLoadBps, double overloadedBps, double unroutedBps, int linksOverloaded) {
        this(maxLinkUtilization, meanLinkUtilization, p95LinkUtilization, totalLoadBps, overloadedBps, unroutedBps,
                linksOverloaded, Double.NaN, Double.NaN, false, overloadedBps + unroutedBps, 0.0);
    }

    private static void checkUtilization(String field, double v) {
        if (!(v >= 0)) {
            throw new InvalidNetworkException("kpis." + field, "must be >= 0 (or +Infinity), got " + v);
        }
    }

    private static void check(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidNetworkException("kpis." + field, "must be finite and >= 0, got " + v);
        }
    }

    /** Computes the KPIs of routing {@code result} on {@code network} (latency not computed). */
    public static Kpis of(Network network, RoutingResult result) {
        return of(network, result, new BitSet());
    }

    /**
     * Computes the KPIs, excluding down links (as given to the router) and links that do not carry
     * traffic from the utilisation statistics. Latency is not computed ({@code NaN}): it needs the
     * demands, see {@link #of(EcmpRouter, List, RoutingResult)}.
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
        double power = 0;
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            double load = result.load(i);
            double cap = l.capacityBps();
            total += load;
            if (load > cap) {
                over += load - cap;
                overloaded++;
            }
            if ((cap > 0 || load > 0) && !down.get(i) && l.carriesTraffic()) {
                util[count++] = utilization(load, cap);
            }
            power += PowerModel.powerW(l);
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
        return new Kpis(max, mean, p95, total, over, result.unroutedBps(), overloaded, Double.NaN, Double.NaN, false,
                over + result.unroutedBps(), power);
    }

    /**
     * All KPIs including latency: {@code result} must be {@code router.route(demands)}.
     *
     * @throws InvalidNetworkException if the result does not fit the router's network or a demand
     *                                 names an unknown node
     */
    public static Kpis of(EcmpRouter router, List<Demand> demands, RoutingResult result) {
        if (router == null || demands == null) {
            throw new InvalidNetworkException(router == null ? "router" : "demands", "must not be null");
        }
        Network network = router.network();
        Kpis base = of(network, result, router.downLinks());
        List<Link> links = network.links();
        double[] delay = new double[links.size()];
        boolean partial = false;
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            double load = result.load(i);
            delay[i] = linkDelayMs(l, load);
            if (load > 0 && (!l.hasLatency() || !(l.capacityBps() > 0))) {
                partial = true;
            }
        }
        EcmpRouter.Latencies lat = router.latencies(demands, delay);
        double[] ms = lat.latencyMs();
        double[] w = lat.routedBps();
        int k = 0;
        double wsum = 0;
        double num = 0;
        double[] sorted = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            if (w[i] > 0 && !Double.isNaN(ms[i])) {
                sorted[k++] = ms[i];
                wsum += w[i];
                num += w[i] * ms[i];
            }
        }
        double mean = 0;
        double p95 = 0;
        if (wsum > 0) {
            mean = num / wsum;
            sorted = Arrays.copyOf(sorted, k);
            Arrays.sort(sorted);
            // weighted nearest rank: the smallest latency x with weight(latency <= x) >= 0.95 W,
            // found by binary search over the sorted latencies (no boxing for millions of demands)
            double need = 0.95 * wsum;
            int lo = 0;
            int hi = k - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                double x = sorted[mid];
                double acc = 0;
                for (int i = 0; i < ms.length; i++) {
                    if (w[i] > 0 && ms[i] <= x) {
                        acc += w[i];
                    }
                }
                if (acc >= need * (1 - 1e-12)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            p95 = sorted[lo];
        }
        return new Kpis(base.maxLinkUtilization, base.meanLinkUtilization, base.p95LinkUtilization, base.totalLoadBps,
                base.overloadedBps, base.unroutedBps, base.linksOverloaded, mean, p95, partial, base.lossBps,
                base.powerW);
    }

    /**
     * The utilisation of a link carrying {@code loadBps} with capacity {@code capacityBps}, a fraction:
     * {@code load / capacity}; with capacity 0, {@code +Infinity} when it carries any load (an overload
     * without bound) and 0 when it carries none. Every utilisation the services report is this one.
     */
    public static double utilization(double loadBps, double capacityBps) {
        if (capacityBps > 0) {
            return loadBps / capacityBps;
        }
        return loadBps > 0 ? Double.POSITIVE_INFINITY : 0.0;
    }

    /**
     * One link's delay in ms at load {@code loadBps}: propagation (0 when unknown) plus the M/M/1
     * queueing and transmission delay {@code S / (C (1 - min(lambda / C, 0.99)))} (0 when the
     * capacity is unknown).
     */
    public static double linkDelayMs(Link link, double loadBps) {
        double prop = link.hasLatency() ? link.latencyMs() : 0.0;
        double cap = link.capacityBps();
        if (!(cap > 0)) {
            return prop;
        }
        double rho = Math.min(Math.max(0.0, loadBps) / cap, MAX_QUEUE_UTILIZATION);
        return prop + MEAN_PACKET_BITS / (cap * (1 - rho)) * 1000.0;
    }
}
