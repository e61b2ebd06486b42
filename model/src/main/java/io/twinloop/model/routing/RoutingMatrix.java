package io.twinloop.model.routing;

import io.twinloop.model.Network;

import java.util.Arrays;

/**
 * The routing matrix {@code A} of a network: {@code A[l][p]} is the fraction of origin-destination
 * pair {@code p}'s traffic that crosses link {@code l}, exactly as {@link EcmpRouter} routes it
 * (per-hop ECMP splits over up links, path policies by their fractions and parallel links, down
 * links and broken policy paths excluded). So for any traffic matrix {@code x},
 * {@code A x} equals {@link EcmpRouter#route}'s link loads (up to floating-point summation
 * order), and a pair whose column sums to less than its path length lost that part (unreachable
 * destination, broken policy path).
 *
 * <p>Pairs are every ordered pair of distinct nodes, source-major over the network's node order:
 * {@code p = s * (n - 1) + (d < s ? d : d - 1)}. The matrix is stored sparse, column by column
 * (per pair the links it crosses and the fractions), which serves both {@code A x} and
 * {@code A^T y} in one pass over the non-zeros.
 *
 * <p><b>Construction.</b> One shortest-path DAG per destination ({@link EcmpRouter}'s own
 * Dijkstra and next-hop test, so ties are decided identically); for each source the unit flow is
 * pushed down the part of the DAG it reaches, nodes taken farthest first. Cost per destination:
 * the Dijkstra plus, per source, the size of its sub-DAG; on a 754-node network about a second.
 *
 * <p>Size: a little over 300 lines because it is one kernel (construction per destination plus
 * the two products every estimator iteration runs); splitting it would only scatter its arrays.
 */
public final class RoutingMatrix {

    private final Network network;
    private final int n;
    private final int links;
    private final int[] start;
    private final int[] link;
    private final double[] fraction;

    private RoutingMatrix(Network network, int links, int[] start, int[] link, double[] fraction) {
        this.network = network;
        this.n = network.nodes().size();
        this.links = links;
        this.start = start;
        this.link = link;
        this.fraction = fraction;
    }

    /** The routing matrix of {@code router}'s network under its link states and path policies. */
    public static RoutingMatrix of(EcmpRouter router) {
        Network net = router.network();
        int n = net.nodes().size();
        int m = net.links().size();
        int pairs = n * (n - 1);
        int[] start = new int[pairs + 1];
        Growable g = new Growable(Math.max(16, pairs * 4));
        int[][] out = router.outCsr();
        int[] outStart = out[0];
        int[] outLinks = out[1];
        EcmpRouter.Scratch s = router.newScratch();
        // per destination: next hops of every node (CSR), rebuilt each time
        int[] nhStart = new int[n + 1];
        int[] nhLinks = new int[Math.max(1, outLinks.length)];
        double[] prob = new double[n];
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int[] reached = new int[n];
        double[] acc = new double[m];
        int[] touched = new int[m];
        // columns are built per destination but stored per source-major pair: buffer per destination
        int[][] colLinks = new int[pairs][];
        double[][] colFrac = new double[pairs][];
        int[] tmpL = new int[m];
        double[] tmpF = new double[m];
        for (int t = 0; t < n; t++) {
            router.shortestPathsTo(t, s);
            int k = 0;
            for (int v = 0; v < n; v++) {
                nhStart[v] = k;
                if (v == t || !s.reachable(v)) {
                    continue;
                }
                for (int e = outStart[v]; e < outStart[v + 1]; e++) {
                    int l = outLinks[e];
                    if (router.nextHop(s, v, l)) {
                        nhLinks[k++] = l;
                    }
                }
            }
            nhStart[n] = k;
            for (int src = 0; src < n; src++) {
                if (src == t) {
                    continue;
                }
                int p = index(n, src, t);
                int pk = router.policyOf(src, t);
                int cnt = 0;
                if (pk >= 0) {
                    cnt = policyColumn(router, pk, acc, touched, tmpL, tmpF);
                } else if (s.reachable(src)) {
                    // the sub-DAG reached from src, farthest (highest settle rank) first
                    int r = 0;
                    int sp = 0;
                    stack[sp++] = src;
                    seen[src] = true;
                    while (sp > 0) {
                        int v = stack[--sp];
                        reached[r++] = v;
                        for (int e = nhStart[v]; e < nhStart[v + 1]; e++) {
                            int u = router.linkDst(nhLinks[e]);
                            if (!seen[u]) {
                                seen[u] = true;
                                stack[sp++] = u;
                            }
                        }
                    }
                    sortByRankDescending(reached, r, s.rank);
                    prob[src] = 1.0;
                    for (int i = 0; i < r; i++) {
                        int v = reached[i];
                        seen[v] = false;
                        double f = prob[v];
                        prob[v] = 0;
                        int h = nhStart[v + 1] - nhStart[v];
                        if (h == 0 || f == 0) {
                            continue;
                        }
                        double share = f / h;
                        for (int e = nhStart[v]; e < nhStart[v + 1]; e++) {
                            int l = nhLinks[e];
                            tmpL[cnt] = l;
                            tmpF[cnt++] = share;
                            prob[router.linkDst(l)] += share;
                        }
                    }
                }
                colLinks[p] = Arrays.copyOf(tmpL, cnt);
                colFrac[p] = Arrays.copyOf(tmpF, cnt);
            }
        }
        for (int p = 0; p < pairs; p++) {
            start[p] = g.size;
            g.add(colLinks[p], colFrac[p]);
            colLinks[p] = null;
            colFrac[p] = null;
        }
        start[pairs] = g.size;
        return new RoutingMatrix(net, m, start, Arrays.copyOf(g.link, g.size), Arrays.copyOf(g.frac, g.size));
    }

