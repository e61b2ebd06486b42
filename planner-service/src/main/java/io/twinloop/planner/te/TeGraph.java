package io.twinloop.planner.te;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.routing.EcmpRouter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The view of one network state that the traffic-engineering code works on: node indices, the
 * links that carry traffic and, above them, <em>hops</em>: the ordered node pairs joined by at
 * least one such link. A path of an SR-TE policy is a sequence of hops, and on each hop the
 * router splits its traffic equally over the parallel links that are up
 * ({@link PathPolicy}), so a hop with {@code p} parallel links puts {@code 1/p} of the path's
 * traffic on each of them; this class turns paths and IGP ECMP routings into such per-link
 * fractions ({@link Column}s).
 *
 * <p>Path lengths for candidate paths are IGP weights: a hop weighs as its lightest up link (with
 * the unit weights of the benchmark topologies this is the hop count).
 *
 * <p>Hot kernel: the hop index, the per-destination distance and order caches and the column
 * arithmetic (path, ECMP and policy columns, their decomposition into paths, shortest paths under
 * LP duals) are used in the inner loops of both solvers and share those indices and caches; kept in
 * one class so they are built once per network state.
 *
 * <p>Immutable apart from its caches (synchronized).
 */
public final class TeGraph {

    /** The network this view was built from. */
    final Network network;
    /** Links that are down in this view (the caller's set plus links that do not carry traffic). */
    final BitSet down;
    final int n;
    final int m;
    final String[] names;
    final double[] capacity; // per link, bit/s
    final int hopCount;
    final int[] hopSrc;
    final int[] hopDst;
    final int[][] hopLinks; // up links of each hop
    final double[] hopWeight; // lightest IGP weight of the hop's links
    final double[] hopLatencyMs; // mean propagation latency of the hop's links (unknown = 0)
    final int[][] outHops;
    final int[][] inHops;
    private final Map<Long, Integer> hopOf;
    private final EcmpRouter router;
    private final Map<Integer, double[]> distCache = new HashMap<>();

