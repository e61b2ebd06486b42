package io.twinloop.planner.te;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.routing.RoutingResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The path-based min-MLU linear program, solved with OR-Tools GLOP and made exact by column
 * generation.
 *
 * <p><b>LP.</b> Every demand (an OD pair, with one rate per traffic sample) is split over its
 * <em>columns</em>: its current routing (IGP ECMP, or its existing SR-TE policy) and explicit
 * candidate paths ({@link CandidatePaths}). Variables: {@code x[d, c] >= 0} (fraction of demand
 * {@code d} on column {@code c}) and {@code U} (the MLU). Rows: {@code sum_c x[d, c] = 1} per
 * demand; per sample {@code s} and up link {@code l} with capacity,
 * {@code sum_{d,c} rate_s(d) frac_c(l) x[d, c] / C(l) - U <= -background_s(l) / C(l)}, where the
 * background is the load of the demands that are kept on their current routing (not in the LP).
 * Minimising {@code U} over several samples gives one split that is best for the worst sample
 * (robust planning). Objective: {@code wU U + wLat mean latency + mu (share of traffic moved off
 * its current routing)}, where the last term ({@code mu = 1e-6}) breaks ties in favour of the
 * current routing so that a plan changes only what it must.
 *
 * <p><b>Column generation.</b> With the capacity-row duals {@code lambda(l) >= 0} (they sum to
 * {@code wU}), a path's reduced cost is {@code rate x (sum of lambda(l)/C(l) over its links) +
 * its objective terms - sigma(d)}; a shortest path under those lengths (Dijkstra per destination
 * for one sample, per demand for several) that is cheaper than the demand's best column is added,
 * and the LP is solved again, until no path improves (G. B. Dantzig, P. Wolfe, "Decomposition
 * principle for linear programs", 1960; for multicommodity flow, L. R. Ford, D. R. Fulkerson, "A
 * suggested computation for maximal multi-commodity network flows", Management Science 5(1),
 * 1958). At that point the restricted LP is optimal over <em>all</em> paths, i.e. it equals the
 * edge-based multicommodity-flow optimum. Demands kept on their current routing are priced too
 * (their implicit dual is the cost of their current routing) and join the LP when a path beats it;
 * so a large instance can start with no demand in the LP at all ({@code k = 0}).
 *
 * <p><b>Frozen links</b> ({@link Options#frozenLinks}): a policy must not route over a protected
 * link ({@code io.twinloop.model.rules.PlanChecks}), and a hop counts as routed over when any of its
 * links, up or down, is frozen. New columns (candidates and priced paths) never use such a hop: its
 * pricing length is infinite. A demand whose current routing uses one may stay on it, or move
 * whole: it enters the LP without its current column (a split would make a policy that routes
 * over the frozen link). That choice is made by pricing, not by the LP, so a solve in which such a
 * demand moved is not proven optimal ({@code exact} false); {@link Solution#movedWhole} names those
 * demands, and {@link TePlanner} also solves with them kept in place and takes the better.
 *
 * <p>Rates are divided by the MLU of the current routing, so {@code U} is near 1 and GLOP's
 * absolute tolerances are meaningful whatever the unit of the capacities.
 *
 * <p>Hot kernel: the LP build, the pricing (shortest paths under the duals), the column
 * store and the solution's aggregation are one column-generation loop over the same GLOP model, row
 * indices and per-demand column lists; the solver's time is spent here, and a split would expose
 * that mutable state across classes without a second user of any part.
 *
 * <p>Not thread-safe per instance; create one per solve.
 */
public final class MinMluSolver {

    static {
        Loader.loadNativeLibraries();
    }

    /**
     * Per-round trace on stderr, when this class's logger is at DEBUG (in the planner-service:
     * {@code quarkus.log.category."io.twinloop.planner.te".level=DEBUG}); not a setting of its own.
     */
    static final boolean TRACE = System.getLogger(MinMluSolver.class.getName()).isLoggable(System.Logger.Level.DEBUG);

    /** Weight of the tie-break term that keeps traffic on its current routing. */
    static final double MU = 1e-6;
    /** Penalty per unit of MLU above an ε bound (the elastic form keeps every restricted LP feasible). */
    static final double EXCESS_PENALTY = 1e3;
    /** Columns added per pricing round at least (else as many as there are capacity rows). */
    static final int MIN_COLUMNS_PER_ROUND = 200;
    /** A column enters only when its reduced cost is below minus this. */
    static final double PRICING_TOL = 1e-9;

    /**
     * Options of one solve.
     *
     * @param k                 candidate paths per demand in the initial LP (0 = none: demands start
     *                          on their current routing and enter through column generation)
     * @param mode              how candidates are chosen
     * @param columnGeneration  whether to price out paths until optimal (exact) or stop after the
     *                          initial LP (restricted to the candidates)
     * @param maxRounds         column-generation rounds at most
     * @param mluWeight         weight of the MLU in the objective ({@code > 0} for min-MLU)
     * @param latencyWeight     weight of the traffic-weighted mean propagation latency, per ms (0 = none)
     * @param mluBound          an upper bound on the MLU (ε-constraint), or {@code NaN} for none
     * @param movable           the OD pairs that may leave their current routing, or null for all
     * @param linkUtilizationCaps per link id, a utilisation cap below 1: the link is planned as if
     *                          its capacity were {@code cap x capacity} (empty = none)
     * @param timeLimitMillis   stop column generation after this much wall time (0 = no limit); the
     *                          answer is then the optimum over the columns found (an upper bound,
     *                          {@code exact} false)
     * @param frozenLinks       link ids no policy may route over (the protected links and the links
     *                          of protected nodes: {@code Guardrails.frozenLinkIds}); see "Frozen
     *                          links" in the class comment (empty = none)
     */
    public record Options(int k, CandidatePaths.Mode mode, boolean columnGeneration, int maxRounds,
                          double mluWeight, double latencyWeight, double mluBound, Set<OdPair> movable,
                          Map<String, Double> linkUtilizationCaps, long timeLimitMillis, Set<String> frozenLinks) {

        /** Validates and copies. */
        public Options {
            if (k < 0 || maxRounds < 0) {
                throw new IllegalArgumentException("k and maxRounds must be >= 0");
            }
            Objects.requireNonNull(mode, "mode");
            if (!(mluWeight >= 0) || !(latencyWeight >= 0) || mluWeight + latencyWeight <= 0) {
                throw new IllegalArgumentException("mluWeight and latencyWeight must be >= 0, not both 0");
            }
            movable = movable == null ? null : Set.copyOf(movable);
            linkUtilizationCaps = linkUtilizationCaps == null ? Map.of() : Map.copyOf(linkUtilizationCaps);
            frozenLinks = frozenLinks == null ? Set.of() : Set.copyOf(frozenLinks);
            for (Map.Entry<String, Double> e : linkUtilizationCaps.entrySet()) {
                if (!(e.getValue() > 0)) {
                    throw new IllegalArgumentException("utilisation cap of " + e.getKey() + " must be > 0");
                }
            }
        }

        /**
         * Min-MLU by column generation from the current routing alone ({@code k = 0}), exact: the
         * default. On GEANT this was 3-10x faster than seeding the LP with k = 2..8 Yen or disjoint
         * paths (their computation dominates) and reached the same optimum; see bench/README.md.
         */
        public static Options minMlu() {
            return new Options(0, CandidatePaths.Mode.DISJOINT_FIRST, true, 500, 1.0, 0.0, Double.NaN, null, Map.of(), 0,
                    Set.of());
        }

        /** This with {@code k} initial candidates of {@code mode}. */
        public Options withCandidates(int newK, CandidatePaths.Mode newMode) {
            return new Options(newK, newMode, columnGeneration, maxRounds, mluWeight, latencyWeight, mluBound, movable,
                    linkUtilizationCaps, timeLimitMillis, frozenLinks);
        }

        /** This with column generation switched on or off. */
        public Options withColumnGeneration(boolean on) {
            return new Options(k, mode, on, maxRounds, mluWeight, latencyWeight, mluBound, movable, linkUtilizationCaps,
                    timeLimitMillis, frozenLinks);
        }

        /** This with another objective: {@code mluWeight U + latencyWeight meanLatencyMs}, and an MLU bound. */
        public Options withObjective(double newMluWeight, double newLatencyWeight, double newMluBound) {
            return new Options(k, mode, columnGeneration, maxRounds, newMluWeight, newLatencyWeight, newMluBound, movable,
                    linkUtilizationCaps, timeLimitMillis, frozenLinks);
        }

        /** This with only {@code pairs} allowed to move. */
        public Options withMovable(Set<OdPair> pairs) {
            return new Options(k, mode, columnGeneration, maxRounds, mluWeight, latencyWeight, mluBound, pairs,
                    linkUtilizationCaps, timeLimitMillis, frozenLinks);
        }

        /** This with a wall-time limit on column generation (0 = none). */
        public Options withTimeLimit(long millis) {
            return new Options(k, mode, columnGeneration, maxRounds, mluWeight, latencyWeight, mluBound, movable,
                    linkUtilizationCaps, millis, frozenLinks);
        }

        /** This with {@code links} frozen: no policy may route over them. */
        public Options withFrozenLinks(Set<String> links) {
            return new Options(k, mode, columnGeneration, maxRounds, mluWeight, latencyWeight, mluBound, movable,
                    linkUtilizationCaps, timeLimitMillis, links);
        }

        /** This with per-link utilisation caps. */
        public Options withLinkCaps(Map<String, Double> caps) {
            return new Options(k, mode, columnGeneration, maxRounds, mluWeight, latencyWeight, mluBound, movable, caps,
                    timeLimitMillis, frozenLinks);
        }
    }

    /**
     * One demand's routing in the solution.
     *
     * @param pair    the OD pair
     * @param columns the columns with a positive fraction
     * @param shares  their fractions (sum 1)
     * @param current the pair's current routing (its column), or null if it has none that works
     * @param moved   whether the solution differs from the current routing
     */
    record Routing(OdPair pair, List<TeGraph.Column> columns, double[] shares, TeGraph.Column current, boolean moved) {
    }

    /**
     * The LP's answer.
     *
     * @param mlu             the LP's MLU (in real utilisation units; with several samples, the worst)
     * @param objective       the LP objective value
     * @param meanLatencyMs   traffic-weighted mean propagation latency of the LP routing (first sample)
     * @param mluExcess       by how much the MLU bound is exceeded (0 = met)
     * @param bindingLinkIds  links with a positive capacity dual: the ones that limit the objective
     * @param routings        the demands in the LP (others stay on their current routing)
     * @param rounds          column-generation rounds run
     * @param columns         columns in the final LP
     * @param exact           whether column generation proved optimality over all paths
     * @param unroutableBps   traffic of demands with no path at all (first sample)
     * @param solveMillis     wall time of the whole solve
     * @param lowerBound      a proven lower bound of the optimal MLU ({@code mlu} when exact, NaN
     *                        when unknown)
     * @param movedWhole      the pairs that left a current routing over a frozen link whole (see the
     *                        class comment; empty when none)
     */
    record Solution(double mlu, double objective, double meanLatencyMs, double mluExcess, List<String> bindingLinkIds,
                    List<Routing> routings, int rounds, int columns, boolean exact, double unroutableBps,
                    double solveMillis, double lowerBound, Set<OdPair> movedWhole) {
    }

    private final TeGraph g;
    private final List<List<Demand>> samples;
    private final Options opt;

    // demands (aggregated by pair)
    private int nd;
    private int[] src;
    private int[] dst;
    private double[][] rate; // [d][sample], normalised by scale
    private double[] share; // objective weight of d: max rate / sum of max rates
    private OdPair[] pairs;
    private TeGraph.Column[] current;
    private boolean[] movable;
    private boolean[] routable;
    private boolean[] broken; // has a policy with a path the router would drop
    private double scale;
    private double unroutableBps;

    // LP
    private MPSolver lp;
    private MPVariable u;
    private MPVariable excess;
    private MPConstraint[][] capRow; // [sample][link], null when the link has no row
    private double[] invCap; // 1 / effective capacity, 0 = no row
    private double[][] background; // [sample][link], normalised
    private MPConstraint[] sumRow; // null = demand not in the LP
    private List<List<TeGraph.Column>> cols;
    private List<List<MPVariable>> vars;
    private int columnCount;
    private int capacityRows;
    private boolean[] frozenHop; // [hop]: a policy over it would route over a frozen link
    private final Set<OdPair> movedWhole = new LinkedHashSet<>(); // entered without their frozen current column

    /**
     * @param graph   the network state
     * @param samples the traffic samples (at least one); the first is the one latency and the
     *                tie-break refer to
     * @param options what to solve
     */
    public MinMluSolver(TeGraph graph, List<List<Demand>> samples, Options options) {
        this.g = Objects.requireNonNull(graph, "graph");
        this.samples = List.copyOf(samples);
        this.opt = Objects.requireNonNull(options, "options");
        if (this.samples.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic sample is needed");
        }
    }

    /** Solves; see the class comment. */
    Solution solve() {
        long t0 = System.nanoTime();
        aggregate();
        int ns = samples.size();
        int m = g.m;
        invCap = new double[m];
        for (int l = 0; l < m; l++) {
            if (!g.down.get(l) && g.capacity[l] > 0) {
                double cap = opt.linkUtilizationCaps().getOrDefault(g.network.links().get(l).id(), 1.0);
                invCap[l] = 1.0 / (g.capacity[l] * cap);
            }
        }
        frozenHop = frozenHops();
        // the current routing of every demand: scale and background load
        boolean[] inLp = new boolean[nd];
        for (int d = 0; d < nd; d++) {
            inLp[d] = routable[d] && (broken[d] || movable[d] && opt.k() > 0 && !frozenCurrent(d));
        }
        background = new double[ns][];
        double u0 = 0;
        for (int s = 0; s < ns; s++) {
            List<Demand> fixed = new ArrayList<>();
            List<Demand> all = new ArrayList<>();
            for (int d = 0; d < nd; d++) {
                if (routable[d] && rate[d][s] > 0) {
                    Demand dem = new Demand(pairs[d].src(), pairs[d].dst(), rate[d][s]);
                    all.add(dem);
                    if (!inLp[d]) {
                        fixed.add(dem);
                    }
                }
            }
            RoutingResult full = g.router().route(all);
            for (int l = 0; l < m; l++) {
                if (invCap[l] > 0) {
                    u0 = Math.max(u0, full.load(l) * invCap[l]);
                }
            }
            background[s] = fixed.size() == all.size() ? full.loadBps() : g.router().route(fixed).loadBps();
        }
        scale = u0 > 0 ? u0 : 1.0;
        for (int s = 0; s < ns; s++) {
            for (int l = 0; l < m; l++) {
                background[s][l] /= scale;
            }
        }
        for (int d = 0; d < nd; d++) {
            for (int s = 0; s < ns; s++) {
                rate[d][s] /= scale;
            }
        }

        lp = MPSolver.createSolver("GLOP");
        if (lp == null) {
            throw new IllegalStateException("OR-Tools GLOP is not available");
        }
        try {
            return build(inLp, t0);
        } finally {
            lp.delete();
        }
    }

    private Solution build(boolean[] inLp, long t0) {
        int ns = samples.size();
        double inf = MPSolver.infinity();
        u = lp.makeNumVar(0, inf, "U");
        MPObjective obj = lp.objective();
        obj.setMinimization();
        obj.setCoefficient(u, opt.mluWeight());
        if (!Double.isNaN(opt.mluBound())) {
            excess = lp.makeNumVar(0, inf, "excess");
            obj.setCoefficient(excess, EXCESS_PENALTY);
            MPConstraint bound = lp.makeConstraint(-inf, opt.mluBound() / scale, "mluBound");
            bound.setCoefficient(u, 1);
            bound.setCoefficient(excess, -1);
        }
        capRow = new MPConstraint[ns][g.m];
        for (int s = 0; s < ns; s++) {
            for (int l = 0; l < g.m; l++) {
                if (invCap[l] > 0) {
                    MPConstraint c = lp.makeConstraint(-inf, -background[s][l] * invCap[l], "cap" + s + "_" + l);
                    c.setCoefficient(u, -1);
                    capRow[s][l] = c;
                    capacityRows++;
                }
            }
        }
        sumRow = new MPConstraint[nd];
        cols = new ArrayList<>(nd);
        vars = new ArrayList<>(nd);
        for (int d = 0; d < nd; d++) {
            cols.add(null);
            vars.add(null);
        }
        CandidatePaths candidates = opt.k() > 0 ? new CandidatePaths(g) : null;
        for (int d = 0; d < nd; d++) {
            if (!inLp[d]) {
                continue;
            }
            enter(d, false);
            if (candidates != null) {
                for (int[] p : candidates.paths(src[d], dst[d], opt.k(), opt.mode())) {
                    if (!frozen(p)) {
                        addColumn(d, g.pathColumn(p));
                    }
                }
            }
        }
        MPSolver.ResultStatus st = lp.solve();
        check(st);
        int rounds = 0;
        boolean exact = false;
        if (opt.columnGeneration()) {
            while (rounds < opt.maxRounds()) {
                if (opt.timeLimitMillis() > 0 && (System.nanoTime() - t0) / 1e6 > opt.timeLimitMillis()) {
                    break;
                }
                rounds++;
                long tp = System.nanoTime();
                int added = price();
                long ts = System.nanoTime();
                if (added == 0) {
                    exact = true;
                    break;
                }
                check(lp.solve());
                if (TRACE) {
                    System.err.printf(java.util.Locale.ROOT, "round %d: +%d columns, price %.0f ms, solve %.0f ms, U %.6g%n",
                            rounds, added, (ts - tp) / 1e6, (System.nanoTime() - ts) / 1e6, u.solutionValue() * scale);
                }
            }
        }
        return solution(rounds, exact && movedWhole.isEmpty(), t0);
    }

    private void check(MPSolver.ResultStatus st) {
        if (st != MPSolver.ResultStatus.OPTIMAL) {
            throw new IllegalStateException("GLOP returned " + st + " on the min-MLU LP (it is always feasible; "
                    + "this is a numerical failure)");
        }
    }

    /** Puts demand {@code d} into the LP with its current routing as its first column. */
    private void enter(int d, boolean subtractBackground) {
        sumRow[d] = lp.makeConstraint(1, 1, "sum" + d);
        cols.set(d, new ArrayList<>());
        vars.set(d, new ArrayList<>());
        if (current[d] == null && !broken[d]) {
            current[d] = g.ecmpColumn(src[d], dst[d]);
        }
        TeGraph.Column cur = current[d] != null ? current[d] : g.ecmpColumn(src[d], dst[d]);
        if (subtractBackground) {
            for (int s = 0; s < samples.size(); s++) {
                for (int i = 0; i < cur.links().length; i++) {
                    int l = cur.links()[i];
                    if (capRow[s][l] != null) {
                        background[s][l] -= rate[d][s] * cur.fractions()[i];
                        capRow[s][l].setBounds(-MPSolver.infinity(), -background[s][l] * invCap[l]);
                    }
                }
            }
        }
        if (!broken[d] && frozen(cur)) {
            movedWhole.add(pairs[d]); // its first column is the path being added
        } else {
            addColumn(d, cur);
        }
    }

    /** Per hop, whether a frozen link (up or down) joins its ends in its direction. */
    private boolean[] frozenHops() {
        boolean[] out = new boolean[g.hopCount];
        for (Link l : g.network.links()) {
            if (opt.frozenLinks().contains(l.id())) {
                int h = g.hop(g.network.nodeIndex(l.src()), g.network.nodeIndex(l.dst()));
                if (h >= 0) {
                    out[h] = true;
                }
            }
        }
        return out;
    }

    /** Whether the node path {@code p} uses a frozen hop. */
    private boolean frozen(int[] p) {
        for (int i = 1; i < p.length; i++) {
            int h = g.hop(p[i - 1], p[i]);
            if (h >= 0 && frozenHop[h]) {
                return true;
            }
        }
        return false;
    }

    /** Whether column {@code c} puts traffic on a frozen hop. */
    private boolean frozen(TeGraph.Column c) {
        if (opt.frozenLinks().isEmpty()) {
            return false;
        }
        for (int l : c.links()) {
            Link link = g.network.links().get(l);
            int h = g.hop(g.network.nodeIndex(link.src()), g.network.nodeIndex(link.dst()));
            if (h >= 0 && frozenHop[h]) {
                return true;
            }
        }
        return false;
    }

    /** Whether demand {@code d}'s current routing uses a frozen hop (then it can only move whole). */
    private boolean frozenCurrent(int d) {
        if (opt.frozenLinks().isEmpty() || broken[d]) {
            return false;
        }
        if (current[d] == null) {
            current[d] = g.ecmpColumn(src[d], dst[d]);
        }
        return frozen(current[d]);
    }

    private double objectiveCoefficient(int d, TeGraph.Column c) {
        double pen = c == current[d] ? 0.0 : 1.0 + c.hops() / g.n;
        return share[d] * (opt.latencyWeight() * c.latencyMs() + MU * pen);
    }

    private void addColumn(int d, TeGraph.Column c) {
        MPVariable x = lp.makeNumVar(0, MPSolver.infinity(), "");
        for (int s = 0; s < samples.size(); s++) {
            if (rate[d][s] == 0) {
                continue;
            }
            for (int i = 0; i < c.links().length; i++) {
                int l = c.links()[i];
                if (capRow[s][l] != null) {
                    capRow[s][l].setCoefficient(x, rate[d][s] * c.fractions()[i] * invCap[l]);
                }
            }
        }
        sumRow[d].setCoefficient(x, 1);
        lp.objective().setCoefficient(x, objectiveCoefficient(d, c));
        cols.get(d).add(c);
        vars.get(d).add(x);
        columnCount++;
    }

    /** Capacity duals as non-negative prices per sample and link (GLOP reports them <= 0 for min). */
    private double[][] lambdas() {
        int ns = samples.size();
        double[][] lam = new double[ns][g.m];
        double sum = 0;
        for (int s = 0; s < ns; s++) {
            for (int l = 0; l < g.m; l++) {
                if (capRow[s][l] != null) {
                    lam[s][l] = capRow[s][l].dualValue();
                    sum += lam[s][l];
                }
            }
        }
        double sign = sum > 0 ? 1 : -1;
        for (double[] row : lam) {
            for (int l = 0; l < row.length; l++) {
                row[l] = Math.max(0, sign * row[l]);
            }
        }
        return lam;
    }

    private double columnCost(int d, TeGraph.Column c, double[][] lam) {
        double cost = objectiveCoefficient(d, c);
        for (int s = 0; s < samples.size(); s++) {
            double r = rate[d][s];
            if (r == 0) {
                continue;
            }
            for (int i = 0; i < c.links().length; i++) {
                int l = c.links()[i];
                cost += r * c.fractions()[i] * lam[s][l] * invCap[l];
            }
        }
        return cost;
    }

    /** One pricing round; returns the number of columns added. */
    private int price() {
        double[][] lam = lambdas();
        int ns = samples.size();
        int hc = g.hopCount;
        double[][] hopLen = new double[ns][hc];
        for (int s = 0; s < ns; s++) {
            for (int h = 0; h < hc; h++) {
                double x = 0;
                for (int l : g.hopLinks[h]) {
                    x += lam[s][l] * invCap[l];
                }
                hopLen[s][h] = x / g.hopLinks[h].length;
            }
        }
        List<Candidate> found = new ArrayList<>();
        double[] dist = new double[g.n];
        int[] next = new int[g.n];
        if (ns == 1) {
            // lengths per unit of rate are the same for every demand: one Dijkstra per destination
            double shareScale = totalMaxRate();
            double[] len = new double[hc];
            for (int h = 0; h < hc; h++) {
                len[h] = frozenHop[h] ? Double.POSITIVE_INFINITY
                        : hopLen[0][h] + (opt.latencyWeight() * g.hopLatencyMs[h] + MU / g.n) / shareScale;
            }
            // per unit of rate, the cost of a link on the current (ECMP) routing of a fixed demand
            double[] linkLen = new double[g.m];
            for (int l = 0; l < g.m; l++) {
                Link link = g.network.links().get(l);
                linkLen[l] = lam[0][l] * invCap[l]
                        + opt.latencyWeight() * (link.hasLatency() ? link.latencyMs() : 0.0) / shareScale;
            }
            Map<Integer, List<Integer>> byDst = byDestination();
            for (Map.Entry<Integer, List<Integer>> e : byDst.entrySet()) {
                int t = e.getKey();
                g.shortestTo(t, len, dist, next);
                double[] ecmp = null;
                for (int d : e.getValue()) {
                    double r = rate[d][0];
                    double pathCost = r * (dist[src[d]] + MU / shareScale);
                    double best;
                    if (sumRow[d] == null && current[d] == null) {
                        if (ecmp == null) {
                            ecmp = g.ecmpExpected(t, linkLen);
                        }
                        best = r * ecmp[src[d]];
                    } else {
                        best = bestCost(d, lam);
                    }
                    if (pathCost < best - PRICING_TOL * Math.max(1, Math.abs(best))) {
                        found.add(new Candidate(d, pathCost - best, g.pathFrom(src[d], t, next)));
                    }
                }
            }
        } else {
            double[] len = new double[hc];
            for (int d = 0; d < nd; d++) {
                if (!routable[d] || !(movable[d] || broken[d])) {
                    continue;
                }
                for (int h = 0; h < hc; h++) {
                    double x = 0;
                    for (int s = 0; s < ns; s++) {
                        x += rate[d][s] * hopLen[s][h];
                    }
                    len[h] = frozenHop[h] ? Double.POSITIVE_INFINITY
                            : x + share[d] * (opt.latencyWeight() * g.hopLatencyMs[h] + MU / g.n);
                }
                g.shortestTo(dst[d], len, dist, next);
                double pathCost = dist[src[d]] + share[d] * MU;
                double best = bestCost(d, lam);
                if (pathCost < best - PRICING_TOL * Math.max(1, Math.abs(best))) {
                    found.add(new Candidate(d, pathCost - best, g.pathFrom(src[d], dst[d], next)));
                }
            }
        }
        // the most negative reduced costs first, at most maxColumnsPerRound of them: on large
        // instances pricing finds improving paths for far more demands than the optimum needs to
        // split (a basic solution splits at most one demand per capacity row), and a smaller LP
        // re-solves much faster than one with every improving column
        found.sort(java.util.Comparator.comparingDouble(Candidate::reducedCost));
        int limit = Math.max(MIN_COLUMNS_PER_ROUND, capacityRows);
        int added = 0;
        for (Candidate c : found) {
            if (added >= limit) {
                break;
            }
            added += addPath(c.demand(), c.path());
        }
        return added;
    }

    private record Candidate(int demand, double reducedCost, int[] path) {
    }

    private double totalMaxRate() {
        double sum = 0;
        for (int d = 0; d < nd; d++) {
            double mx = 0;
            for (double r : rate[d]) {
                mx = Math.max(mx, r);
            }
            sum += mx;
        }
        return sum > 0 ? sum : 1;
    }

    private Map<Integer, List<Integer>> byDestination() {
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        for (int d = 0; d < nd; d++) {
            if (routable[d] && (movable[d] || broken[d])) {
                out.computeIfAbsent(dst[d], x -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    /** The cheapest column of {@code d} (in the LP), or the cost of its current routing (not in the LP). */
    private double bestCost(int d, double[][] lam) {
        if (sumRow[d] == null) {
            if (current[d] == null) {
                current[d] = g.ecmpColumn(src[d], dst[d]);
            }
            return columnCost(d, current[d], lam);
        }
        double best = Double.POSITIVE_INFINITY;
        for (TeGraph.Column c : cols.get(d)) {
            best = Math.min(best, columnCost(d, c, lam));
        }
        return best;
    }

    private int addPath(int d, int[] path) {
        if (path == null) {
            return 0;
        }
        if (sumRow[d] == null) {
            enter(d, true);
        }
        for (TeGraph.Column c : cols.get(d)) {
            if (c.path() != null && Arrays.equals(c.path(), path)) {
                return 0; // already there: the LP is optimal up to tolerances for this demand
            }
        }
        addColumn(d, g.pathColumn(path));
        return 1;
    }

    private Solution solution(int rounds, boolean exact, long t0) {
        double[][] lam = lambdas();
        List<String> binding = new ArrayList<>();
        BitSet seen = new BitSet();
        for (double[] row : lam) {
            for (int l = 0; l < row.length; l++) {
                if (row[l] > 1e-9 && !seen.get(l)) {
                    seen.set(l);
                    binding.add(g.network.links().get(l).id());
                }
            }
        }
        List<Routing> routings = new ArrayList<>();
        double latNum = 0;
        double latDen = 0;
        double[] linkLat = new double[g.m];
        for (int l = 0; l < g.m; l++) {
            Link link = g.network.links().get(l);
            linkLat[l] = link.hasLatency() ? link.latencyMs() : 0.0;
        }
        Map<Integer, double[]> ecmpLat = new HashMap<>();
        for (int d = 0; d < nd; d++) {
            if (!routable[d]) {
                continue;
            }
            double r0 = rate[d][0];
            if (sumRow[d] == null) {
                double lat = current[d] != null ? current[d].latencyMs()
                        : ecmpLat.computeIfAbsent(dst[d], t -> g.ecmpExpected(t, linkLat))[src[d]];
                latNum += r0 * lat;
                latDen += r0;
                continue;
            }
            List<TeGraph.Column> cs = new ArrayList<>();
            List<Double> xs = new ArrayList<>();
            double total = 0;
            for (int i = 0; i < cols.get(d).size(); i++) {
                double x = vars.get(d).get(i).solutionValue();
                if (x > 1e-9) {
                    cs.add(cols.get(d).get(i));
                    xs.add(x);
                    total += x;
                }
            }
            double[] shares = new double[xs.size()];
            boolean moved = false;
            for (int i = 0; i < shares.length; i++) {
                shares[i] = xs.get(i) / total;
                latNum += r0 * shares[i] * cs.get(i).latencyMs();
                if (cs.get(i) != current[d]) {
                    moved = true;
                }
            }
            latDen += r0;
            routings.add(new Routing(pairs[d], cs, shares, current[d], moved || current[d] == null));
        }
        double mluExcess = excess == null ? 0 : excess.solutionValue() * scale;
        return new Solution(u.solutionValue() * scale, lp.objective().value(), latDen > 0 ? latNum / latDen : 0,
                mluExcess, binding, routings, rounds, columnCount, exact, unroutableBps,
                (System.nanoTime() - t0) / 1e6, exact && opt.latencyWeight() == 0 && excess == null
                        ? u.solutionValue() * scale : Double.NaN, Set.copyOf(movedWhole));
    }

    /** Aggregates the samples by OD pair and finds each pair's current routing. */
    private void aggregate() {
        int ns = samples.size();
        Map<OdPair, double[]> byPair = new LinkedHashMap<>();
        for (int s = 0; s < ns; s++) {
            for (Demand dem : samples.get(s)) {
                if (dem.rateBps() > 0) {
                    byPair.computeIfAbsent(new OdPair(dem.src(), dem.dst()), x -> new double[ns])[s] += dem.rateBps();
                }
            }
        }
        nd = byPair.size();
        src = new int[nd];
        dst = new int[nd];
        rate = new double[nd][];
        share = new double[nd];
        pairs = new OdPair[nd];
        current = new TeGraph.Column[nd];
        movable = new boolean[nd];
        routable = new boolean[nd];
        broken = new boolean[nd];
        Map<OdPair, PathPolicy> policies = new LinkedHashMap<>();
        for (PathPolicy p : g.network.pathPolicies()) {
            policies.put(p.pair(), p);
        }
        int d = 0;
        double shareSum = 0;
        for (Map.Entry<OdPair, double[]> e : byPair.entrySet()) {
            pairs[d] = e.getKey();
            src[d] = g.network.nodeIndex(e.getKey().src());
            dst[d] = g.network.nodeIndex(e.getKey().dst());
            if (src[d] < 0 || dst[d] < 0) {
                throw new IllegalArgumentException("demand " + e.getKey().label() + " names a node that is not in network '"
                        + g.network.name() + "'");
            }
            rate[d] = e.getValue();
            routable[d] = !Double.isInfinite(g.distancesTo(dst[d])[src[d]]);
            if (!routable[d]) {
                unroutableBps += rate[d][0];
            }
            movable[d] = opt.movable() == null || opt.movable().contains(pairs[d]);
            PathPolicy p = policies.get(pairs[d]);
            if (p != null) {
                current[d] = g.policyColumn(p); // null when a path is broken: then the pair must move
                broken[d] = current[d] == null;
            }
            double mx = 0;
            for (double r : rate[d]) {
                mx = Math.max(mx, r);
            }
            share[d] = mx;
            shareSum += mx;
            d++;
        }
        for (int i = 0; i < nd; i++) {
            share[i] = shareSum > 0 ? share[i] / shareSum : 0;
        }
    }
}
