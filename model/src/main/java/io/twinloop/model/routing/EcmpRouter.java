package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Demands with rate 0 are ignored. Links that do not {@link Link#carriesTraffic() carry traffic}
 * (administrative or operational state not UP) are down in addition to {@code downLinks}.
 *
 * <p><b>Path policies.</b> A demand whose (src, dst) pair has a {@link PathPolicy} in the network
 * is not routed by the IGP: its rate is split over the policy's paths by fraction, and on each
 * hop of a path equally over the parallel links between the two nodes that are up. If some hop
 * of a path has no up link, that path's fraction is unrouted: the head-end of an SR policy
 * invalidates a segment list whose segments it cannot resolve (RFC 9256, section 5), so the
 * fraction is dropped at the source and loads no link; it is reported as an unrouted demand with
 * the dropped rate.
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
 * <p><b>Bucket queue.</b> When the scaled integer weights are all at most {@value #DIAL_MAX_WEIGHT}
 * (hop counts, small OSPF costs), Dijkstra uses Dial's bucket queue (R. B. Dial, "Algorithm 360:
 * shortest-path forest with topological ordering", CACM 12(11), 1969) instead of the binary heap:
 * {@code O(m + D)} per destination for maximum distance {@code D}, with no comparisons; with unit
 * weights it is a breadth-first search. The settle order is again non-decreasing in distance, so
 * the sweep and its results are unchanged. In this mode the kernel runs on {@code int} distances
 * over CSR-ordered copies of the adjacency; with unit weights (hop counts) it is a branch-free
 * breadth-first search that records the shortest-path DAG as it goes, and the sweep walks the DAG
 * links in reverse discovery order (the flow arriving at a node may then be summed in a different
 * order than node by node, which changes loads by floating-point rounding only).
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
    /** Largest scaled integer weight for which Dijkstra uses the bucket queue. */
    static final int DIAL_MAX_WEIGHT = 64;

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
    private final int dialBuckets; // 0 = binary heap; else max scaled weight + 1
    // fast kernel (Dial mode only): CSR-ordered copies, so the hot loops read sequentially
    private final int[] outDst; // linkDst[outLinks[e]]
    private final int[] outW; // scaled weight of outLinks[e]
    private final int[] inSrc; // linkSrc[inLinks[e]]
    private final int[] inW; // scaled weight of inLinks[e]
    private final int[] inDst; // linkDst[inLinks[e]]
    private final String[] nodeNames;
    // path policies: per policy, per path, per hop the up links joining the two nodes
    private final CompiledPolicy[] policies;
    private final Map<Long, Integer> policyOfPair;

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
        for (int i = 0; i < m; i++) {
            if (!links.get(i).carriesTraffic()) {
                down.set(i);
            }
        }
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
        this.dialBuckets = dialBuckets(exact, weightLong, down);

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
        this.outDst = new int[outLinks.length];
        this.outW = new int[outLinks.length];
        this.inSrc = new int[inLinks.length];
        this.inW = new int[inLinks.length];
        this.inDst = new int[inLinks.length];
        fillFast();
        this.nodeNames = new String[n];
        for (int v = 0; v < n; v++) {
            nodeNames[v] = network.nodes().get(v).name();
        }
        this.policyOfPair = new HashMap<>();
        this.policies = compilePolicies();
    }

    /**
     * A router for the same network as {@code base} with the links in {@code extraDown} down as
     * well: reuses the base's scaled weights (no re-scaling), rebuilds only the adjacency. Used by
     * failure sweeps, which evaluate thousands of such variants.
     */
    EcmpRouter(EcmpRouter base, BitSet extraDown) {
        this.network = base.network;
        this.n = base.n;
        this.m = base.m;
        this.down = (BitSet) base.down.clone();
        this.down.or(extraDown);
        this.linkSrc = base.linkSrc;
        this.linkDst = base.linkDst;
        this.exact = base.exact;
        this.weightLong = base.weightLong;
        this.weightDouble = base.weightDouble;
        this.weightScale = base.weightScale;
        this.dialBuckets = base.dialBuckets;
        int[] outDeg = new int[n + 1];
        int[] inDeg = new int[n + 1];
        for (int i = 0; i < m; i++) {
            if (!down.get(i)) {
                outDeg[linkSrc[i]]++;
                inDeg[linkDst[i]]++;
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
        this.outDst = new int[outLinks.length];
        this.outW = new int[outLinks.length];
        this.inSrc = new int[inLinks.length];
        this.inW = new int[inLinks.length];
        this.inDst = new int[inLinks.length];
        fillFast();
        this.nodeNames = base.nodeNames;
        this.policyOfPair = base.policyOfPair;
        this.policies = compilePolicies();
    }

    private void fillFast() {
        for (int e = 0; e < outLinks.length; e++) {
            int l = outLinks[e];
            outDst[e] = linkDst[l];
            outW[e] = dialBuckets > 0 ? (int) weightLong[l] : 0;
        }
        for (int e = 0; e < inLinks.length; e++) {
            int l = inLinks[e];
            inSrc[e] = linkSrc[l];
            inDst[e] = linkDst[l];
            inW[e] = dialBuckets > 0 ? (int) weightLong[l] : 0;
        }
    }

    private static int dialBuckets(boolean exact, long[] weightLong, BitSet down) {
        if (!exact) {
            return 0;
        }
        long max = 0;
        for (int i = 0; i < weightLong.length; i++) {
            if (!down.get(i)) {
                max = Math.max(max, weightLong[i]);
            }
        }
        return max <= DIAL_MAX_WEIGHT ? (int) max + 1 : 0;
    }

    /** A path policy resolved to link indices: {@code hops[p][h]} = up links of hop h of path p. */
    private record CompiledPolicy(int src, int dst, double[] fraction, int[][][] hops, boolean[] broken) {
    }

    private CompiledPolicy[] compilePolicies() {
        List<PathPolicy> ps = network.pathPolicies();
        CompiledPolicy[] out = new CompiledPolicy[ps.size()];
        // per node its distinct up successors and the up links to each, shared by every policy hop
        int[][] nbr = new int[n][];
        int[][][] nbrLinks = new int[n][][];
        if (!ps.isEmpty()) {
            for (int a = 0; a < n; a++) {
                java.util.LinkedHashMap<Integer, List<Integer>> by = new java.util.LinkedHashMap<>();
                for (int e = outStart[a]; e < outStart[a + 1]; e++) {
                    by.computeIfAbsent(linkDst[outLinks[e]], x -> new ArrayList<>()).add(outLinks[e]);
                }
                nbr[a] = by.keySet().stream().mapToInt(Integer::intValue).toArray();
                nbrLinks[a] = by.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new);
            }
        }
        for (int k = 0; k < ps.size(); k++) {
            PathPolicy p = ps.get(k);
            int s = network.nodeIndex(p.src());
            int t = network.nodeIndex(p.dst());
            policyOfPair.putIfAbsent((long) s * n + t, k);
            int np = p.paths().size();
            double[] fr = new double[np];
            int[][][] hops = new int[np][][];
            boolean[] broken = new boolean[np];
            for (int j = 0; j < np; j++) {
                WeightedPath w = p.paths().get(j);
                fr[j] = w.fraction();
                List<String> nodes = w.nodes();
                int[] idx = new int[nodes.size()];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = network.nodeIndex(nodes.get(i));
                }
                hops[j] = new int[nodes.size() - 1][];
                for (int h = 0; h + 1 < idx.length; h++) {
                    int[] ls = hopLinks(idx[h], idx[h + 1], nbr, nbrLinks);
                    hops[j][h] = ls;
                    if (ls.length == 0) {
                        broken[j] = true;
                    }
                }
            }
            out[k] = new CompiledPolicy(s, t, fr, hops, broken);
        }
        return out;
    }

    private static final int[] NO_LINKS = new int[0];

    /** The up links from {@code a} to {@code b} (shared array, do not modify), empty if none. */
    private static int[] hopLinks(int a, int b, int[][] nbr, int[][][] nbrLinks) {
        int[] ns = nbr[a];
        for (int k = 0; k < ns.length; k++) {
            if (ns[k] == b) {
                return nbrLinks[a][k];
            }
        }
        return NO_LINKS;
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

    /**
     * A copy of the down links (indices into {@code network().links()}): those passed to the
     * constructor plus those that do not {@link Link#carriesTraffic() carry traffic}.
     */
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

    /** Per-call working arrays (sized for any router derived from this one). */
    final class Scratch {
        final long[] distL = exact ? new long[n] : null;
        final double[] distD = exact ? null : new double[n];
        final int[] order = new int[n + 1]; // + 1: the branch-free BFS writes one slot past its queue
        final int[] rank = new int[n];
        final boolean[] done = new boolean[n];
        final long[] heapL = exact ? new long[m + 1] : null;
        final double[] heapD = exact ? null : new double[m + 1];
        final int[] heapNode = new int[m + 1];
        final int[] bucketHead = dialBuckets > 0 ? new int[dialBuckets] : null;
        final int[] entryNext = dialBuckets > 0 ? new int[m + 1] : null;
        final double[] flow = new double[n];
        final int[] distI = dialBuckets > 0 ? new int[n] : null;
        final int[] hopBuf = new int[m + 1]; // Dial: next hops of one node; BFS: the DAG's in-link positions
        final int[] nextHops = dialBuckets == 2 ? new int[n] : null;
        double[] part; // lazily allocated unrouted parts for route()
        int settled;
        int dagCount; // BFS mode: DAG links of the last destination, in hopBuf (in-CSR positions)
        double[] shareOut; // BFS mode, if set: each reached node's flow / next hops (0 if none) is stored here

        double[] part(int k) {
            if (part == null) {
                part = new double[k];
            }
            return part;
        }

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
        Prepared p = prepare(demands);
        double[] load = new double[m];
        Scratch s = new Scratch();
        boolean anyUnrouted = false;
        for (int t = 0; t < n; t++) {
            if (p.start[t] != p.start[t + 1]) {
                anyUnrouted |= routeDestination(t, p, s, load, null, null) > 0;
            }
        }
        for (int k = 0; k < policies.length; k++) {
            anyUnrouted |= routePolicy(k, p, load, s.part(p.k), null) > 0;
        }
        double[] unroutedPart = s.part;
        List<Demand> unrouted = new ArrayList<>();
        double unroutedBps = 0;
        if (anyUnrouted) {
            for (int i = 0; i < p.k; i++) {
                if (unroutedPart[i] > 0) {
                    Demand d = demands.get(i);
                    unrouted.add(unroutedPart[i] == d.rateBps() ? d : new Demand(d.src(), d.dst(), unroutedPart[i]));
                    unroutedBps += unroutedPart[i];
                }
            }
        }
        return new RoutingResult(load, unroutedBps, unrouted);
    }

    /**
     * Demands resolved to node indices and grouped: demands with a positive rate and no path policy
     * by destination (counting sort), those with a policy by policy index.
     */
    static final class Prepared {
        final int k;
        final int[] src;
        final int[] dst;
        final double[] rate;
        final int[] start;
        final int[] byDst;
        /** {@code src[byDst[j]]} and {@code rate[byDst[j]]}: the grouped demands, read sequentially. */
        final int[] srcByDst;
        final double[] rateByDst;
        final int[][] byPolicy;

        Prepared(int k, int[] src, int[] dst, double[] rate, int[] start, int[] byDst, int[][] byPolicy) {
            this(k, src, dst, rate, start, byDst, gather(src, byDst), gather(rate, byDst), byPolicy);
        }

        Prepared(int k, int[] src, int[] dst, double[] rate, int[] start, int[] byDst, int[] srcByDst,
                 double[] rateByDst, int[][] byPolicy) {
            this.k = k;
            this.src = src;
            this.dst = dst;
            this.rate = rate;
            this.start = start;
            this.byDst = byDst;
            this.srcByDst = srcByDst;
            this.rateByDst = rateByDst;
            this.byPolicy = byPolicy;
        }

        private static int[] gather(int[] a, int[] idx) {
            int[] out = new int[idx.length];
            for (int j = 0; j < idx.length; j++) {
                out[j] = a[idx[j]];
            }
            return out;
        }

        private static double[] gather(double[] a, int[] idx) {
            double[] out = new double[idx.length];
            for (int j = 0; j < idx.length; j++) {
                out[j] = a[idx[j]];
            }
            return out;
        }
    }

    Prepared prepare(List<Demand> demands) {
        if (demands == null) {
            throw new InvalidNetworkException("demands", "must not be null");
        }
        int k = demands.size();
        int[] dSrc = new int[k];
        int[] dDst = new int[k];
        double[] rate = new double[k];
        int[] perDst = new int[n + 1];
        int[] pol = policies.length == 0 ? null : new int[k];
        int[] perPolicy = new int[policies.length];
        String lastSrc = null;
        int lastSrcIdx = -1;
        int lastDstIdx = -1;
        for (int i = 0; i < k; i++) {
            Demand d = demands.get(i);
            if (d == null) {
                throw new InvalidNetworkException("demands[" + i + "]", "must not be null");
            }
            // demand lists are usually grouped by source: skip the hash lookup for a repeated source
            if (d.src() != lastSrc) {
                lastSrc = d.src();
                lastSrcIdx = demandNode(lastSrc, i, ".src");
            }
            dSrc[i] = lastSrcIdx;
            // ... and by destination in node order within a source: try the node after the last one
            String dn = d.dst();
            int guess = lastDstIdx + 1 < n ? lastDstIdx + 1 : 0;
            if (n > 0 && dn.equals(nodeNames[guess])) {
                lastDstIdx = guess;
            } else if (n > 1 && guess + 1 < n && dn.equals(nodeNames[guess + 1])) {
                lastDstIdx = guess + 1; // skipped the source itself
            } else {
                lastDstIdx = demandNode(dn, i, ".dst");
            }
            dDst[i] = lastDstIdx;
            rate[i] = d.rateBps();
            if (rate[i] > 0) {
                Integer pk = pol == null ? null : policyOfPair.get((long) dSrc[i] * n + dDst[i]);
                if (pk != null) {
                    pol[i] = pk;
                    perPolicy[pk]++;
                } else {
                    if (pol != null) {
                        pol[i] = -1;
                    }
                    perDst[dDst[i]]++;
                }
            } else if (pol != null) {
                pol[i] = -1;
            }
        }
        int[] start = prefix(perDst);
        int[] byDst = new int[start[n]];
        int[] srcByDst = new int[start[n]];
        double[] rateByDst = new double[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        int[][] byPolicy = new int[policies.length][];
        for (int q = 0; q < policies.length; q++) {
            byPolicy[q] = new int[perPolicy[q]];
        }
        int[] pFill = new int[policies.length];
        for (int i = 0; i < k; i++) {
            if (rate[i] > 0) {
                if (pol != null && pol[i] >= 0) {
                    byPolicy[pol[i]][pFill[pol[i]]++] = i;
                } else {
                    int j = fill[dDst[i]]++;
                    byDst[j] = i;
                    srcByDst[j] = dSrc[i];
                    rateByDst[j] = rate[i];
                }
            }
        }
        return new Prepared(k, dSrc, dDst, rate, start, byDst, srcByDst, rateByDst, byPolicy);
    }

    /** Index of demand {@code i}'s node {@code name}; the field name is built only for the error. */
    private int demandNode(String name, int i, String which) {
        int x = network.nodeIndex(name);
        if (x < 0) {
            nodeIndex(name, "demands[" + i + "]" + which);
        }
        return x;
    }

    /** Number of path policies of the network (indices for {@link #routePolicy}). */
    int policyCount() {
        return policies.length;
    }

    /** Node indices (src, dst) of policy {@code k}. */
    int policySrc(int k) {
        return policies[k].src;
    }

    int policyDst(int k) {
        return policies[k].dst;
    }

    /** The links of every hop of every path of policy {@code k} (for failure sweeps). */
    int[][][] policyHops(int k) {
        return policies[k].hops;
    }

    /** For {@link RoutingMatrix}: shortest-path distances towards {@code t} and the settle order, in {@code s}. */
    void shortestPathsTo(int t, Scratch s) {
        dijkstra(t, s);
    }

    /** For {@link RoutingMatrix}: whether up link {@code l} (leaving {@code v}) is a next hop after {@link #shortestPathsTo}. */
    boolean nextHop(Scratch s, int v, int l) {
        return isNextHop(s, v, l);
    }

    /** Index of the path policy of the pair (src, dst), or -1 when the pair is routed by the IGP. */
    int policyOf(int src, int dst) {
        Integer k = policies.length == 0 ? null : policyOfPair.get((long) src * n + dst);
        return k == null ? -1 : k;
    }

    /** The fraction of each path of policy {@code k}. */
    double[] policyFractions(int k) {
        return policies[k].fraction;
    }

    /** Whether each path of policy {@code k} is broken (some hop has no up link). */
    boolean[] policyBroken(int k) {
        return policies[k].broken;
    }

    /** Whether {@link #routeDestination} runs the unit-weight BFS kernel (which records the DAG). */
    boolean unitWeights() {
        return dialBuckets == 2;
    }

    /** Source node of link {@code l}. */
    int linkSrc(int l) {
        return linkSrc[l];
    }

    /** Destination node of link {@code l}. */
    int linkDst(int l) {
        return linkDst[l];
    }

    /** The CSR arrays of the up links, read-only, for failure sweeps' inner loops: out-starts, out-links, their heads. */
    int[][] outCsr() {
        return new int[][] {outStart, outLinks, outDst};
    }

    /** The CSR arrays of the up links, read-only: in-starts, in-links, their tails. */
    int[][] inCsr() {
        return new int[][] {inStart, inLinks, inSrc};
    }

    /** Whether link {@code l} is down in this router. */
    boolean isDown(int l) {
        return down.get(l);
    }

    /** Unit-weight mode, after {@link #routeDestination}: its distances (copied; {@link #UNREACHABLE} if unreachable). */
    int[] lastDistances(Scratch s) {
        return s.distI.clone();
    }

    /** Distance of an unreachable node in {@link #lastDistances}. */
    static final int UNREACHABLE = Integer.MAX_VALUE / 2;

    Scratch newScratch() {
        return new Scratch();
    }

    /**
     * Routes the IGP demands towards {@code t} and adds their loads to {@code load}. Demands whose
     * source cannot reach {@code t} get their rate in {@code unroutedPart}; demands whose source is
     * dead ({@code deadNode}, may be null) are skipped.
     *
     * @return the unrouted rate
     */
    double routeDestination(int t, Prepared p, Scratch s, double[] load, double[] unroutedPart, boolean[] deadNode) {
        if (dialBuckets > 0) {
            return routeDestinationDial(t, p, s, load, unroutedPart, deadNode);
        }
        if (unroutedPart == null) {
            unroutedPart = s.part(p.k);
        }
        dijkstra(t, s);
        double[] flow = s.flow;
        double unrouted = 0;
        for (int j = p.start[t]; j < p.start[t + 1]; j++) {
            int i = p.byDst[j];
            int src = p.src[i];
            if (deadNode != null && deadNode[src]) {
                continue;
            }
            if (s.reachable(src)) {
                flow[src] += p.rate[i];
            } else {
                unroutedPart[i] = p.rate[i];
                unrouted += p.rate[i];
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
        return unrouted;
    }

    /**
     * {@link #routeDestination} for small integer weights (Dial mode, every scaled weight in
     * {@code [1, DIAL_MAX_WEIGHT]}): a breadth-first search (unit weights) or Dial's bucket queue
     * on {@code int} distances over the CSR copies, then the same sweep. The next-hop test
     * {@code dist(u) + w(l) == dist(v)} is the exact-mode test of {@link #isNextHop}, the links
     * are visited in the same order and the shares added in the same order, so the loads are
     * bit-for-bit those of the general kernel.
     */
    private double routeDestinationDial(int t, Prepared p, Scratch s, double[] load, double[] unroutedPart,
                                        boolean[] deadNode) {
        if (dialBuckets == 2) {
            return routeDestinationBfs(t, p, s, load, unroutedPart, deadNode);
        }
        int[] dist = s.distI;
        int[] order = s.order;
        int settled = dialInt(t, s);
        double[] flow = s.flow;
        double unrouted = inject(t, p, s, dist, unroutedPart, deadNode);
        int[] oStart = outStart;
        int[] oDst = outDst;
        int[] oW = outW;
        int[] oLinks = outLinks;
        int[] buf = s.hopBuf;
        // farthest first: every next hop was settled earlier, so it is visited later
        for (int r = settled - 1; r >= 1; r--) {
            int v = order[r];
            double f = flow[v];
            if (f == 0) {
                continue;
            }
            flow[v] = 0;
            int dv = dist[v];
            int hops = 0;
            for (int e = oStart[v], end = oStart[v + 1]; e < end; e++) {
                if (dist[oDst[e]] + oW[e] == dv) {
                    buf[hops++] = e;
                }
            }
            double share = f / hops;
            for (int h = 0; h < hops; h++) {
                int e = buf[h];
                load[oLinks[e]] += share;
                flow[oDst[e]] += share;
            }
        }
        flow[t] = 0; // delivered
        return unrouted;
    }

    /**
     * Puts the rate of every IGP demand towards {@code t} on its source in {@code s.flow}, for the
     * int-distance kernels; demands whose source is unreachable ({@code dist == INF_I}) go to
     * {@code unroutedPart} instead, demands from dead sources are skipped.
     *
     * @return the unrouted rate
     */
    private double inject(int t, Prepared p, Scratch s, int[] dist, double[] unroutedPart, boolean[] deadNode) {
        double[] flow = s.flow;
        double unrouted = 0;
        int[] gSrc = p.srcByDst;
        double[] gRate = p.rateByDst;
        for (int j = p.start[t], end = p.start[t + 1]; j < end; j++) {
            int src = gSrc[j];
            if (deadNode != null && deadNode[src]) {
                continue;
            }
            if (dist[src] != INF_I) {
                flow[src] += gRate[j];
            } else {
                if (unroutedPart == null) {
                    unroutedPart = s.part(p.k);
                }
                unroutedPart[p.byDst[j]] = gRate[j];
                unrouted += gRate[j];
            }
        }
        return unrouted;
    }

    /** Unreachable in {@code Scratch.distI}; far above any distance ({@code <= 64 n}), no overflow when a weight is added. */
    private static final int INF_I = Integer.MAX_VALUE / 2;

    /**
     * {@link #routeDestination} for unit weights. The breadth-first search records the
     * shortest-path DAG as it goes: when {@code v} (distance {@code d}) is dequeued, an in-link
     * {@code u -> v} is a next hop of {@code u} exactly when {@code dist(u)} is still unknown or
     * equals {@code d + 1} (every discovered node has distance at most {@code d + 1}), i.e. the
     * exact-mode test {@code dist(u) + 1 == dist(v)} of {@link #isNextHop}. The loop is branch-free
     * (the outcome of these tests is unpredictable). The sweep then walks the DAG links in reverse
     * order of discovery: the links leaving a node are all found after every link entering it, so a
     * node's flow is complete before it is split, as in the node-by-node sweep (same shares
     * {@code flow / hops}; the flow arriving at a node may be summed in another order).
     */
    private double routeDestinationBfs(int t, Prepared p, Scratch s, double[] load, double[] unroutedPart,
                                       boolean[] deadNode) {
        int[] dist = s.distI;
        int[] nh = s.nextHops;
        int[] q = s.order;
        int[] dag = s.hopBuf;
        int[] iStart = inStart;
        int[] iSrc = inSrc;
        Arrays.fill(dist, INF_I);
        Arrays.fill(nh, 0);
        dist[t] = 0;
        q[0] = t;
        int head = 0;
        int tail = 1;
        int k = 0;
        while (head < tail) {
            int v = q[head++];
            int nd = dist[v] + 1;
            for (int e = iStart[v], end = iStart[v + 1]; e < end; e++) {
                int u = iSrc[e];
                int du = dist[u];
                int isDag = 1 - ((du - nd) >>> 31); // du >= nd: unknown (INF_I) or nd
                int fresh = (nd - du) >>> 31; // du > nd: unknown
                dag[k] = e;
                k += isDag;
                nh[u] += isDag;
                q[tail] = u;
                tail += fresh;
                dist[u] = du + ((nd - du) & -fresh);
            }
        }
        s.settled = tail;
        s.dagCount = k;
        double[] flow = s.flow;
        double unrouted = inject(t, p, s, dist, unroutedPart, deadNode);
        int[] iLinks = inLinks;
        int[] iDst = inDst;
        for (int r = k - 1; r >= 0; r--) {
            int e = dag[r];
            int u = iSrc[e];
            double share = flow[u] / nh[u];
            load[iLinks[e]] += share;
            flow[iDst[e]] += share;
        }
        double[] shares = s.shareOut;
        if (shares != null) {
            for (int r = 0; r < tail; r++) {
                int u = q[r];
                shares[u] = nh[u] > 0 ? flow[u] / nh[u] : 0;
            }
        }
        for (int r = 0; r < tail; r++) {
            flow[q[r]] = 0;
        }
        return unrouted;
    }

    /** Dial's bucket queue on {@code int} distances (weights in {@code [1, dialBuckets - 1]}); returns the settle count. */
    private int dialInt(int t, Scratch s) {
        int[] dist = s.distI;
        Arrays.fill(dist, INF_I);
        int bn = dialBuckets;
        int[] head = s.bucketHead;
        Arrays.fill(head, -1);
        int[] next = s.entryNext;
        int[] node = s.heapNode;
        int[] order = s.order;
        int[] iStart = inStart;
        int[] iSrc = inSrc;
        int[] iW = inW;
        int used = 0;
        dist[t] = 0;
        node[used] = t;
        next[used] = -1;
        head[0] = used++;
        int pending = 1;
        int settled = 0;
        int d = 0;
        int b = 0;
        while (pending > 0) {
            int e = head[b];
            if (e < 0) {
                d++;
                b = b + 1 == bn ? 0 : b + 1;
                continue;
            }
            head[b] = next[e];
            pending--;
            int v = node[e];
            if (dist[v] != d) {
                continue; // stale: an entry is pushed only for a strictly smaller key, so exactly one matches
            }
            order[settled++] = v;
            for (int q = iStart[v], end = iStart[v + 1]; q < end; q++) {
                int u = iSrc[q];
                int nd = d + iW[q];
                if (nd < dist[u]) {
                    dist[u] = nd;
                    int nb = b + iW[q];
                    if (nb >= bn) {
                        nb -= bn;
                    }
                    node[used] = u;
                    next[used] = head[nb];
                    head[nb] = used++;
                    pending++;
                }
            }
        }
        s.settled = settled;
        return settled;
    }

    /**
     * Routes the demands of path policy {@code k} over its paths and adds their loads to
     * {@code load}; the fractions of broken paths go to {@code unroutedPart}. Skips everything when
     * the policy's source or destination is dead.
     *
     * @return the unrouted rate
     */
    double routePolicy(int k, Prepared p, double[] load, double[] unroutedPart, boolean[] deadNode) {
        CompiledPolicy c = policies[k];
        if (deadNode != null && (deadNode[c.src] || deadNode[c.dst])) {
            return 0;
        }
        double unrouted = 0;
        for (int i : p.byPolicy[k]) {
            double r = p.rate[i];
            double lost = 0;
            for (int j = 0; j < c.fraction.length; j++) {
                double f = c.fraction[j] * r;
                if (c.broken[j]) {
                    lost += f;
                    continue;
                }
                for (int[] hop : c.hops[j]) {
                    double share = f / hop.length;
                    for (int l : hop) {
                        load[l] += share;
                    }
                }
            }
            if (lost > 0) {
                unroutedPart[i] = lost;
                unrouted += lost;
            }
        }
        return unrouted;
    }

    /**
     * The expected end-to-end latency of every demand under this router's routing, given a
     * per-link delay: for IGP demands the split-weighted mean over the ECMP paths, computed per
     * destination in one sweep in increasing distance, {@code L(t) = 0},
     * {@code L(v) = mean over next hops l = (v -> u) of (delay(l) + L(u))}; for policy demands
     * {@code sum over working paths of fraction x path delay / sum of working fractions}, a hop's
     * delay being the mean over its parallel up links. The delay of a demand of rate 0 is computed
     * the same way (it is what one packet would see).
     *
     * @param demands     the demands, as given to {@link #route(List)}
     * @param linkDelayMs delay per link in ms, indexed like {@code network().links()}
     * @return per demand (input order) the latency in ms, {@code NaN} when it is not routed at all
     */
    public double[] demandLatenciesMs(List<Demand> demands, double[] linkDelayMs) {
        return latencies(prepareAll(demands), linkDelayMs).latencyMs;
    }

    /** Per-demand latency and the part of each demand's rate that is routed. */
    record Latencies(double[] latencyMs, double[] routedBps) {
    }

    /** As {@link #prepare(List)} but keeps demands of rate 0 (their latency is still defined). */
    private Prepared prepareAll(List<Demand> demands) {
        Prepared p = prepare(demands);
        int zero = 0;
        for (int i = 0; i < p.k; i++) {
            if (!(p.rate[i] > 0)) {
                zero++;
            }
        }
        if (zero == 0) {
            return p;
        }
        // rate-0 demands: route them as rate-0 IGP or policy demands so that they get a latency
        int[] perDst = new int[n + 1];
        int[] perPolicy = new int[policies.length];
        int[] pol = new int[p.k];
        for (int i = 0; i < p.k; i++) {
            Integer pk = policies.length == 0 ? null : policyOfPair.get((long) p.src[i] * n + p.dst[i]);
            pol[i] = pk == null ? -1 : pk;
            if (pk == null) {
                perDst[p.dst[i]]++;
            } else {
                perPolicy[pk]++;
            }
        }
        int[] start = prefix(perDst);
        int[] byDst = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        int[][] byPolicy = new int[policies.length][];
        for (int q = 0; q < policies.length; q++) {
            byPolicy[q] = new int[perPolicy[q]];
        }
        int[] pFill = new int[policies.length];
        for (int i = 0; i < p.k; i++) {
            if (pol[i] >= 0) {
                byPolicy[pol[i]][pFill[pol[i]]++] = i;
            } else {
                byDst[fill[p.dst[i]]++] = i;
            }
        }
        return new Prepared(p.k, p.src, p.dst, p.rate, start, byDst, byPolicy);
    }

    Latencies latencies(List<Demand> demands, double[] linkDelayMs) {
        return latencies(prepareAll(demands), linkDelayMs);
    }

    private Latencies latencies(Prepared p, double[] delay) {
        if (delay == null || delay.length != m) {
            throw new InvalidNetworkException("linkDelayMs", "must have one entry per link (" + m + ")");
        }
        double[] lat = new double[p.k];
        double[] routed = new double[p.k];
        Arrays.fill(lat, Double.NaN);
        Scratch s = new Scratch();
        double[] big = s.flow; // reused as L(v)
        for (int t = 0; t < n; t++) {
            if (p.start[t] == p.start[t + 1]) {
                continue;
            }
            dijkstra(t, s);
            big[t] = 0;
            for (int r = 1; r < s.settled; r++) {
                int v = s.order[r];
                double sum = 0;
                int hops = 0;
                for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                    int l = outLinks[e];
                    if (isNextHop(s, v, l)) {
                        sum += delay[l] + big[linkDst[l]];
                        hops++;
                    }
                }
                big[v] = sum / hops;
            }
            for (int j = p.start[t]; j < p.start[t + 1]; j++) {
                int i = p.byDst[j];
                if (s.reachable(p.src[i])) {
                    lat[i] = big[p.src[i]];
                    routed[i] = p.rate[i];
                }
            }
        }
        Arrays.fill(big, 0);
        for (int k = 0; k < policies.length; k++) {
            CompiledPolicy c = policies[k];
            double num = 0;
            double working = 0;
            for (int j = 0; j < c.fraction.length; j++) {
                if (c.broken[j]) {
                    continue;
                }
                double d = 0;
                for (int[] hop : c.hops[j]) {
                    double h = 0;
                    for (int l : hop) {
                        h += delay[l];
                    }
                    d += h / hop.length;
                }
                num += c.fraction[j] * d;
                working += c.fraction[j];
            }
            for (int i : p.byPolicy[k]) {
                if (working > 0) {
                    lat[i] = num / working;
                    routed[i] = p.rate[i] * Math.min(1.0, working);
                }
            }
        }
        return new Latencies(lat, routed);
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
        if (dialBuckets > 0) {
            dial(t, s);
            return;
        }
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

    /**
     * Dial's bucket-queue Dijkstra for small integer weights: a circular array of
     * {@code maxWeight + 1} buckets of singly linked entries (one entry per relaxation, lazy
     * deletion). All pending keys lie in {@code [d, d + maxWeight]}, so bucket {@code key mod B}
     * holds keys equal to the current {@code d} only.
     */
    private void dial(int t, Scratch s) {
        Arrays.fill(s.done, false);
        long[] dist = s.distL;
        Arrays.fill(dist, INF);
        int bn = dialBuckets;
        int[] head = s.bucketHead;
        Arrays.fill(head, -1);
        int[] next = s.entryNext;
        int[] node = s.heapNode;
        int used = 0;
        dist[t] = 0;
        node[used] = t;
        next[used] = -1;
        head[0] = used++;
        int pending = 1;
        int settled = 0;
        long d = 0;
        int b = 0;
        while (pending > 0) {
            int e = head[b];
            if (e < 0) {
                d++;
                b = b + 1 == bn ? 0 : b + 1;
                continue;
            }
            head[b] = next[e];
            pending--;
            int v = node[e];
            if (s.done[v] || dist[v] != d) {
                continue;
            }
            s.done[v] = true;
            s.rank[v] = settled;
            s.order[settled++] = v;
            for (int q = inStart[v]; q < inStart[v + 1]; q++) {
                int l = inLinks[q];
                int u = linkSrc[l];
                long nd = d + weightLong[l];
                if (nd < dist[u]) {
                    dist[u] = nd;
                    int nb = (int) (nd % bn);
                    node[used] = u;
                    next[used] = head[nb];
                    head[nb] = used++;
                    pending++;
                }
            }
        }
        s.settled = settled;
    }
}
