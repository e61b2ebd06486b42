package io.twinloop.model.plan;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Proposes IGP weight changes that lower the maximum link utilisation (MLU) of a demand matrix:
 * a small, deterministic local search in the spirit of B. Fortz and M. Thorup, "Internet traffic
 * engineering by optimizing OSPF weights", IEEE INFOCOM 2000.
 *
 * <p>Each iteration routes the current weights with {@link EcmpRouter} (per-hop ECMP), takes the
 * {@value #HOT_LINKS} most utilised links and evaluates single-weight moves around them:
 * <ul>
 *   <li>raising a hot link's weight to the exact values at which traffic towards some destination
 *       starts to split onto (tie) or fully moves to (tie + 1) the best alternative next hop, plus
 *       a few geometric steps ({@code w+1, 2w, 4w});</li>
 *   <li>lowering the weight of a sibling link (same tail node, currently not a shortest next hop)
 *       to the value that makes it tie with, or beat, the hot link's path.</li>
 * </ul>
 * A move is accepted when it improves the objective lexicographically: first the MLU, then
 * Fortz-Thorup's convex piecewise-linear link cost Phi as a tie-breaker that lets the search leave
 * plateaus where several links share the maximum. The search stops when no move improves, after
 * {@code maxIterations} accepted moves, and never changes more than {@code maxChanges} distinct
 * links. All weights it sets are integers in [1, 65535]. Changing weights never changes
 * reachability, so no demand becomes unrouted (and candidates are checked for that anyway); admin
 * states are never touched.
 *
 * <p>Deterministic: candidates are generated and compared in a fixed order (link index, weight),
 * with no randomness, so the same input always gives the same plan.
 *
 * <p>Cost: every candidate is evaluated by a full {@link EcmpRouter} routing, and an iteration
 * evaluates at most {@value #HOT_LINKS} x 48 candidates (plus one distance computation per
 * destination). That is instant on backbones such as Abilene or GEANT; on networks with
 * thousands of nodes and a full demand matrix choose small budgets.
 */
public final class IgpWeightSearch {

    /** Number of most-utilised links whose neighbourhood is searched per iteration. */
    public static final int HOT_LINKS = 3;
    /** Smallest weight the search sets. */
    public static final int MIN_WEIGHT = 1;
    /** Largest weight the search sets (the OSPF 16-bit interface cost). */
    public static final int MAX_WEIGHT = 65535;

    private static final int MAX_CANDIDATES_PER_LINK = 24;
    private static final double REL_EPS = 1e-12;

    private final int maxChanges;
    private final int maxIterations;

    /**
     * @param maxChanges    most links whose weight the plan may change ({@code >= 0})
     * @param maxIterations most improving moves to make ({@code >= 0})
     */
    public IgpWeightSearch(int maxChanges, int maxIterations) {
        if (maxChanges < 0) {
            throw new IllegalArgumentException("maxChanges must be >= 0, got " + maxChanges);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        this.maxChanges = maxChanges;
        this.maxIterations = maxIterations;
    }

    /** The change budget. */
    public int maxChanges() {
        return maxChanges;
    }

    /** The iteration budget. */
    public int maxIterations() {
        return maxIterations;
    }

    /**
     * Searches weights that lower the MLU of routing {@code demands} on {@code network}, all links up.
     *
     * @return {@link SetLinkWeight} actions (one per changed link, in link order) whose MLU is
     *         strictly below the current one, or {@link Plan#empty()} if no such change was found
     * @throws InvalidNetworkException if a demand names an unknown node
     */
    public Plan minimizeMaxUtilization(Network network, List<Demand> demands) {
        return minimizeMaxUtilization(network, demands, new BitSet());
    }

    /**
     * As {@link #minimizeMaxUtilization(Network, List)}, with {@code downLinks} administratively down
     * (they keep their state and are never given weights).
     */
    public Plan minimizeMaxUtilization(Network network, List<Demand> demands, BitSet downLinks) {
        if (network == null || demands == null) {
            throw new InvalidNetworkException(network == null ? "network" : "demands", "must not be null");
        }
        BitSet down = downLinks == null ? new BitSet() : (BitSet) downLinks.clone();
        List<Link> links = network.links();
        int m = links.size();
        double[] original = new double[m];
        for (int i = 0; i < m; i++) {
            original[i] = links.get(i).igpWeight();
        }
        double[] w = original.clone();
        Eval base = evaluate(network, w, demands, down);
        if (base.mlu <= 0 || maxChanges == 0 || maxIterations == 0) {
            return Plan.empty();
        }
        Eval current = base;
        for (int iter = 0; iter < maxIterations; iter++) {
            Move best = null;
            Eval bestEval = current;
            for (Move mv : candidates(network, w, original, demands, down, current)) {
                double[] trial = w.clone();
                trial[mv.link] = mv.weight;
                Eval e = evaluate(network, trial, demands, down);
                if (e.unroutedBps > base.unroutedBps) {
                    continue; // cannot happen with positive weights; defensive
                }
                if (better(e, bestEval)) {
                    best = mv;
                    bestEval = e;
                }
            }
            if (best == null) {
                break;
            }
            w[best.link] = best.weight;
            current = bestEval;
        }
        if (!(current.mlu < base.mlu * (1 - REL_EPS))) {
            return Plan.empty();
        }
        List<PlanAction> actions = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (w[i] != original[i]) {
                actions.add(new SetLinkWeight(links.get(i).id(), w[i]));
            }
        }
        return new Plan(actions);
    }

    private record Move(int link, double weight) {
    }

    private record Eval(double mlu, double phi, double unroutedBps, double[] util) {
    }

    private static boolean better(Eval a, Eval b) {
        if (a.mlu < b.mlu * (1 - REL_EPS)) {
            return true;
        }
        if (a.mlu > b.mlu * (1 + REL_EPS)) {
            return false;
        }
        return a.phi < b.phi * (1 - REL_EPS);
    }

    private List<Move> candidates(Network network, double[] w, double[] original, List<Demand> demands, BitSet down,
                                  Eval current) {
        List<Link> links = network.links();
        int m = links.size();
        int changed = 0;
        for (int i = 0; i < m; i++) {
            if (w[i] != original[i]) {
                changed++;
            }
        }
        // hot links: highest utilisation first, ties by index
        List<Integer> hot = new ArrayList<>();
        for (int k = 0; k < HOT_LINKS; k++) {
            int arg = -1;
            for (int i = 0; i < m; i++) {
                if (!hot.contains(i) && current.util[i] > 0 && (arg < 0 || current.util[i] > current.util[arg])) {
                    arg = i;
                }
            }
            if (arg < 0) {
                break;
            }
            hot.add(arg);
        }
        Network net = withWeights(network, w);
        EcmpRouter router = new EcmpRouter(net, down);
        // destinations that carry traffic, in node order
        boolean[] isDst = new boolean[network.nodes().size()];
        for (Demand d : demands) {
            if (d.rateBps() > 0) {
                isDst[network.nodeIndex(d.dst())] = true;
            }
        }
        List<double[]> dists = new ArrayList<>();
        for (int t = 0; t < isDst.length; t++) {
            if (isDst[t]) {
                dists.add(router.distancesTo(network.nodes().get(t).name()));
            }
        }
        List<List<Integer>> outLinks = new ArrayList<>();
        for (int i = 0; i < network.nodes().size(); i++) {
            outLinks.add(new ArrayList<>());
        }
        for (int i = 0; i < m; i++) {
            if (!down.get(i)) {
                outLinks.get(network.nodeIndex(links.get(i).src())).add(i);
            }
        }
        List<Move> moves = new ArrayList<>();
        for (int b : hot) {
            Link hl = links.get(b);
            int u = network.nodeIndex(hl.src());
            int v = network.nodeIndex(hl.dst());
            TreeSet<Double> raise = new TreeSet<>();
            raise.add(w[b] + 1);
            raise.add(2 * w[b]);
            raise.add(4 * w[b]);
            List<Move> lower = new ArrayList<>();
            for (double[] d : dists) {
                if (!onShortestPath(d[u], w[b], d[v])) {
                    continue;
                }
                double alt = Double.POSITIVE_INFINITY;
                for (int a : outLinks.get(u)) {
                    if (a == b) {
                        continue;
                    }
                    double dx = d[network.nodeIndex(links.get(a).dst())];
                    if (Double.isInfinite(dx)) {
                        continue;
                    }
                    alt = Math.min(alt, w[a] + dx);
                    if (!onShortestPath(d[u], w[a], dx)) {
                        // lower sibling a so that it ties with (or beats) the current shortest path
                        double tie = Math.floor(d[u] - dx + 1e-9);
                        for (double c : new double[] {tie, tie - 1}) {
                            Move mv = new Move(a, c);
                            if (c >= MIN_WEIGHT && c < w[a] && c <= MAX_WEIGHT && !lower.contains(mv)) {
                                lower.add(mv);
                            }
                        }
                    }
                }
                if (Double.isFinite(alt)) {
                    double tie = Math.ceil(alt - d[v] - 1e-9);
                    raise.add(tie);
                    raise.add(tie + 1);
                }
            }
            int added = 0;
            for (double c : raise) {
                double cw = Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, Math.rint(c)));
                if (cw > w[b] && added < MAX_CANDIDATES_PER_LINK) {
                    addIfAffordable(moves, new Move(b, cw), w, original, changed);
                    added++;
                }
            }
            lower.sort((x, y) -> x.link != y.link ? Integer.compare(x.link, y.link) : Double.compare(x.weight, y.weight));
            for (int i = 0; i < lower.size() && i < MAX_CANDIDATES_PER_LINK; i++) {
                addIfAffordable(moves, lower.get(i), w, original, changed);
            }
        }
        return moves;
    }

    private void addIfAffordable(List<Move> moves, Move mv, double[] w, double[] original, int changed) {
        boolean wasChanged = w[mv.link] != original[mv.link];
        boolean willBeChanged = mv.weight != original[mv.link];
        int after = changed - (wasChanged ? 1 : 0) + (willBeChanged ? 1 : 0);
        if (after <= maxChanges && !moves.contains(mv)) {
            moves.add(mv);
        }
    }

    private static boolean onShortestPath(double du, double weight, double dv) {
        if (Double.isInfinite(du) || Double.isInfinite(dv)) {
            return false;
        }
        return Math.abs(du - (weight + dv)) <= 1e-9 * Math.max(1.0, du);
    }

    private static Network withWeights(Network network, double[] w) {
        List<Link> links = network.links();
        List<Link> out = new ArrayList<>(links.size());
        boolean changed = false;
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.igpWeight() != w[i]) {
                out.add(l.withIgpWeight(w[i]));
                changed = true;
            } else {
                out.add(l);
            }
        }
        return changed ? network.withLinks(out) : network;
    }

    private static Eval evaluate(Network network, double[] w, List<Demand> demands, BitSet down) {
        Network net = withWeights(network, w);
        RoutingResult r = new EcmpRouter(net, down).route(demands);
        List<Link> links = network.links();
        double[] load = r.loadBps();
        double[] util = new double[links.size()];
        double mlu = 0;
        double phi = 0;
        for (int i = 0; i < links.size(); i++) {
            if (down.get(i)) {
                continue;
            }
            double cap = links.get(i).capacityBps();
            if (cap > 0) {
                util[i] = load[i] / cap;
                mlu = Math.max(mlu, util[i]);
                phi += cap * fortzThorup(util[i]);
            } else {
                phi += 5000 * load[i]; // no capacity: every bit is overload
                util[i] = Kpis.utilization(load[i], cap);
                mlu = Math.max(mlu, util[i]);
            }
        }
        return new Eval(mlu, phi, r.unroutedBps(), util);
    }

    /** Fortz-Thorup link cost per unit capacity: slopes 1, 3, 10, 70, 500, 5000 at 1/3, 2/3, 9/10, 1, 11/10. */
    static double fortzThorup(double u) {
        if (u <= 1.0 / 3) {
            return u;
        }
        if (u <= 2.0 / 3) {
            return 3 * u - 2.0 / 3;
        }
        if (u <= 0.9) {
            return 10 * u - 16.0 / 3;
        }
        if (u <= 1.0) {
            return 70 * u - 178.0 / 3;
        }
        if (u <= 1.1) {
            return 500 * u - 1468.0 / 3;
        }
        return 5000 * u - 16318.0 / 3;
    }
}
