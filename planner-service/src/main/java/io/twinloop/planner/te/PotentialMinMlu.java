package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.OdPair;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.SetPathPolicy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A first-order min-MLU solver for instances too large for the path LP (hundreds of thousands of
 * demands): block-coordinate Frank-Wolfe on the exponential potential of the link utilisations,
 * with a certified lower bound.
 *
 * <p><b>Method.</b> The traffic of each source is one block: a convex combination of
 * shortest-path <em>trees</em> (each tree routes all of the source's demands). The potential is
 * {@code Phi = (1/eta) ln sum_h exp(eta u_h)} over the utilisations {@code u_h} of the hops (a hop's
 * utilisation is that of its busiest parallel link), a smooth upper bound of the MLU within
 * {@code ln(H)/eta}. A block step computes the source's shortest-path tree under the gradient
 * lengths {@code p_h = dPhi/dload_h} and moves the source's flow towards it with an exact line
 * search (Newton on one variable); {@code eta} grows as the solution improves. This is the
 * exponential-potential method of D. Bienstock, <i>Potential Function Methods for Approximately
 * Solving Linear Programming Problems</i> (Kluwer, 2002), close to M. Fratta, M. Gerla, L.
 * Kleinrock's flow deviation (Networks 3(2), 1973).
 *
 * <p><b>Lower bound.</b> For any non-negative hop lengths {@code p}, LP duality gives
 * {@code MLU* >= sum_(s,t) d(s,t) dist_p(s,t) / sum_h cap_h p_h}. Every few sweeps the trees of
 * all sources are computed with the same lengths (in parallel), which yields this bound; the
 * solver stops when the MLU of its flow is within {@code targetGap} of the bound, so the answer's
 * distance to the optimum is proven, not estimated.
 *
 * <p><b>Plan.</b> A source's flow is a weighted set of trees, so a demand's routing is the paths
 * of those trees to its destination with the trees' weights: exactly an SR-TE policy with split
 * ratios. Parallel links of a hop share its flow equally, as the router does.
 *
 * <p>Hot kernel: this is one algorithm, and its size is its inner loops. The block step, the exact
 * line search, the parallel tree sweep for the bound and the extraction of the trees as policies all
 * work in place on the same primitive arrays (hop loads, tree weights, per-thread workspaces) over
 * hundreds of thousands of demands; split into classes they would only pass those arrays around,
 * and no part is of use without the others.
 *
 * <p>Scope: one traffic sample, the MLU as the only objective, every demand movable. Not
 * thread-safe per instance.
 */
final class PotentialMinMlu {

    /** Per-sweep trace on stderr, as {@link MinMluSolver#TRACE}. */
    private static final boolean TRACE = MinMluSolver.TRACE;

    /**
     * @param timeLimitMillis stop after this much wall time (0 = none)
     * @param targetGap       stop when {@code MLU <= (1 + targetGap) x lower bound}
     * @param maxSweeps       most sweeps over the sources
     * @param threads         threads for the lower-bound passes
     */
    record Options(long timeLimitMillis, double targetGap, int maxSweeps, int threads) {
        Options {
            if (!(targetGap > 0) || maxSweeps < 1 || threads < 1 || timeLimitMillis < 0) {
                throw new IllegalArgumentException("targetGap > 0, maxSweeps >= 1, threads >= 1, timeLimitMillis >= 0");
            }
        }

        static Options defaults() {
            return new Options(8000, 0.01, 10_000, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        }
    }

    /**
     * The answer.
     *
     * @param mlu            MLU of the flow found (real units; the plan routes exactly this flow)
     * @param lowerBound     proven lower bound of the optimum
     * @param bindingLinkIds links on the hops that carry the potential's weight at the end (the
     *                       lower bound's dual lengths)
     * @param policies       one policy per routable demand
     * @param sweeps         sweeps run
     * @param unroutableBps  traffic of demands with no path
     * @param millis         wall time
     * @param dualLinkLengths per link index, the lengths {@code p} that give {@code lowerBound} (0 on
     *                        links without a capacity limit; a hop's length on each of its links),
     *                        so that anyone can recompute the bound with their own shortest paths
     */
    record Result(double mlu, double lowerBound, List<String> bindingLinkIds, List<SetPathPolicy> policies,
                  int sweeps, double unroutableBps, double millis, double[] dualLinkLengths) {
    }

    /** Trees of a source below this weight are dropped from the final plan (folded into its heaviest). */
    static final double FINAL_MIN_WEIGHT = 1e-7;
    /** The sharpest potential: it overestimates the MLU by at most this fraction. */
    static final double MIN_SLACK = 1e-3;

    private final TeGraph g;
    private final Options opt;
    private final int n;
    private final int hc;
    private final double[] cap; // effective hop capacity (parallel links x smallest), +inf = unconstrained
    private final boolean[] limited;

    // demands by source (rates normalised by scale)
    private int[] sources;
    private int[][] dests;
    private double[][] rates;
    private double scale = 1;
    private double unroutableBps;

    // flow state
    private double[][] x; // [source block][hop]
    private final double[] load;
    private final double[] lw; // eta * util
    private final double[] w; // exp(lw - shift)
    private double wTotal;
    private double shift;
    private double eta;
    private List<List<Tree>> trees;

    /** A shortest-path tree of a source, its weight in the source's flow, and its (sparse) hop flow. */
    private record Tree(int[] parentHop, long hash, double[] weight, int[] flowHops, double[] flowValues) {
    }

    PotentialMinMlu(TeGraph graph, Options options) {
        this.g = Objects.requireNonNull(graph, "graph");
        this.opt = Objects.requireNonNull(options, "options");
        n = g.n;
        hc = g.hopCount;
        cap = new double[hc];
        limited = new boolean[hc];
        for (int h = 0; h < hc; h++) {
            double min = Double.POSITIVE_INFINITY;
            for (int l : g.hopLinks[h]) {
                double c = g.capacity[l];
                min = Math.min(min, c > 0 ? c : Double.POSITIVE_INFINITY);
            }
            cap[h] = min * g.hopLinks[h].length;
            limited[h] = !Double.isInfinite(cap[h]);
        }
        load = new double[hc];
        lw = new double[hc];
        w = new double[hc];
    }

    /** Solves for the demands of one traffic sample. */
    Result solve(List<Demand> demands) {
        long t0 = System.nanoTime();
        aggregate(demands);
        int ns = sources.length;
        x = new double[ns][hc];
        trees = new ArrayList<>(ns);
        Workspace ws = new Workspace(n, hc);
        // start: every source on its IGP shortest-path tree
        double[] igp = new double[hc];
        for (int h = 0; h < hc; h++) {
            igp[h] = g.hopWeight[h];
        }
        int[][] initial = new int[ns][];
        for (int b = 0; b < ns; b++) {
            int[] parent = ws.tree(g, sources[b], igp);
            double[] y = new double[hc];
            ws.treeFlow(g, parent, dests[b], rates[b], y);
            x[b] = y;
            for (int h = 0; h < hc; h++) {
                load[h] += y[h];
            }
            initial[b] = parent;
        }
        double u0 = mlu();
        scale = u0 > 0 ? u0 : 1.0;
        for (int b = 0; b < ns; b++) {
            for (int i = 0; i < rates[b].length; i++) {
                rates[b][i] /= scale;
            }
            for (int h = 0; h < hc; h++) {
                x[b][h] /= scale;
            }
        }
        for (int h = 0; h < hc; h++) {
            load[h] /= scale;
        }
        for (int b = 0; b < ns; b++) {
            List<Tree> list = new ArrayList<>();
            list.add(tree(initial[b], hash(initial[b]), x[b], 1.0));
            trees.add(list);
        }
        double slack = 0.25; // eta = ln(H) / (slack x MLU): the potential overestimates the MLU by at most slack
        setEta(slack);
        double lb = 0;
        double[] bestLengths = new double[hc];
        double best = mlu();
        int sweeps = 0;
        ExecutorService pool = opt.threads() > 1 ? Executors.newFixedThreadPool(opt.threads(), r -> {
            Thread t = new Thread(r, "twinloop-te-potential");
            t.setDaemon(true);
            return t;
        }) : null;
        Workspace[] spaces = new Workspace[opt.threads()];
        for (int i = 0; i < spaces.length; i++) {
            spaces[i] = new Workspace(n, hc);
        }
        try {
            while (sweeps < opt.maxSweeps()) {
                if (opt.timeLimitMillis() > 0 && (System.nanoTime() - t0) / 1e6 > opt.timeLimitMillis()) {
                    break;
                }
                sweeps++;
                // a Jacobi sweep: all trees under the same lengths (the lower bound), then block steps
                double[] len = lengths();
                int[][] parents = allTrees(len, pool, spaces);
                double num = 0;
                double den = 0;
                for (int h = 0; h < hc; h++) {
                    den += limited[h] ? cap[h] * len[h] : 0;
                }
                double cx = 0; // cost of the current flow under the same lengths
                for (int h = 0; h < hc; h++) {
                    cx += load[h] * len[h];
                }
                double[] y = new double[hc];
                for (int b = 0; b < ns; b++) {
                    Arrays.fill(y, 0);
                    ws.treeFlow(g, parents[b], dests[b], rates[b], y);
                    for (int h = 0; h < hc; h++) {
                        num += y[h] * len[h];
                    }
                    step(b, parents[b], y);
                }
                if (den > 0 && num / den > lb) {
                    lb = num / den;
                    bestLengths = len;
                }
                // Frank-Wolfe gap of the potential at this sharpness, relative to the bound
                double fwGap = num > 0 ? (cx - num) / num : Double.POSITIVE_INFINITY;
                // Gauss-Seidel sweeps: each source's tree under the lengths of the moment
                for (int b = 0; b < ns; b++) {
                    double[] now = lengths();
                    int[] parent = ws.tree(g, sources[b], now);
                    Arrays.fill(y, 0);
                    ws.treeFlow(g, parent, dests[b], rates[b], y);
                    pairwiseStep(b, parent, y, now);
                }
                double u = mlu();
                best = Math.min(best, u);
                if (TRACE) {
                    System.err.printf(Locale.ROOT, "potential sweep %d: MLU %.6g, bound %.6g, gap %.4f, slack %.4f, FW gap %.4f, %.0f ms%n",
                            sweeps, u * scale, lb * scale, u / lb - 1, slack, fwGap, (System.nanoTime() - t0) / 1e6);
                }
                if (lb > 0 && u <= (1 + opt.targetGap()) * lb) {
                    break;
                }
                // sharpen the potential once it is nearly minimised at this sharpness (its
                // Frank-Wolfe gap is small against its own error, slack x MLU), or when that error
                // exceeds the gap still to close
                if ((fwGap < slack / 4 || slack > (u / lb - 1) / 2) && slack > MIN_SLACK) {
                    slack = Math.max(MIN_SLACK, slack / 2);
                    setEta(slack);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        // trees with a negligible weight would add paths to many policies for nothing: fold them
        // into the heaviest tree of their source (the MLU reported is that of the result)
        for (int b = 0; b < ns; b++) {
            compact(b, FINAL_MIN_WEIGHT);
        }
        double u = mlu();
        if (TRACE) {
            System.err.printf(Locale.ROOT, "potential: MLU %.6g after dropping trees below weight %.0e (was %.6g)%n",
                    u * scale, FINAL_MIN_WEIGHT, best * scale);
        }
        List<String> binding = binding(u);
        long tp = System.nanoTime();
        List<SetPathPolicy> policies = policies();
        if (TRACE) {
            long paths = 0;
            long hops = 0;
            for (SetPathPolicy p : policies) {
                paths += p.paths().size();
                for (WeightedPath wp : p.paths()) {
                    hops += wp.nodes().size() - 1;
                }
            }
            System.err.printf(Locale.ROOT, "potential: %d policies, %d paths, %d hops, extracted in %.0f ms%n",
                    policies.size(), paths, hops, (System.nanoTime() - tp) / 1e6);
        }
        double[] linkLen = new double[g.m];
        for (int h = 0; h < hc; h++) {
            for (int l : g.hopLinks[h]) {
                linkLen[l] = bestLengths[h];
            }
        }
        return new Result(u * scale, lb * scale, binding, policies, sweeps, unroutableBps, (System.nanoTime() - t0) / 1e6,
                linkLen);
    }

    private int[][] allTrees(double[] len, ExecutorService pool, Workspace[] spaces) {
        int ns = sources.length;
        int[][] parents = new int[ns][];
        if (pool == null) {
            for (int b = 0; b < ns; b++) {
                parents[b] = spaces[0].tree(g, sources[b], len);
            }
            return parents;
        }
        int k = spaces.length;
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int part = i;
            fs.add(pool.submit(() -> {
                for (int b = part; b < ns; b += k) {
                    parents[b] = spaces[part].tree(g, sources[b], len);
                }
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return parents;
    }

    /** Current MLU (normalised units). */
    private double mlu() {
        double u = 0;
        for (int h = 0; h < hc; h++) {
            if (limited[h]) {
                u = Math.max(u, load[h] / cap[h]);
            }
        }
        return u;
    }

    private void setEta(double slack) {
        eta = Math.log(Math.max(2, hc)) / (slack * Math.max(1e-12, mlu()));
        shift = Double.NEGATIVE_INFINITY;
        for (int h = 0; h < hc; h++) {
            lw[h] = limited[h] ? eta * load[h] / cap[h] : Double.NEGATIVE_INFINITY;
            shift = Math.max(shift, lw[h]);
        }
        recomputeWeights();
    }

    private void recomputeWeights() {
        wTotal = 0;
        for (int h = 0; h < hc; h++) {
            w[h] = limited[h] ? Math.exp(lw[h] - shift) : 0;
            wTotal += w[h];
        }
    }

    /** Gradient lengths: dPhi/dload per hop (up to a common factor), exactly 0 on unconstrained hops. */
    private double[] lengths() {
        double[] len = new double[hc];
        for (int h = 0; h < hc; h++) {
            len[h] = limited[h] ? w[h] / (wTotal * cap[h]) : 0;
        }
        return len;
    }

    /** A classic Frank-Wolfe step of block {@code b} towards the tree flow {@code y}. */
    private void step(int b, int[] parent, double[] y) {
        double[] xb = x[b];
        double[] dir = new double[hc];
        for (int h = 0; h < hc; h++) {
            dir[h] = y[h] - xb[h];
        }
        double gamma = moveLoads(dir, 1.0);
        if (gamma <= 0) {
            return;
        }
        for (int h = 0; h < hc; h++) {
            xb[h] += gamma * dir[h];
        }
        List<Tree> list = trees.get(b);
        for (Tree t : list) {
            t.weight[0] *= 1 - gamma;
        }
        addTree(b, parent, y, gamma);
    }

    /**
     * A pairwise Frank-Wolfe step of block {@code b} (S. Lacoste-Julien, M. Jaggi, "On the global
     * linear convergence of Frank-Wolfe optimization variants", NeurIPS 2015): weight moves from
     * the block's costliest stored tree under the current lengths to the new tree {@code y}. Plain
     * Frank-Wolfe steps zig-zag near the optimum; these do not, which closes the last percent.
     */
    private void pairwiseStep(int b, int[] parent, double[] y, double[] len) {
        List<Tree> list = trees.get(b);
        Tree away = null;
        double awayCost = Double.NEGATIVE_INFINITY;
        for (Tree t : list) {
            if (t.weight[0] <= 0) {
                continue;
            }
            double c = 0;
            for (int i = 0; i < t.flowHops.length; i++) {
                c += t.flowValues[i] * len[t.flowHops[i]];
            }
            if (c > awayCost) {
                awayCost = c;
                away = t;
            }
        }
        double newCost = 0;
        for (int h = 0; h < hc; h++) {
            newCost += y[h] * len[h];
        }
        if (away == null || !(awayCost - newCost > 1e-12 * Math.abs(awayCost))) {
            return;
        }
        double[] dir = y.clone();
        for (int i = 0; i < away.flowHops.length; i++) {
            dir[away.flowHops[i]] -= away.flowValues[i];
        }
        double gamma = moveLoads(dir, away.weight[0]);
        if (gamma <= 0) {
            return;
        }
        double[] xb = x[b];
        for (int h = 0; h < hc; h++) {
            xb[h] += gamma * dir[h];
        }
        away.weight[0] -= gamma;
        if (away.weight[0] <= 1e-15) {
            away.weight[0] = 0;
            list.remove(away); // a drop step
        }
        addTree(b, parent, y, gamma);
    }

    /**
     * Exact line search of the potential along the per-hop load change {@code dir} on
     * {@code [0, gmax]} (Newton with a bracket on the derivative); applies the step to the loads and
     * weights and returns it (0 = no descent).
     */
    private double moveLoads(double[] dir, double gmax) {
        // the direction's per-hop utilisation change a_h = eta dir / cap
        int[] supp = new int[hc];
        double[] a = new double[hc];
        int k = 0;
        double sw = 0;
        double sa = 0;
        double saa = 0;
        for (int h = 0; h < hc; h++) {
            double d = dir[h];
            if (d != 0 && limited[h]) {
                supp[k] = h;
                a[k] = eta * d / cap[h];
                sw += w[h];
                sa += w[h] * a[k];
                saa += w[h] * a[k] * a[k];
                k++;
            }
        }
        double gamma;
        double rest = Math.max(0, wTotal - sw);
        double d0 = sa / wTotal; // derivative of eta*Phi at 0
        if (k == 0 || d0 >= -1e-15 || !(gmax > 0)) {
            return 0;
        }
        double lo = 0;
        double hi = gmax;
        double[] e1 = eval(supp, a, k, gmax, rest);
        if (e1[0] <= 0) {
            gamma = gmax;
        } else {
            double curv = saa / wTotal - d0 * d0;
            gamma = curv > 0 ? Math.min(gmax, -d0 / curv) : gmax / 2;
            for (int it = 0; it < 6; it++) {
                double[] e = eval(supp, a, k, gamma, rest);
                if (Math.abs(e[0]) <= 1e-9 * Math.abs(d0)) {
                    break;
                }
                if (e[0] > 0) {
                    hi = gamma;
                } else {
                    lo = gamma;
                }
                double next = e[1] > 0 ? gamma - e[0] / e[1] : Double.NaN;
                gamma = next > lo && next < hi ? next : (lo + hi) / 2;
                if (hi - lo < 1e-12 * gmax) {
                    break;
                }
            }
        }
        if (!(gamma > 0)) {
            return 0;
        }
        for (int i = 0; i < k; i++) {
            int h = supp[i];
            load[h] += gamma * dir[h];
            lw[h] = eta * load[h] / cap[h];
        }
        double mx = Double.NEGATIVE_INFINITY;
        for (int h = 0; h < hc; h++) {
            mx = Math.max(mx, lw[h]);
        }
        if (Math.abs(mx - shift) > 30) {
            // keep the largest weight near 1: no overflow, and no underflow of every weight
            shift = mx;
            recomputeWeights();
        } else {
            for (int i = 0; i < k; i++) {
                w[supp[i]] = Math.exp(lw[supp[i]] - shift);
            }
            wTotal = 0;
            for (int h = 0; h < hc; h++) {
                wTotal += w[h];
            }
        }
        return gamma;
    }

    /** {derivative, second derivative} of eta*Phi along the direction at step gamma. */
    private double[] eval(int[] supp, double[] a, int k, double gamma, double rest) {
        double mx = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            mx = Math.max(mx, lw[supp[i]] - shift + gamma * a[i]);
        }
        double off = Math.max(0, mx - 300); // keep exp() finite
        double s0 = rest * Math.exp(-off);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < k; i++) {
            double e = Math.exp(lw[supp[i]] - shift + gamma * a[i] - off);
            s0 += e;
            s1 += e * a[i];
            s2 += e * a[i] * a[i];
        }
        double d1 = s1 / s0;
        return new double[] {d1, s2 / s0 - d1 * d1};
    }

    /** Adds weight {@code gamma} to the tree (a new entry unless the same tree is stored). */
    private void addTree(int b, int[] parent, double[] y, double gamma) {
        List<Tree> list = trees.get(b);
        long hsh = hash(parent);
        for (Tree t : list) {
            if (t.hash == hsh && Arrays.equals(t.parentHop, parent)) {
                t.weight[0] += gamma;
                return;
            }
        }
        list.add(tree(parent, hsh, y, gamma));
        if (list.size() > 200) {
            compact(b, 1e-4);
        }
    }

    private Tree tree(int[] parent, long hsh, double[] y, double weight) {
        int nz = 0;
        for (int h = 0; h < hc; h++) {
            nz += y[h] != 0 ? 1 : 0;
        }
        int[] fh = new int[nz];
        double[] fv = new double[nz];
        nz = 0;
        for (int h = 0; h < hc; h++) {
            if (y[h] != 0) {
                fh[nz] = h;
                fv[nz++] = y[h];
            }
        }
        return new Tree(parent, hsh, new double[] {weight}, fh, fv);
    }

    /** Drops trees with negligible weight and folds it into the heaviest tree; re-derives the block's flow. */
    private void compact(int b, double minWeight) {
        List<Tree> list = trees.get(b);
        Tree heaviest = list.get(0);
        for (Tree t : list) {
            if (t.weight[0] > heaviest.weight[0]) {
                heaviest = t;
            }
        }
        double moved = 0;
        List<Tree> keep = new ArrayList<>();
        for (Tree t : list) {
            if (t != heaviest && t.weight[0] < minWeight) {
                moved += t.weight[0];
            } else {
                keep.add(t);
            }
        }
        if (moved == 0) {
            return;
        }
        heaviest.weight[0] += moved;
        trees.set(b, keep);
        double[] xb = new double[hc];
        for (Tree t : keep) {
            for (int i = 0; i < t.flowHops.length; i++) {
                xb[t.flowHops[i]] += t.weight[0] * t.flowValues[i];
            }
        }
        for (int h = 0; h < hc; h++) {
            load[h] += xb[h] - x[b][h];
            lw[h] = limited[h] ? eta * load[h] / cap[h] : Double.NEGATIVE_INFINITY;
        }
        x[b] = xb;
        shift = Double.NEGATIVE_INFINITY;
        for (int h = 0; h < hc; h++) {
            shift = Math.max(shift, lw[h]);
        }
        recomputeWeights();
    }

    private static long hash(int[] parent) {
        long h = 1125899906842597L;
        for (int p : parent) {
            h = 31 * h + p;
            h ^= h >>> 29;
        }
        return h;
    }

    private List<String> binding(double u) {
        List<String> out = new ArrayList<>();
        for (int h = 0; h < hc; h++) {
            if (limited[h] && load[h] / cap[h] >= u * (1 - 1e-3)) {
                double min = Double.POSITIVE_INFINITY;
                for (int l : g.hopLinks[h]) {
                    min = Math.min(min, g.capacity[l]);
                }
                for (int l : g.hopLinks[h]) {
                    if (g.capacity[l] == min) {
                        out.add(g.network.links().get(l).id());
                    }
                }
            }
        }
        return out;
    }

    /** One policy per demand: the paths of the source's trees to the destination, with the trees' weights. */
    private List<SetPathPolicy> policies() {
        // sources in parallel (a Kdl plan has 1.5 million paths), results in source order
        List<List<SetPathPolicy>> per = java.util.stream.IntStream.range(0, sources.length).parallel()
                .mapToObj(this::policies).toList();
        List<SetPathPolicy> out = new ArrayList<>();
        per.forEach(out::addAll);
        return out;
    }

    private List<SetPathPolicy> policies(int b) {
        List<SetPathPolicy> out = new ArrayList<>(dests[b].length);
        {
            List<Tree> list = trees.get(b);
            double total = 0;
            for (Tree t : list) {
                total += t.weight[0];
            }
            long[][] pathHash = new long[list.size()][];
            for (int j = 0; j < list.size(); j++) {
                pathHash[j] = pathHashes(list.get(j).parentHop, sources[b]);
            }
            int nt = list.size();
            long[] keys = new long[nt];
            double[] wsum = new double[nt];
            int[] rep = new int[nt];
            for (int i = 0; i < dests[b].length; i++) {
                int t = dests[b][i];
                // trees that reach t along the same path form one group (few trees: a linear scan)
                int groups = 0;
                for (int j = 0; j < nt; j++) {
                    long key = pathHash[j][t];
                    int gi = 0;
                    while (gi < groups && keys[gi] != key) {
                        gi++;
                    }
                    if (gi == groups) {
                        keys[gi] = key;
                        wsum[gi] = 0;
                        rep[gi] = j;
                        groups++;
                    }
                    wsum[gi] += list.get(j).weight[0] / total;
                }
                double kept = 0;
                for (int gi = 0; gi < groups; gi++) {
                    kept += wsum[gi] >= TePlanner.MIN_FRACTION ? wsum[gi] : 0;
                }
                List<WeightedPath> paths = new ArrayList<>(groups);
                for (int gi = 0; gi < groups; gi++) {
                    if (wsum[gi] >= TePlanner.MIN_FRACTION) {
                        paths.add(new WeightedPath(nodes(list.get(rep[gi]).parentHop, sources[b], t), wsum[gi] / kept));
                    }
                }
                out.add(new SetPathPolicy(g.names[sources[b]], g.names[t], paths));
            }
        }
        return out;
    }

    private long[] pathHashes(int[] parentHop, int s) {
        long[] ph = new long[n];
        boolean[] done = new boolean[n];
        ph[s] = s + 1L;
        done[s] = true;
        int[] stack = new int[n];
        for (int v = 0; v < n; v++) {
            int top = 0;
            int u = v;
            while (!done[u] && parentHop[u] >= 0) {
                stack[top++] = u;
                u = g.hopSrc[parentHop[u]];
            }
            while (top > 0) {
                int z = stack[--top];
                long p = done[u] ? ph[u] : 0;
                long hsh = p * 0x9E3779B97F4A7C15L + z + 1;
                ph[z] = hsh ^ (hsh >>> 31);
                done[z] = true;
                u = z;
            }
        }
        return ph;
    }

    private List<String> nodes(int[] parentHop, int s, int t) {
        int len = 1;
        for (int v = t; v != s; v = g.hopSrc[parentHop[v]]) {
            len++;
        }
        String[] out = new String[len];
        int i = len;
        for (int v = t; ; v = g.hopSrc[parentHop[v]]) {
            out[--i] = g.names[v];
            if (v == s) {
                break;
            }
        }
        return List.of(out); // immutable already: WeightedPath keeps it without another copy
    }

    private void aggregate(List<Demand> demands) {
        Map<Integer, Map<Integer, Double>> bySrc = new LinkedHashMap<>();
        for (Demand d : demands) {
            if (!(d.rateBps() > 0)) {
                continue;
            }
            int s = g.network.nodeIndex(d.src());
            int t = g.network.nodeIndex(d.dst());
            if (s < 0 || t < 0) {
                throw new IllegalArgumentException("demand " + new OdPair(d.src(), d.dst()).label()
                        + " names a node that is not in network '" + g.network.name() + "'");
            }
            if (s != t) {
                bySrc.computeIfAbsent(s, z -> new LinkedHashMap<>()).merge(t, d.rateBps(), Double::sum);
            }
        }
        // drop destinations a source cannot reach (their traffic is reported as unroutable)
        Workspace ws = new Workspace(n, hc);
        double[] unit = new double[hc];
        Arrays.fill(unit, 1.0);
        List<Integer> srcs = new ArrayList<>();
        List<int[]> ds = new ArrayList<>();
        List<double[]> rs = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Double>> e : bySrc.entrySet()) {
            int[] parent = ws.tree(g, e.getKey(), unit);
            List<Integer> dl = new ArrayList<>();
            List<Double> rl = new ArrayList<>();
            for (Map.Entry<Integer, Double> t : e.getValue().entrySet()) {
                if (parent[t.getKey()] >= 0) {
                    dl.add(t.getKey());
                    rl.add(t.getValue());
                } else {
                    unroutableBps += t.getValue();
                }
            }
            if (!dl.isEmpty()) {
                srcs.add(e.getKey());
                ds.add(dl.stream().mapToInt(Integer::intValue).toArray());
                rs.add(rl.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        sources = srcs.stream().mapToInt(Integer::intValue).toArray();
        dests = ds.toArray(new int[0][]);
        rates = rs.toArray(new double[0][]);
    }

    /** Per-thread scratch space: an indexed binary heap for Dijkstra and the settle order. */
    private static final class Workspace {
        private final double[] dist;
        private final int[] heap;
        private final int[] pos;
        private final int[] order;
        private int orderSize;
        private final double[] acc;

        Workspace(int n, int hc) {
            dist = new double[n];
            heap = new int[n];
            pos = new int[n];
            order = new int[n];
            acc = new double[n];
        }

        /**
         * Shortest-path out-tree from {@code s} (Dijkstra): per node the hop into it, -1 for
         * {@code s} and unreachable nodes. Ties go to the hop found first.
         */
        int[] tree(TeGraph g, int s, double[] len) {
            int n = g.n;
            int[] parent = new int[n];
            Arrays.fill(parent, -1);
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(pos, -1);
            int size = 0;
            orderSize = 0;
            dist[s] = 0;
            heap[size] = s;
            pos[s] = size++;
            while (size > 0) {
                int v = heap[0];
                size--;
                pos[v] = -2;
                if (size > 0) {
                    int last = heap[size];
                    siftDown(last, 0, size);
                }
                order[orderSize++] = v;
                double dv = dist[v];
                for (int h : g.outHops[v]) {
                    int u = g.hopDst[h];
                    if (pos[u] == -2) {
                        continue;
                    }
                    double d = dv + len[h] + 1e-300;
                    if (d < dist[u]) {
                        dist[u] = d;
                        parent[u] = h;
                        if (pos[u] == -1) {
                            heap[size] = u;
                            pos[u] = size;
                            size++;
                        }
                        siftUp(u, pos[u]);
                    }
                }
            }
            return parent;
        }

        private void siftUp(int v, int i) {
            double dv = dist[v];
            while (i > 0) {
                int p = (i - 1) >>> 1;
                int pv = heap[p];
                if (dist[pv] <= dv) {
                    break;
                }
                heap[i] = pv;
                pos[pv] = i;
                i = p;
            }
            heap[i] = v;
            pos[v] = i;
        }

        private void siftDown(int v, int i, int size) {
            double dv = dist[v];
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && dist[heap[c + 1]] < dist[heap[c]]) {
                    c++;
                }
                if (dist[heap[c]] >= dv) {
                    break;
                }
                heap[i] = heap[c];
                pos[heap[i]] = i;
                i = c;
            }
            heap[i] = v;
            pos[v] = i;
        }

        /** Adds the hop loads of routing {@code rates} to {@code dests} along the tree to {@code y}. */
        void treeFlow(TeGraph g, int[] parent, int[] dests, double[] rates, double[] y) {
            int n = g.n;
            Arrays.fill(acc, 0);
            for (int i = 0; i < dests.length; i++) {
                acc[dests[i]] += rates[i];
            }
            // children before parents: reverse of a BFS/Dijkstra order from the root
            int[] ord = bfsOrder(g, parent);
            for (int i = ord.length - 1; i >= 0; i--) {
                int v = ord[i];
                int h = parent[v];
                if (h >= 0 && acc[v] != 0) {
                    y[h] += acc[v];
                    acc[g.hopSrc[h]] += acc[v];
                }
            }
        }

        /** Nodes of the tree, parents before children. */
        private int[] bfsOrder(TeGraph g, int[] parent) {
            int n = g.n;
            int[] depth = new int[n];
            int[] count = new int[n + 1];
            for (int v = 0; v < n; v++) {
                int d = 0;
                int u = v;
                while (parent[u] >= 0 && d <= n) {
                    if (depth[u] > 0) {
                        d += depth[u];
                        break;
                    }
                    u = g.hopSrc[parent[u]];
                    d++;
                }
                depth[v] = d;
            }
            for (int v = 0; v < n; v++) {
                count[depth[v]]++;
            }
            int[] start = new int[n + 1];
            for (int d = 1; d <= n; d++) {
                start[d] = start[d - 1] + count[d - 1];
            }
            int[] out = new int[n];
            for (int v = 0; v < n; v++) {
                out[start[depth[v]]++] = v;
            }
            return out;
        }
    }
}