    private static int policyColumn(EcmpRouter router, int k, double[] acc, int[] touched, int[] outL, double[] outF) {
        double[] fr = router.policyFractions(k);
        boolean[] broken = router.policyBroken(k);
        int[][][] hops = router.policyHops(k);
        int nt = 0;
        for (int j = 0; j < fr.length; j++) {
            if (broken[j]) {
                continue;
            }
            for (int[] hop : hops[j]) {
                double share = fr[j] / hop.length;
                for (int l : hop) {
                    if (acc[l] == 0) {
                        touched[nt++] = l;
                    }
                    acc[l] += share;
                }
            }
        }
        for (int i = 0; i < nt; i++) {
            int l = touched[i];
            outL[i] = l;
            outF[i] = acc[l];
            acc[l] = 0;
        }
        return nt;
    }

    /** Insertion sort for short runs, else a boxed-free sort on (rank, node) packed into longs. */
    private static void sortByRankDescending(int[] nodes, int r, int[] rank) {
        if (r <= 24) {
            for (int i = 1; i < r; i++) {
                int v = nodes[i];
                int rv = rank[v];
                int j = i - 1;
                while (j >= 0 && rank[nodes[j]] < rv) {
                    nodes[j + 1] = nodes[j];
                    j--;
                }
                nodes[j + 1] = v;
            }
            return;
        }
        long[] keys = new long[r];
        for (int i = 0; i < r; i++) {
            keys[i] = ((long) (Integer.MAX_VALUE - rank[nodes[i]]) << 32) | nodes[i];
        }
        Arrays.sort(keys);
        for (int i = 0; i < r; i++) {
            nodes[i] = (int) keys[i];
        }
    }

    /** Pair index of (src, dst) over {@code n} nodes; -1 when {@code src == dst}. */
    public static int index(int n, int src, int dst) {
        if (src == dst) {
            return -1;
        }
        return src * (n - 1) + (dst < src ? dst : dst - 1);
    }

    /** The network this matrix routes. */
    public Network network() {
        return network;
    }

    /** Number of nodes. */
    public int nodes() {
        return n;
    }

    /** Number of links (rows). */
    public int links() {
        return links;
    }

    /** Number of pairs (columns), {@code n (n - 1)}. */
    public int pairs() {
        return n * (n - 1);
    }

    /** Stored non-zeros. */
    public int nonZeros() {
        return start[start.length - 1];
    }

    /** Pair index of (src, dst) by node index, -1 when equal. */
    public int pair(int src, int dst) {
        return index(n, src, dst);
    }

    /** Source node index of pair {@code p}. */
    public int src(int p) {
        return p / (n - 1);
    }

    /** Destination node index of pair {@code p}. */
    public int dst(int p) {
        int s = p / (n - 1);
        int d = p % (n - 1);
        return d < s ? d : d + 1;
    }

    /** First non-zero of column {@code p}; the column ends at {@code columnStart(p + 1)}. */
    public int columnStart(int p) {
        return start[p];
    }

    /** Link of non-zero {@code k}. */
    public int linkAt(int k) {
        return link[k];
    }

    /** Fraction of non-zero {@code k}. */
    public double fractionAt(int k) {
        return fraction[k];
    }

    /** {@code A x}: the load on every link of the pair rates {@code x}. */
    public double[] times(double[] x) {
        double[] y = new double[links];
        for (int p = 0; p < x.length; p++) {
            double v = x[p];
            if (v != 0) {
                for (int k = start[p]; k < start[p + 1]; k++) {
                    y[link[k]] += fraction[k] * v;
                }
            }
        }
        return y;
    }

    /** {@code A^T y}: per pair the fraction-weighted sum of {@code y} over the links it crosses. */
    public double[] transposeTimes(double[] y) {
        double[] out = new double[pairs()];
        for (int p = 0; p < out.length; p++) {
            double acc = 0;
            for (int k = start[p]; k < start[p + 1]; k++) {
                acc += fraction[k] * y[link[k]];
            }
            out[p] = acc;
        }
        return out;
    }

    private static final class Growable {
        int[] link;
        double[] frac;
        int size;

        Growable(int capacity) {
            link = new int[capacity];
            frac = new double[capacity];
        }

        void add(int[] ls, double[] fs) {
            if (size + ls.length > link.length) {
                int cap = Math.max(link.length * 2, size + ls.length);
                link = Arrays.copyOf(link, cap);
                frac = Arrays.copyOf(frac, cap);
            }
            System.arraycopy(ls, 0, link, size, ls.length);
            System.arraycopy(fs, 0, frac, size, fs.length);
            size += ls.length;
        }
    }
}