    /**
     * @param network the network
     * @param down    indices of links to treat as down in addition to those that do not carry
     *                traffic (may be empty, not null)
     */
    public TeGraph(Network network, BitSet down) {
        this.network = network;
        this.n = network.nodes().size();
        this.m = network.links().size();
        this.down = (BitSet) down.clone();
        List<Link> links = network.links();
        for (int i = 0; i < m; i++) {
            if (!links.get(i).carriesTraffic()) {
                this.down.set(i);
            }
        }
        names = new String[n];
        for (int v = 0; v < n; v++) {
            names[v] = network.nodes().get(v).name();
        }
        capacity = new double[m];
        Map<Long, List<Integer>> byPair = new java.util.LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            Link l = links.get(i);
            capacity[i] = l.capacityBps();
            if (this.down.get(i)) {
                continue;
            }
            int u = network.nodeIndex(l.src());
            int v = network.nodeIndex(l.dst());
            byPair.computeIfAbsent(key(u, v), k -> new ArrayList<>()).add(i);
        }
        hopCount = byPair.size();
        hopSrc = new int[hopCount];
        hopDst = new int[hopCount];
        hopLinks = new int[hopCount][];
        hopWeight = new double[hopCount];
        hopLatencyMs = new double[hopCount];
        hopOf = new HashMap<>(hopCount * 2);
        int[] outDeg = new int[n];
        int[] inDeg = new int[n];
        int h = 0;
        for (Map.Entry<Long, List<Integer>> e : byPair.entrySet()) {
            int[] ls = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            Link first = links.get(ls[0]);
            hopSrc[h] = network.nodeIndex(first.src());
            hopDst[h] = network.nodeIndex(first.dst());
            hopLinks[h] = ls;
            double w = Double.POSITIVE_INFINITY;
            double lat = 0;
            for (int l : ls) {
                w = Math.min(w, links.get(l).igpWeight());
                lat += links.get(l).hasLatency() ? links.get(l).latencyMs() : 0.0;
            }
            hopWeight[h] = w;
            hopLatencyMs[h] = lat / ls.length;
            hopOf.put(e.getKey(), h);
            outDeg[hopSrc[h]]++;
            inDeg[hopDst[h]]++;
            h++;
        }
        outHops = new int[n][];
        inHops = new int[n][];
        for (int v = 0; v < n; v++) {
            outHops[v] = new int[outDeg[v]];
            inHops[v] = new int[inDeg[v]];
        }
        Arrays.fill(outDeg, 0);
        Arrays.fill(inDeg, 0);
        for (int k = 0; k < hopCount; k++) {
            outHops[hopSrc[k]][outDeg[hopSrc[k]]++] = k;
            inHops[hopDst[k]][inDeg[hopDst[k]]++] = k;
        }
        router = new EcmpRouter(network, this.down);
    }

    private static long key(int u, int v) {
        return ((long) u << 32) | (v & 0xffffffffL);
    }

    /** The hop from node {@code u} to node {@code v}, or -1 if no up link joins them. */
    int hop(int u, int v) {
        Integer h = hopOf.get(key(u, v));
        return h == null ? -1 : h;
    }

    /** The router of this state (IGP ECMP over the up links, policies of the network). */
    EcmpRouter router() {
        return router;
    }

    /**
     * A routing of one unit of traffic as link fractions, with what a plan needs to install it:
     * either one explicit path ({@code path} non-null) or a flow spread over several paths (the IGP
     * ECMP routing or an existing policy; {@code path} null, {@link #decompose(TeGraph)} gives paths).
     *
     * @param links     link indices with a non-zero fraction
     * @param fractions the fraction of the unit on each of those links
     * @param latencyMs expected propagation latency of the unit
     * @param hops      expected number of hops
     * @param path      node indices of the explicit path, or null
     */
    record Column(int[] links, double[] fractions, double latencyMs, double hops, int[] path) {
    }

    /** The column of an explicit path given as node indices (every hop must exist). */
    Column pathColumn(int[] path) {
        int count = 0;
        for (int i = 1; i < path.length; i++) {
            count += hopLinks[hop(path[i - 1], path[i])].length;
        }
        int[] ls = new int[count];
        double[] fs = new double[count];
        double lat = 0;
        int k = 0;
        for (int i = 1; i < path.length; i++) {
            int h = hop(path[i - 1], path[i]);
            lat += hopLatencyMs[h];
            for (int l : hopLinks[h]) {
                ls[k] = l;
                fs[k++] = 1.0 / hopLinks[h].length;
            }
        }
        return new Column(ls, fs, lat, path.length - 1, path);
    }

    /** IGP distances to node {@code t} (infinite where unreachable), cached. */
    synchronized double[] distancesTo(int t) {
        return distCache.computeIfAbsent(t, x -> router.distancesTo(names[x]));
    }

    /**
     * The IGP ECMP routing of one unit from {@code s} to {@code t} as a column (the definition of
     * {@link EcmpRouter}: at every node split equally over the up links on a shortest path), or
     * null when {@code t} is unreachable from {@code s}.
     */
    Column ecmpColumn(int s, int t) {
        double[] dist = distancesTo(t);
        if (Double.isInfinite(dist[s])) {
            return null;
        }
        List<Link> links = network.links();
        // nodes reachable from s in the shortest-path DAG, processed by decreasing distance
        List<Integer> nodes = new ArrayList<>();
        BitSet seen = new BitSet(n);
        nodes.add(s);
        seen.set(s);
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            int v = nodes.get(i);
            if (v == t) {
                continue;
            }
            List<Integer> nh = new ArrayList<>();
            for (int h : outHops[v]) {
                int u = hopDst[h];
                for (int l : hopLinks[h]) {
                    double w = links.get(l).igpWeight();
                    if (!Double.isInfinite(dist[u]) && Math.abs(w + dist[u] - dist[v]) <= 1e-9 * Math.max(1, dist[v])
                            && dist[u] < dist[v]) {
                        nh.add(l);
                        if (!seen.get(u)) {
                            seen.set(u);
                            nodes.add(u);
                        }
                    }
                }
            }
            next.put(v, nh);
        }
        nodes.sort((a, b) -> Double.compare(dist[b], dist[a]));
        double[] at = new double[n];
        at[s] = 1.0;
        Map<Integer, Double> linkFlow = new java.util.LinkedHashMap<>();
        double lat = 0;
        double hops = 0;
        for (int v : nodes) {
            if (v == t || at[v] == 0) {
                continue;
            }
            List<Integer> nh = next.get(v);
            double share = at[v] / nh.size();
            for (int l : nh) {
                linkFlow.merge(l, share, Double::sum);
                at[network.nodeIndex(links.get(l).dst())] += share;
                Link link = links.get(l);
                lat += share * (link.hasLatency() ? link.latencyMs() : 0.0);
                hops += share;
            }
        }
        return column(linkFlow, lat, hops);
    }

    /**
     * For every node, the expected length of the IGP ECMP routing from it to {@code t} when link
     * {@code l} has length {@code linkLen[l]} (the ECMP split of {@link #ecmpColumn}, evaluated for all
     * sources at once by dynamic programming in increasing distance); {@code NaN} where {@code t} is
     * unreachable. Used to price demands that stay on ECMP without building their columns.
     */
    double[] ecmpExpected(int t, double[] linkLen) {
        double[] dist = distancesTo(t);
        int[] order = orderTo(t);
        List<Link> links = network.links();
        double[] e = new double[n];
        Arrays.fill(e, Double.NaN);
        e[t] = 0;
        for (int v : order) {
            if (v == t) {
                continue;
            }
            double sum = 0;
            int count = 0;
            for (int h : outHops[v]) {
                int u = hopDst[h];
                if (Double.isInfinite(dist[u]) || !(dist[u] < dist[v])) {
                    continue;
                }
                for (int l : hopLinks[h]) {
                    if (Math.abs(links.get(l).igpWeight() + dist[u] - dist[v]) <= 1e-9 * Math.max(1, dist[v])) {
                        sum += linkLen[l] + e[u];
                        count++;
                    }
                }
            }
            e[v] = sum / count;
        }
        return e;
    }

    private final Map<Integer, int[]> orderCache = new HashMap<>();

    /** The nodes that reach {@code t}, by increasing IGP distance to it (cached). */
    private synchronized int[] orderTo(int t) {
        return orderCache.computeIfAbsent(t, x -> {
            double[] dist = distancesTo(x);
            return java.util.stream.IntStream.range(0, n).filter(v -> !Double.isInfinite(dist[v])).boxed()
                    .sorted((a, b) -> Double.compare(dist[a], dist[b])).mapToInt(Integer::intValue).toArray();
        });
    }

    /**
     * The column of an existing policy, or null if one of its paths has a hop without an up link
     * (the router would drop that share).
     */
    Column policyColumn(PathPolicy p) {
        Map<Integer, Double> linkFlow = new java.util.LinkedHashMap<>();
        double lat = 0;
        double hops = 0;
        for (WeightedPath wp : p.paths()) {
            int[] path = new int[wp.nodes().size()];
            for (int i = 0; i < path.length; i++) {
                path[i] = network.nodeIndex(wp.nodes().get(i));
                if (i > 0 && hop(path[i - 1], path[i]) < 0) {
                    return null;
                }
            }
            Column c = pathColumn(path);
            for (int i = 0; i < c.links.length; i++) {
                linkFlow.merge(c.links[i], c.fractions[i] * wp.fraction(), Double::sum);
            }
            lat += wp.fraction() * c.latencyMs;
            hops += wp.fraction() * c.hops;
        }
        return column(linkFlow, lat, hops);
    }

    private static Column column(Map<Integer, Double> linkFlow, double lat, double hops) {
        int[] ls = new int[linkFlow.size()];
        double[] fs = new double[linkFlow.size()];
        int k = 0;
        for (Map.Entry<Integer, Double> e : linkFlow.entrySet()) {
            ls[k] = e.getKey();
            fs[k++] = e.getValue();
        }
        return new Column(ls, fs, lat, hops, null);
    }

    /**
     * Splits a flow column from {@code s} to {@code t} into explicit paths with fractions: hop
     * flows are summed over parallel links, then the path that follows the largest remaining hop
     * flow is peeled off repeatedly (a standard flow decomposition; the DAG of an ECMP routing has
     * no cycles, so it ends). Returns {path (node indices), fraction} pairs.
     */
    List<Map.Entry<int[], Double>> decompose(Column c, int s, int t) {
        if (c.path() != null) {
            return List.of(Map.entry(c.path(), 1.0));
        }
        double[] hopFlow = new double[hopCount];
        List<Link> links = network.links();
        for (int i = 0; i < c.links().length; i++) {
            Link l = links.get(c.links()[i]);
            int h = hop(network.nodeIndex(l.src()), network.nodeIndex(l.dst()));
            hopFlow[h] += c.fractions()[i];
        }
        List<Map.Entry<int[], Double>> out = new ArrayList<>();
        double left = 1.0;
        while (left > 1e-12) {
            List<Integer> path = new ArrayList<>();
            List<Integer> used = new ArrayList<>();
            int v = s;
            path.add(v);
            double bottleneck = Double.POSITIVE_INFINITY;
            while (v != t) {
                int best = -1;
                for (int h : outHops[v]) {
                    if (hopFlow[h] > 1e-12 && (best < 0 || hopFlow[h] > hopFlow[best])) {
                        best = h;
                    }
                }
                if (best < 0 || path.size() > n) {
                    break;
                }
                used.add(best);
                bottleneck = Math.min(bottleneck, hopFlow[best]);
                v = hopDst[best];
                path.add(v);
            }
            if (v != t) {
                break;
            }
            for (int h : used) {
                hopFlow[h] -= bottleneck;
            }
            out.add(Map.entry(path.stream().mapToInt(Integer::intValue).toArray(), bottleneck));
            left -= bottleneck;
        }
        return out;
    }

    /**
     * Shortest distances to {@code t} over the reversed hops with the given hop lengths
     * (Dijkstra), and for every node the first hop of a shortest path ({@code -1} if none).
     */
    void shortestTo(int t, double[] hopLength, double[] dist, int[] nextHop) {
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(nextHop, -1);
        dist[t] = 0;
        PriorityQueue<double[]> pq = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        pq.add(new double[] {0, t});
        while (!pq.isEmpty()) {
            double[] top = pq.poll();
            int v = (int) top[1];
            if (top[0] > dist[v]) {
                continue;
            }
            for (int h : inHops[v]) {
                int u = hopSrc[h];
                double d = top[0] + hopLength[h];
                if (d < dist[u]) {
                    dist[u] = d;
                    nextHop[u] = h;
                    pq.add(new double[] {d, u});
                }
            }
        }
    }

    /** The node path from {@code s} to {@code t} along {@code nextHop} (from {@link #shortestTo}). */
    int[] pathFrom(int s, int t, int[] nextHop) {
        List<Integer> p = new ArrayList<>();
        int v = s;
        p.add(v);
        while (v != t) {
            int h = nextHop[v];
            if (h < 0 || p.size() > n) {
                return null;
            }
            v = hopDst[h];
            p.add(v);
        }
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether every node of {@code targets} can be reached from {@code s} over the up links. */
    boolean reachesAll(int s, BitSet targets) {
        BitSet seen = new BitSet(n);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        queue[tail++] = s;
        seen.set(s);
        while (head < tail) {
            int v = queue[head++];
            for (int h : outHops[v]) {
                int u = hopDst[h];
                if (!seen.get(u)) {
                    seen.set(u);
                    queue[tail++] = u;
                }
            }
        }
        BitSet missing = (BitSet) targets.clone();
        missing.andNot(seen);
        return missing.isEmpty();
    }
}
