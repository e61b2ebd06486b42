package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Churn;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.planner.optimizer.Rationale;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The traffic-engineering planner: turns {@link MinMluSolver} solutions into {@link Plan}s of
 * SR-TE policies (and link sleeping), re-simulates them on the twin's router and explains them.
 *
 * <ul>
 *   <li>{@link #minMlu}: the min-MLU plan, with a churn limit.</li>
 *   <li>{@link #minLatency}: min mean propagation latency subject to {@code MLU <= bound} (ε-constraint).</li>
 *   <li>{@link #energy}: greedy link sleeping under an MLU limit (optionally N-1 connectivity).</li>
 * </ul>
 * Multi-objective requests (weighted sums, ε-constraints on any pair, Pareto fronts) are in
 * {@link MultiObjectivePlanner}.
 *
 * <p><b>Which demands get a policy.</b> A pair gets a {@link SetPathPolicy} only if its LP routing
 * differs from its current routing (IGP ECMP or its existing policy): the per-link fractions are
 * compared, and a pair whose L1 difference is at most {@value #SAME_ROUTING_L1} keeps its routing
 * (the LP's tie-break term already keeps traffic on the current routing when that costs nothing).
 * Policy fractions below {@value #MIN_FRACTION} are dropped and the rest renormalised so that they
 * sum to 1 exactly enough for {@code Network}'s validation. With a churn limit of {@code c}
 * changes, the {@code c} pairs that move the most traffic (rate x L1 difference) are kept movable
 * and the LP is solved again with every other pair fixed on its current routing, so the plan is the
 * best one that changes only those pairs.
 *
 * <p>Size: over 300 lines because turning an LP solution into a plan is one job with several
 * steps that share the solution's columns: the churn-limited re-solve, the first-order route for
 * huge instances ({@link PotentialMinMlu}), the decomposition of columns into policies, the
 * re-simulation and the rationale lines. Link sleeping, a job of its own, is in
 * {@link GreedyLinkSleeping}; multi-objective planning in {@link MultiObjectivePlanner}.
 *
 * <p>Stateless apart from its options; thread-safe.
 */
public final class TePlanner {

    /** Two routings of a pair whose per-link fractions differ by at most this (L1) are the same. */
    static final double SAME_ROUTING_L1 = 1e-7;
    /** Policy fractions below this are dropped. */
    static final double MIN_FRACTION = 1e-9;

    private final MinMluSolver.Options options;

    /** A planner with {@link MinMluSolver.Options#minMlu()}. */
    public TePlanner() {
        this(MinMluSolver.Options.minMlu());
    }

    /** A planner with the given solver options. */
    public TePlanner(MinMluSolver.Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * A plan and what the twin says about it.
     *
     * @param plan          the actions
     * @param kpis          KPIs of the first traffic sample, simulated with {@link EcmpRouter} and
     *                      {@link Kpis} on the network with the plan applied
     * @param worstMlu      the highest simulated MLU over all samples
     * @param lpMlu         the MLU of the LP solution (equal to {@code worstMlu} up to rounding)
     * @param churn         configuration items changed ({@link Churn#between})
     * @param rationale     objective, binding links, one line per change, summary
     * @param exact         whether the LP was proved optimal over all paths (column generation converged)
     * @param solveMillis   wall time of the LP solves
     * @param lpRounds      column-generation rounds (of the last solve)
     * @param lpColumns     columns in the last LP
     * @param mluLowerBound a proven lower bound of the optimal MLU (the LP optimum when exact; NaN
     *                      when not known)
     * @param dualLinkLengths per link, the dual lengths behind {@code mluLowerBound} when it comes
     *                      from the first-order solver ({@code sum d(s,t) dist(s,t) / sum c(l) len(l)}
     *                      over them is the bound), else null
     */
    public record Result(Plan plan, Kpis kpis, double worstMlu, double lpMlu, int churn, Rationale rationale,
                         boolean exact, double solveMillis, int lpRounds, int lpColumns, double mluLowerBound,
                         double[] dualLinkLengths) {
    }

    /**
     * The min-MLU plan.
     *
     * @param network    the network (its path policies are the current routing)
     * @param down       links that are down (stay down)
     * @param samples    the traffic samples; one for plain TE, several for a robust plan (the MLU
     *                   minimised is the worst over the samples)
     * @param maxChanges most plan actions ({@code Integer.MAX_VALUE} = no limit)
     */
    public Result minMlu(Network network, BitSet down, List<List<Demand>> samples, int maxChanges) {
        return plan(network, down, down, samples, options, maxChanges, "min-mlu", List.of());
    }

    /**
     * The plan with the lowest mean propagation latency whose MLU is at most {@code mluBound}
     * (ε-constraint).
     *
     * @throws InfeasiblePlanException if no routing reaches {@code MLU <= mluBound}
     */
    public Result minLatency(Network network, BitSet down, List<List<Demand>> samples, double mluBound, int maxChanges) {
        Result best = minMlu(network, down, samples, Integer.MAX_VALUE);
        requireMlu(best, mluBound);
        MinMluSolver.Options o = options.withObjective(1e-3, 1.0 / Math.max(1e-9, meanPropagation(network, down, samples)),
                mluBound * (1 - 1e-7));
        return plan(network, down, down, samples, o, maxChanges, "min-latency s.t. MLU <= " + percent(mluBound),
                List.of());
    }

    static void requireMlu(Result best, double bound) {
        if (best.lpMlu() > bound * (1 + 1e-9)) {
            throw new InfeasiblePlanException(InfeasiblePlanException.MLU_BOUND_BELOW_OPTIMUM,
                    "MLU <= " + percent(bound) + " cannot hold: the lowest MLU any routing reaches is "
                            + percent(best.lpMlu()) + ", limited by links " + best.rationale().bindingLinkIds()
                            + "; raise the bound to at least " + percent(best.lpMlu()) + " or add capacity there",
                    best.rationale().bindingLinkIds(), best.lpMlu());
        }
    }

    private double meanPropagation(Network network, BitSet down, List<List<Demand>> samples) {
        TeGraph g = new TeGraph(network, down);
        MinMluSolver.Solution s = new MinMluSolver(g, samples, options.withCandidates(0, options.mode())
                .withColumnGeneration(false)).solve();
        return s.meanLatencyMs() > 0 ? s.meanLatencyMs() : 1.0;
    }

    /** Solves, extracts the plan (applying the churn limit) and simulates it. */
    Result plan(Network network, BitSet solveDown, BitSet down, List<List<Demand>> samples, MinMluSolver.Options o,
                int maxChanges, String objective, List<PlanAction> prefix) {
        Objects.requireNonNull(network, "network");
        BitSet dn = down == null ? new BitSet() : (BitSet) down.clone();
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic sample is needed");
        }
        int budget = maxChanges - prefix.size();
        if (budget < 0) {
            throw new IllegalArgumentException("the churn limit " + maxChanges + " is below the " + prefix.size()
                    + " actions already planned");
        }
        TeGraph g = new TeGraph(network, solveDown == null ? dn : solveDown);
        long t0 = System.nanoTime();
        if (firstOrderApplies(network, samples, o, budget, prefix)) {
            return firstOrder(network, g, dn, samples, o, objective, t0);
        }
        MinMluSolver.Solution sol = solve(g, samples, o);
        List<Move> moves = moves(g, sol);
        if (moves.size() > budget) {
            moves.sort(Comparator.comparingDouble(Move::impact).reversed());
            Set<OdPair> keep = new HashSet<>();
            for (Move mv : moves.subList(0, budget)) {
                keep.add(mv.routing().pair());
            }
            sol = solve(g, samples, o.withMovable(keep));
            moves = moves(g, sol);
            moves.removeIf(mv -> !keep.contains(mv.routing().pair()));
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        List<PlanAction> actions = new ArrayList<>(prefix);
        List<String> changes = new ArrayList<>();
        for (PlanAction a : prefix) {
            changes.add(describe(network, a));
        }
        for (Move mv : moves) {
            SetPathPolicy p = policy(g, mv.routing());
            actions.add(p);
            changes.add(describe(p, network.pathPolicy(p.src(), p.dst()).isEmpty() ? "IGP ECMP" : "its policy"));
        }
        Plan plan = new Plan(actions);
        return simulate(network, dn, samples, plan, sol, objective, changes, millis);
    }

    /**
     * The LP solution; when pairs left a current routing over a frozen link whole (a choice the
     * solver's pricing makes, not its LP), also the solution with those pairs kept in place, and
     * the one with the lower objective, so that protecting a link never makes a plan worse than
     * leaving those pairs alone.
     */
    private static MinMluSolver.Solution solve(TeGraph g, List<List<Demand>> samples, MinMluSolver.Options o) {
        MinMluSolver.Solution sol = new MinMluSolver(g, samples, o).solve();
        if (sol.movedWhole().isEmpty()) {
            return sol;
        }
        Set<OdPair> movable = new HashSet<>();
        if (o.movable() != null) {
            movable.addAll(o.movable());
        } else {
            samples.forEach(sample -> sample.forEach(d -> movable.add(new OdPair(d.src(), d.dst()))));
        }
        movable.removeAll(sol.movedWhole());
        MinMluSolver.Solution kept = new MinMluSolver(g, samples, o.withMovable(movable)).solve();
        return kept.objective() <= sol.objective() ? kept : sol;
    }

    /**
     * Whether {@link PotentialMinMlu} solves this instead of the path LP: a plain min-MLU on one
     * sample with at least {@link #FIRST_ORDER_MIN_DEMANDS} OD pairs, all free to move (no churn
     * limit below the pair count, no policies in place, no per-link caps, no frozen links).
     */
    static boolean firstOrderApplies(Network network, List<List<Demand>> samples, MinMluSolver.Options o, int budget,
                                     List<PlanAction> prefix) {
        if (samples.size() != 1 || o.latencyWeight() != 0 || !Double.isNaN(o.mluBound()) || o.movable() != null
                || !o.linkUtilizationCaps().isEmpty() || !o.frozenLinks().isEmpty() || !prefix.isEmpty()
                || !network.pathPolicies().isEmpty()) {
            return false;
        }
        long pairs = samples.get(0).stream().filter(d -> d.rateBps() > 0).map(d -> new OdPair(d.src(), d.dst()))
                .distinct().count();
        return pairs >= FIRST_ORDER_MIN_DEMANDS && budget >= pairs;
    }

    /**
     * OD pairs from which a plain min-MLU uses the first-order solver: the path LP with column
     * generation is exact and fast up to thousands of pairs (GEANT: 8 ms) but converges slowly on
     * hundreds of thousands (Kdl's 567,762: see bench/README.md section 8).
     */
    static final int FIRST_ORDER_MIN_DEMANDS = 50_000;

    /**
     * The min-MLU plan of the first-order solver whatever the instance size (the planner picks it
     * by itself above {@link #FIRST_ORDER_MIN_DEMANDS} pairs): a policy per demand, the MLU within
     * {@code targetGap} of a proven lower bound ({@link Result#mluLowerBound()}) unless the time
     * limit stops it first. For benchmarks and for callers that want the bound.
     *
     * @param timeLimitMillis wall-time limit of the solver (0 = none)
     * @param targetGap       stop when {@code MLU <= (1 + targetGap) x bound}, e.g. 0.01
     */
    public Result minMluFirstOrder(Network network, BitSet down, List<Demand> demands, long timeLimitMillis,
                                   double targetGap) {
        Objects.requireNonNull(network, "network");
        BitSet dn = down == null ? new BitSet() : (BitSet) down.clone();
        PotentialMinMlu.Options d = PotentialMinMlu.Options.defaults();
        return firstOrder(network, new TeGraph(network, dn), dn, List.of(demands),
                new PotentialMinMlu.Options(timeLimitMillis, targetGap, d.maxSweeps(), d.threads()), "min-mlu",
                System.nanoTime());
    }

    /** The first-order plan: a policy per demand, with the proven gap in the rationale. */
    private Result firstOrder(Network network, TeGraph g, BitSet down, List<List<Demand>> samples, MinMluSolver.Options o,
                              String objective, long t0) {
        long limit = o.timeLimitMillis() > 0 ? o.timeLimitMillis() : PotentialMinMlu.Options.defaults().timeLimitMillis();
        PotentialMinMlu.Options d = PotentialMinMlu.Options.defaults();
        return firstOrder(network, g, down, samples, new PotentialMinMlu.Options(limit, d.targetGap(), d.maxSweeps(),
                d.threads()), objective, t0);
    }

    private Result firstOrder(Network network, TeGraph g, BitSet down, List<List<Demand>> samples,
                              PotentialMinMlu.Options po, String objective, long t0) {
        PotentialMinMlu.Result r = new PotentialMinMlu(g, po).solve(samples.get(0));
        double millis = (System.nanoTime() - t0) / 1e6;
        List<PlanAction> actions = new ArrayList<>(r.policies());
        List<String> changes = new ArrayList<>();
        for (SetPathPolicy p : r.policies()) {
            if (changes.size() == MAX_CHANGE_LINES) {
                changes.add("... and " + (r.policies().size() - MAX_CHANGE_LINES) + " more policies");
                break;
            }
            changes.add(describe(p, "IGP ECMP"));
        }
        MinMluSolver.Solution sol = new MinMluSolver.Solution(r.mlu(), r.mlu(), 0, 0, r.bindingLinkIds(), List.of(),
                r.sweeps(), 0, false, r.unroutableBps(), r.millis(), r.lowerBound(), Set.of());
        return simulate(network, down, samples, new Plan(actions), sol, objective, changes, millis, r.dualLinkLengths());
    }

    /** Change lines in a rationale at most (a first-order plan may set hundreds of thousands of policies). */
    static final int MAX_CHANGE_LINES = 50;

    private record Move(MinMluSolver.Routing routing, double impact) {
    }

    /** The pairs whose LP routing differs from their current routing, with the traffic they move. */
    private static List<Move> moves(TeGraph g, MinMluSolver.Solution sol) {
        List<Move> out = new ArrayList<>();
        for (MinMluSolver.Routing r : sol.routings()) {
            Map<Integer, Double> diff = new HashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                TeGraph.Column c = r.columns().get(i);
                for (int j = 0; j < c.links().length; j++) {
                    diff.merge(c.links()[j], r.shares()[i] * c.fractions()[j], Double::sum);
                }
            }
            if (r.current() != null) {
                for (int j = 0; j < r.current().links().length; j++) {
                    diff.merge(r.current().links()[j], -r.current().fractions()[j], Double::sum);
                }
            }
            double l1 = 0;
            for (double x : diff.values()) {
                l1 += Math.abs(x);
            }
            if (r.current() == null || l1 > SAME_ROUTING_L1) {
                out.add(new Move(r, l1));
            }
        }
        return out;
    }

    /** The SR-TE policy of a routing: every column decomposed into paths, tiny fractions dropped. */
    private static SetPathPolicy policy(TeGraph g, MinMluSolver.Routing r) {
        int s = g.network.nodeIndex(r.pair().src());
        int t = g.network.nodeIndex(r.pair().dst());
        Map<List<String>, Double> paths = new LinkedHashMap<>();
        for (int i = 0; i < r.columns().size(); i++) {
            for (Map.Entry<int[], Double> p : g.decompose(r.columns().get(i), s, t)) {
                List<String> names = new ArrayList<>(p.getKey().length);
                for (int v : p.getKey()) {
                    names.add(g.names[v]);
                }
                paths.merge(names, r.shares()[i] * p.getValue(), Double::sum);
            }
        }
        paths.values().removeIf(f -> f < MIN_FRACTION);
        double sum = 0;
        for (double f : paths.values()) {
            sum += f;
        }
        List<WeightedPath> wps = new ArrayList<>();
        for (Map.Entry<List<String>, Double> e : paths.entrySet()) {
            wps.add(new WeightedPath(e.getKey(), e.getValue() / sum));
        }
        return new SetPathPolicy(r.pair().src(), r.pair().dst(), wps);
    }

    /** Applies the plan, routes every sample on the twin's router and builds the result. */
    static Result simulate(Network network, BitSet down, List<List<Demand>> samples, Plan plan,
                           MinMluSolver.Solution sol, String objective, List<String> changes, double millis) {
        return simulate(network, down, samples, plan, sol, objective, changes, millis, null);
    }

    static Result simulate(Network network, BitSet down, List<List<Demand>> samples, Plan plan,
                           MinMluSolver.Solution sol, String objective, List<String> changes, double millis,
                           double[] dual) {
        long t0 = System.nanoTime();
        Network planned = plan.applyTo(network);
        long t1 = System.nanoTime();
        BitSet d = (BitSet) down.clone();
        d.or(plan.downLinks(network));
        EcmpRouter router = new EcmpRouter(planned, d);
        long t2 = System.nanoTime();
        Kpis first = null;
        double worst = 0;
        for (List<Demand> sample : samples) {
            Kpis k = Kpis.of(router, sample, router.route(sample));
            if (first == null) {
                first = k;
            }
            worst = Math.max(worst, k.maxLinkUtilization());
        }
        long t3 = System.nanoTime();
        Kpis before = Kpis.of(network, new EcmpRouter(network, down).route(samples.get(0)), down);
        long t4 = System.nanoTime();
        int churn = Churn.between(network, planned);
        if (MinMluSolver.TRACE) {
            System.err.printf(Locale.ROOT, "simulate: apply %.0f ms, router %.0f ms, route+KPIs %.0f ms, before %.0f ms, churn %.0f ms%n",
                    (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (System.nanoTime() - t4) / 1e6);
        }
        String summary = String.format(Locale.ROOT, "%s: MLU %s -> %s (LP %s%s), %d change(s), power %.0f W -> %.0f W",
                objective, percent(before.maxLinkUtilization()), percent(first.maxLinkUtilization()),
                percent(sol.mlu()), sol.exact() ? ", optimal over all paths" : !Double.isNaN(sol.lowerBound())
                        ? String.format(Locale.ROOT, ", within %.2f%% of the optimum: proven lower bound %s",
                        (sol.mlu() / sol.lowerBound() - 1) * 100, percent(sol.lowerBound()))
                        : ", over the candidate paths", churn,
                before.powerW(), first.powerW());
        return new Result(plan, first, worst, sol.mlu(), churn,
                new Rationale(objective, sol.bindingLinkIds(), changes, summary), sol.exact(), millis, sol.rounds(),
                sol.columns(), sol.lowerBound(), dual);
    }

    private static String describe(SetPathPolicy p, String was) {
        StringBuilder b = new StringBuilder("policy ").append(p.src()).append("->").append(p.dst()).append(": ");
        for (int i = 0; i < p.paths().size(); i++) {
            WeightedPath wp = p.paths().get(i);
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f%% ", wp.fraction() * 100))
                    .append(String.join("-", wp.nodes()));
        }
        return b.append(" (was ").append(was).append(')').toString();
    }

    private static String describe(Network network, PlanAction a) {
        if (a instanceof SetLinkAdminState s) {
            Link l = network.link(s.linkId()).orElseThrow();
            return "link " + l.id() + " (" + l.src() + "->" + l.dst() + ") " + l.adminState() + " -> " + s.state();
        }
        return a.toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    // ------------------------------------------------------------------ energy

    /**
     * Options of energy-aware planning.
     *
     * @param mluLimit         the MLU every accepted state must stay at or below (min-MLU re-solved)
     * @param survivable       also require N-1: no single failure of an awake cable disconnects a demand
     * @param protectedLinkIds links never put to sleep (expand protected nodes with
     *                         {@code IgpPlanner.protectedLinks})
     * @param maxChanges       most plan actions (sleep actions count one per directed link)
     */
    public record EnergyOptions(double mluLimit, boolean survivable, Set<String> protectedLinkIds, int maxChanges) {
        /** Validates and copies. */
        public EnergyOptions {
            if (!(mluLimit > 0)) {
                throw new IllegalArgumentException("mluLimit must be > 0, got " + mluLimit);
            }
            protectedLinkIds = Set.copyOf(protectedLinkIds);
            if (maxChanges < 0) {
                throw new IllegalArgumentException("maxChanges must be >= 0");
            }
        }
    }

    /**
     * Energy-aware plan: puts cables (both directions of a physical link) to sleep greedily, least
     * utilised first (in the min-MLU routing of the full network; ties: most power first), keeping a
     * cable asleep only if every demand stays routable, the re-solved min-MLU stays at or below the
     * limit and, when asked, no single failure of an awake cable disconnects a demand. The final
     * plan is the sleep actions followed by the min-MLU policies of the reduced network; its power
     * is in {@code kpis().powerW()} (the model's sleep power, {@code PowerModel}).
     *
     * @throws InfeasiblePlanException if even the full network cannot meet the MLU limit (demands
     *                                 that are unroutable to begin with stay so and do not count)
     */
    public Result energy(Network network, BitSet down, List<List<Demand>> samples, EnergyOptions eo) {
        return new GreedyLinkSleeping(this).plan(network, down, samples, eo);
    }

    /** The solver options this planner solves with. */
    MinMluSolver.Options options() {
        return options;
    }
}
