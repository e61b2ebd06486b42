package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Routes demands over a network with IGP shortest paths and per-hop equal-cost multi-path (ECMP)
 * splitting, and returns the resulting load on every link.
 *
 * <p><b>Definition.</b> Distances are sums of link {@link Link#igpWeight() IGP weights}. For a
 * destination {@code t}, the shortest-path next hops of a node {@code v} are all outgoing links
 * {@code l = (v -> u)} that are up and satisfy {@code dist(v, t) = w(l) + dist(u, t)}; parallel
 * links count separately. The traffic for {@code t} that is at {@code v} (originated there or
 * received) is split <em>equally</em> over those next hops, as a router with per-hop ECMP hashing
 * does on average. Demands whose source cannot reach their destination (including because of
 * {@code downLinks}) are not routed; they are reported in {@link RoutingResult#unroutedDemands()}.
 * Demands with rate 0 are ignored.
 *
 * <p><b>Algorithm.</b> Demands are grouped by destination, so each destination costs one Dijkstra
 * on the reversed graph ({@code O(m log m)}) plus one linear sweep: nodes are visited in
 * decreasing distance (the reverse of Dijkstra's settle order) and push their accumulated traffic
 * to their next hops, which are strictly closer. Total cost {@code O(d * m log m)} for {@code d}
 * destinations; a 1739-node, 8558-link network with a full demand matrix routes in about a
 * second. The kernel is hand-written on primitive arrays (no graph library, no boxing, no
 * per-path objects) because it is the inner loop of every what-if question and of weight
 * optimisation, which route the same network thousands of times.
 *
 * <p><b>Exact ties.</b> Equal-cost decisions must not depend on floating-point rounding: with
 * decimal weights (atlanta and newyork use {@code routingCost}s such as 67.8) two paths of equal
 * decimal cost can have different {@code double} sums ({@code 0.1 + 0.2 != 0.3}). Therefore, when
 * every weight has at most 9 digits after the decimal point (in its shortest decimal form, i.e. as
 * written in the source file) and every path sum fits, weights are scaled by {@code 10^k} for the
 * smallest such {@code k} to {@code long} integers and all distance comparisons are exact integer
 * comparisons ({@link #exactWeights()} is true; this covers all integral weights). Otherwise the
 * kernel falls back to {@code double} distances and treats a link as a next hop when
 * {@code |w(l) + dist(u) - dist(v)| <= 1e-10 * dist(v)} and {@code u} was settled before
 * {@code v}; the latter guard keeps the next-hop graph acyclic, so traffic is conserved in either
 * mode.
 *
 * <p>Instances are immutable and thread-safe; {@link #route(List)} allocates its scratch space per
 * call.
 */
public final class EcmpRouter {

    private static final long INF = Long.MAX_VALUE;
    private static final int MAX_DECIMALS = 9;
    private static final double MAX_PATH = 0x1p62;
    /** Relative tolerance of the floating-point fallback. */
    static final double FALLBACK_REL_EPS = 1e-10;

    private final Network network;
    private final BitSet down;
    private final int n;
    private final int m;
    private final int[] linkSrc;
    private final int[] linkDst;
    private final boolean exact;
    private final long[] weightLong; // exact mode: weights x 10^k
    private final double[] weightDouble; // fallback mode
    private final double weightScale;
    // CSR adjacency over up links: outgoing and incoming link indices per node
    private final int[] outStart;
    private final int[] outLinks;
    private final int[] inStart;
    private final int[] inLinks;

    /** A router for {@code network} with every link up. */
    public EcmpRouter(Network network) {
        this(network, new BitSet());
    }

    /**
     * A router for {@code network} in which the links whose indices are set in {@code downLinks}
     * (indices into {@code network.links()}, e.g. from {@code Plan.downLinks}) are administratively
     * down: they carry no traffic and are never next hops.
     *
     * @throws InvalidNetworkException if {@code network} is null or a down-link index is out of range
     */
    public EcmpRouter(Network network, BitSet downLinks) {
        if (network == null) {
            throw new InvalidNetworkException("network", "must not be null");
        }
        this.network = network;
        this.n = network.nodes().size();
        this.m = network.links().size();
        this.down = downLinks == null ? new BitSet() : (BitSet) downLinks.clone();
        if (this.down.length() > m) {
            throw new InvalidNetworkException("downLinks", "link index " + (this.down.length() - 1)
                    + " is out of range; the network has " + m + " links");
        }
        List<Link> links = network.links();
        linkSrc = new int[m];
        linkDst = new int[m];
        int[] outDeg = new int[n + 1];
        int[] inDeg = new int[n + 1];
        int maxDecimals = 0;
        double maxW = 0;
        for (int i = 0; i < m; i++) {
            Link l = links.get(i);
            linkSrc[i] = network.nodeIndex(l.src());
            linkDst[i] = network.nodeIndex(l.dst());
            if (!down.get(i)) {
                outDeg[linkSrc[i]]++;
                inDeg[linkDst[i]]++;
                maxW = Math.max(maxW, l.igpWeight());
                if (maxDecimals <= MAX_DECIMALS) {
                    maxDecimals = Math.max(maxDecimals, decimals(l.igpWeight()));
                }
            }
        }
        double pathBound = Math.max(1, n - 1);
        this.exact = maxDecimals <= MAX_DECIMALS && maxW * Math.pow(10, maxDecimals) * pathBound < MAX_PATH;
        this.weightLong = new long[m];
        this.weightDouble = new double[m];
        if (exact) {
            weightScale = Math.pow(10, maxDecimals);
            for (int i = 0; i < m; i++) {
                if (!down.get(i)) {
                    weightLong[i] = new BigDecimal(Double.toString(links.get(i).igpWeight()))
                            .movePointRight(maxDecimals).longValueExact();
                }
            }
        } else {
            weightScale = 1.0;
            for (int i = 0; i < m; i++) {
                weightDouble[i] = links.get(i).igpWeight();
            }
        }

        outStart = prefix(outDeg);
        inStart = prefix(inDeg);
        outLinks = new int[outStart[n]];
        inLinks = new int[inStart[n]];
        int[] oFill = Arrays.copyOf(outStart, n);
        int[] iFill = Arrays.copyOf(inStart, n);
        for (int i = 0; i < m; i++) {
            if (!down.get(i)) {
                outLinks[oFill[linkSrc[i]]++] = i;
                inLinks[iFill[linkDst[i]]++] = i;
            }
        }
    }

    private static int[] prefix(int[] deg) {
        int[] start = new int[deg.length];
        int acc = 0;
        for (int i = 0; i < deg.length - 1; i++) {
            start[i] = acc;
            acc += deg[i];
        }
        start[deg.length - 1] = acc;
        return start;
    }

    /** Number of digits after the decimal point in the shortest decimal form of {@code w}. */
    private static int decimals(double w) {
        BigDecimal d = new BigDecimal(Double.toString(w)).stripTrailingZeros();
        return Math.max(0, d.scale());
    }

    /** The network this router routes over. */
    public Network network() {
        return network;
    }

    /** A copy of the down links (indices into {@code network().links()}). */
    public BitSet downLinks() {
        return (BitSet) down.clone();
    }

    /**
     * Whether equal-cost decisions are exact integer comparisons for this network's weights (true
     * for integral weights and for decimals with at most 9 digits after the point); otherwise the
     * documented floating-point fallback is used.
     */
    public boolean exactWeights() {
        return exact;
    }

    /**
     * Shortest IGP distance from every node (by index) to {@code dst}, in weight units, over up
     * links; {@code +Infinity} where {@code dst} is unreachable.
     *
     * @throws InvalidNetworkException if {@code dst} is not a node
     */
    public double[] distancesTo(String dst) {
        int t = nodeIndex(dst, "dst");
        Scratch s = new Scratch();
        dijkstra(t, s);
        double[] out = new double[n];
        for (int v = 0; v < n; v++) {
            if (exact) {
                out[v] = s.distL[v] == INF ? Double.POSITIVE_INFINITY : s.distL[v] / weightScale;
            } else {
                out[v] = s.distD[v];
            }
        }
        return out;
    }

    /** Per-call working arrays. */
    private final class Scratch {
        final long[] distL = exact ? new long[n] : null;
        final double[] distD = exact ? null : new double[n];
        final int[] order = new int[n];
        final int[] rank = new int[n];
        final boolean[] done = new boolean[n];
        final long[] heapL = exact ? new long[inLinks.length + 1] : null;
        final double[] heapD = exact ? null : new double[inLinks.length + 1];
        final int[] heapNode = new int[inLinks.length + 1];
        int settled;

        boolean reachable(int v) {
            return exact ? distL[v] != INF : distD[v] != Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Routes {@code demands} and returns the load on every link.
     *
     * @param demands demands between nodes of the network (any order; repeated pairs add up)
     * @return per-link loads in bit/s (indexed like {@code network().links()}), plus the demands that
     *         could not be routed, in input order
     * @throws InvalidNetworkException if {@code demands} is null or names a node that is not in the network
     */
    public RoutingResult route(List<Demand> demands) {
        if (demands == null) {
            throw new InvalidNetworkException("demands", "must not be null");
        }
        int k = demands.size();
        int[] dSrc = new int[k];
        int[] dDst = new int[k];
        double[] rate = new double[k];
        int[] perDst = new int[n + 1];
        for (int i = 0; i < k; i++) {
            Demand d = demands.get(i);
            if (d == null) {
                throw new InvalidNetworkException("demands[" + i + "]", "must not be null");
            }
            dSrc[i] = nodeIndex(d.src(), "demands[" + i + "].src");
            dDst[i] = nodeIndex(d.dst(), "demands[" + i + "].dst");
            rate[i] = d.rateBps();
            if (rate[i] > 0) {
                perDst[dDst[i]]++;
            }
        }
        // bucket the demands with a positive rate by destination (counting sort)
        int[] start = prefix(perDst);
        int[] byDst = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < k; i++) {
            if (rate[i] > 0) {
                byDst[fill[dDst[i]]++] = i;
            }
        }

        double[] load = new double[m];
        double[] flow = new double[n];
        Scratch s = new Scratch();
        boolean[] isUnrouted = new boolean[k];
        boolean anyUnrouted = false;

        for (int t = 0; t < n; t++) {
            if (start[t] == start[t + 1]) {
                continue;
            }
            dijkstra(t, s);
            for (int j = start[t]; j < start[t + 1]; j++) {
                int i = byDst[j];
                if (s.reachable(dSrc[i])) {
                    flow[dSrc[i]] += rate[i];
                } else {
                    isUnrouted[i] = true;
                    anyUnrouted = true;
                }
            }
            // farthest first: every next hop was settled earlier, so it is visited later
            for (int r = s.settled - 1; r >= 1; r--) {
                int v = s.order[r];
                double f = flow[v];
                if (f == 0) {
                    continue;
                }
                flow[v] = 0;
                int hops = 0;
                for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                    if (isNextHop(s, v, outLinks[e])) {
                        hops++;
                    }
                }
                double share = f / hops;
                for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                    int l = outLinks[e];
                    if (isNextHop(s, v, l)) {
                        load[l] += share;
                        flow[linkDst[l]] += share;
                    }
                }
            }
            flow[t] = 0; // delivered
        }
        List<Demand> unrouted = new ArrayList<>();
        double unroutedBps = 0;
        if (anyUnrouted) {
            for (int i = 0; i < k; i++) {
                if (isUnrouted[i]) {
                    unrouted.add(demands.get(i));
                    unroutedBps += rate[i];
                }
            }
        }
        return new RoutingResult(load, unroutedBps, unrouted);
    }

    /** Whether up link {@code l} (leaving {@code v}) lies on a shortest path from {@code v} to the current destination. */
    private boolean isNextHop(Scratch s, int v, int l) {
        int u = linkDst[l];
        if (exact) {
            long du = s.distL[u];
            return du != INF && du + weightLong[l] == s.distL[v];
        }
        double du = s.distD[u];
        double dv = s.distD[v];
        return du != Double.POSITIVE_INFINITY && s.done[u] && s.rank[u] < s.rank[v]
                && Math.abs(du + weightDouble[l] - dv) <= FALLBACK_REL_EPS * dv;
    }

    private int nodeIndex(String name, String field) {
        int i = network.nodeIndex(name);
        if (i < 0) {
            throw new InvalidNetworkException(field, "unknown node '" + name + "' in network '" + network.name() + "'");
        }
        return i;
    }

    /**
     * Dijkstra from {@code t} over reversed up links (a binary heap with lazy deletion). Fills the
     * distances (INF when unreachable) and the settle order (non-decreasing distance) in {@code s}.
     */
    private void dijkstra(int t, Scratch s) {
        Arrays.fill(s.done, false);
        int[] hn = s.heapNode;
        int settled = 0;
        int size = 1;
        hn[0] = t;
        if (exact) {
            long[] dist = s.distL;
            long[] hk = s.heapL;
            Arrays.fill(dist, INF);
            dist[t] = 0;
            hk[0] = 0;
            while (size > 0) {
                long key = hk[0];
                int v = hn[0];
                size--;
                if (size > 0) {
                    long lastK = hk[size];
                    int lastN = hn[size];
                    int i = 0;
                    int half = size >>> 1;
                    while (i < half) {
                        int c = 2 * i + 1;
                        if (c + 1 < size && hk[c + 1] < hk[c]) {
                            c++;
                        }
                        if (lastK <= hk[c]) {
                            break;
                        }
                        hk[i] = hk[c];
                        hn[i] = hn[c];
                        i = c;
                    }
                    hk[i] = lastK;
                    hn[i] = lastN;
                }
                if (s.done[v] || key > dist[v]) {
                    continue;
                }
                s.done[v] = true;
                s.rank[v] = settled;
                s.order[settled++] = v;
                for (int e = inStart[v]; e < inStart[v + 1]; e++) {
                    int l = inLinks[e];
                    int u = linkSrc[l];
                    long nd = key + weightLong[l];
                    if (nd < dist[u]) {
                        dist[u] = nd;
                        int i = size++;
                        while (i > 0) {
                            int p = (i - 1) >>> 1;
                            if (hk[p] <= nd) {
                                break;
                            }
                            hk[i] = hk[p];
                            hn[i] = hn[p];
                            i = p;
                        }
                        hk[i] = nd;
                        hn[i] = u;
                    }
                }
            }
        } else {
            double[] dist = s.distD;
            double[] hk = s.heapD;
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            dist[t] = 0;
            hk[0] = 0;
            while (size > 0) {
                double key = hk[0];
                int v = hn[0];
                size--;
                if (size > 0) {
                    double lastK = hk[size];
                    int lastN = hn[size];
                    int i = 0;
                    int half = size >>> 1;
                    while (i < half) {
                        int c = 2 * i + 1;
                        if (c + 1 < size && hk[c + 1] < hk[c]) {
                            c++;
                        }
                        if (lastK <= hk[c]) {
                            break;
                        }
                        hk[i] = hk[c];
                        hn[i] = hn[c];
                        i = c;
                    }
                    hk[i] = lastK;
                    hn[i] = lastN;
                }
                if (s.done[v] || key > dist[v]) {
                    continue;
                }
                s.done[v] = true;
                s.rank[v] = settled;
                s.order[settled++] = v;
                for (int e = inStart[v]; e < inStart[v + 1]; e++) {
                    int l = inLinks[e];
                    int u = linkSrc[l];
                    double nd = key + weightDouble[l];
                    if (nd < dist[u]) {
                        dist[u] = nd;
                        int i = size++;
                        while (i > 0) {
                            int p = (i - 1) >>> 1;
                            if (hk[p] <= nd) {
                                break;
                            }
                            hk[i] = hk[p];
                            hn[i] = hn[p];
                            i = p;
                        }
                        hk[i] = nd;
                        hn[i] = u;
                    }
                }
            }
        }
        s.settled = settled;
    }
}
