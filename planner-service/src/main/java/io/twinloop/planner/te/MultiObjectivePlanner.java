package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.planner.optimizer.Rationale;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Multi-objective planning over MLU, mean latency, power and churn, on top of {@link TePlanner}.
 *
 * <ul>
 *   <li><b>ε-constraint</b> ({@link #epsilon}): minimise one objective subject to upper bounds on
 *       the others. The MLU is handled exactly by the LP (an infeasible MLU bound is detected
 *       against the LP optimum); latency is minimised by the LP on propagation latency; power by
 *       {@link TePlanner#energy} (greedy sleeping under the MLU bound); churn by the smallest churn
 *       budget (0, 1, 2, 4, ...) whose min-MLU plan meets the MLU bound. Every bound is then checked
 *       on the <em>simulated</em> KPIs (latency includes the twin's queueing delay), and a bound that
 *       the plan misses raises {@link InfeasiblePlanException}.</li>
 *   <li><b>Weighted sum</b> ({@link #weighted}): a pool of candidates (no-op, min-MLU, min-latency,
 *       energy plans at several MLU limits, churn-limited plans) scored by the round's one formula,
 *       {@link io.twinloop.model.rules.Objective} (each KPI relative to its value without a plan,
 *       churn relative to the change limit), as the gateway scores the verified plans.</li>
 *   <li><b>Pareto front</b> ({@link #pareto}) of any two objectives: with the MLU as one of them,
 *       by sweeping the MLU bound from the LP optimum to the current MLU and solving the
 *       ε-constraint problem at each step; between two others, from ε-constraint plans for both at
 *       each MLU bound plus the weighted-sum candidates; dominated points are removed.</li>
 * </ul>
 *
 * <p>Size: a little over 300 lines because the Pareto sweep is built from the other two (its points
 * are ε-constraint plans and the weighted-sum pool), so the three stay together.
 */
public final class MultiObjectivePlanner {

    /**
     * An upper bound on an objective (the ε of an ε-constraint).
     *
     * @param metric the bounded objective
     * @param max    its largest allowed value (fraction, ms, W or number of changes)
     */
    public record Bound(Objective metric, double max) {
        /** Validates. */
        public Bound {
            Objects.requireNonNull(metric, "metric");
            if (!(max >= 0) || Double.isInfinite(max)) {
                throw new IllegalArgumentException("bound on " + metric.key() + " must be finite and >= 0, got " + max);
            }
        }
    }

    /**
     * Weights of a weighted sum (all 0 = equal weights).
     *
     * @param mlu     weight of the MLU
     * @param latency weight of the mean latency
     * @param power   weight of the power
     * @param churn   weight of the churn
     */
    public record Weights(double mlu, double latency, double power, double churn) {
        /** Validates. */
        public Weights {
            if (!(mlu >= 0 && latency >= 0 && power >= 0 && churn >= 0)) {
                throw new IllegalArgumentException("weights must be >= 0");
            }
        }
    }

    /**
     * One point of a Pareto front.
     *
     * @param x      value of the first objective
     * @param y      value of the second objective
     * @param result the plan there
     */
    public record ParetoPoint(double x, double y, TePlanner.Result result) {
    }

    /**
     * Relative tolerance of bound checks on simulated KPIs: GLOP's feasibility tolerance (1e-8 on a
     * problem scaled to MLU ~ 1) and the dropped policy fractions make the routed MLU differ from
     * the LP's in the 7th digit at most.
     */
    static final double BOUND_TOL = 1e-6;

    private final TePlanner te;

    /** On top of {@code te}. */
    public MultiObjectivePlanner(TePlanner te) {
        this.te = Objects.requireNonNull(te, "te");
    }

    /** The value of {@code o} in a result (simulated KPIs; MLU = worst over the samples). */
    public static double value(Objective o, TePlanner.Result r) {
        return switch (o) {
            case MLU -> r.worstMlu();
            case LATENCY -> r.kpis().meanLatencyMs();
            case POWER -> r.kpis().powerW();
            case CHURN -> r.churn();
        };
    }

    /**
     * Minimises {@code primary} subject to {@code bounds}; see the class comment.
     *
     * @param protectedLinkIds links a plan must not put to sleep
     * @param maxChanges       churn limit ({@code Integer.MAX_VALUE} = none); a CHURN bound tightens it
     * @throws InfeasiblePlanException when the bounds cannot all hold, naming the bound and the
     *                                 best value reached
     */
    public TePlanner.Result epsilon(Network network, BitSet down, List<List<Demand>> samples, Objective primary,
                                    List<Bound> bounds, java.util.Set<String> protectedLinkIds, int maxChanges) {
        double mluBound = Double.NaN;
        int churn = maxChanges;
        for (Bound b : bounds) {
            if (b.metric() == Objective.MLU) {
                mluBound = Double.isNaN(mluBound) ? b.max() : Math.min(mluBound, b.max());
            } else if (b.metric() == Objective.CHURN) {
                churn = (int) Math.min(churn, Math.floor(b.max()));
            }
        }
        TePlanner.Result r;
        switch (primary) {
            case MLU -> {
                r = te.minMlu(network, down, samples, churn);
                if (!Double.isNaN(mluBound)) {
                    TePlanner.requireMlu(r, mluBound);
                }
            }
            case LATENCY -> r = te.minLatency(network, down, samples,
                    Double.isNaN(mluBound) ? Double.MAX_VALUE / 4 : mluBound, churn);
            case POWER -> r = te.energy(network, down, samples, new TePlanner.EnergyOptions(
                    Double.isNaN(mluBound) ? 1.0 : mluBound, false, protectedLinkIds, churn));
            case CHURN -> r = minChurn(network, down, samples, mluBound, churn);
            default -> throw new IllegalArgumentException("unknown objective " + primary);
        }
        for (Bound b : bounds) {
            double v = value(b.metric(), r);
            if (v > b.max() * (1 + BOUND_TOL) + 1e-12) {
                throw new InfeasiblePlanException(b.metric() == Objective.MLU
                        ? InfeasiblePlanException.MLU_BOUND_BELOW_OPTIMUM : InfeasiblePlanException.BOUND_UNREACHABLE,
                        String.format(Locale.ROOT, "%s <= %s cannot hold while minimising %s: the plan found reaches "
                                        + "%s = %s (links limiting it: %s); relax that bound", b.metric().key(),
                                number(b.max()), primary.key(), b.metric().key(), number(v),
                                r.rationale().bindingLinkIds()),
                        r.rationale().bindingLinkIds(), v);
            }
        }
        return r;
    }

    private TePlanner.Result minChurn(Network network, BitSet down, List<List<Demand>> samples, double mluBound,
                                      int maxChanges) {
        if (Double.isNaN(mluBound)) {
            return te.minMlu(network, down, samples, 0);
        }
        TePlanner.Result best = te.minMlu(network, down, samples, maxChanges);
        TePlanner.requireMlu(best, mluBound);
        for (int c = 0; c < best.churn(); c = c == 0 ? 1 : c * 2) {
            TePlanner.Result r = te.minMlu(network, down, samples, c);
            if (r.worstMlu() <= mluBound * (1 + BOUND_TOL)) {
                return r;
            }
        }
        return best;
    }

    /** The candidate with the lowest weighted sum of normalised objectives; see the class comment. */
    public TePlanner.Result weighted(Network network, BitSet down, List<List<Demand>> samples, Weights w,
                                     java.util.Set<String> protectedLinkIds, int maxChanges) {
        Weights ws = w.mlu() + w.latency() + w.power() + w.churn() == 0 ? new Weights(1, 1, 1, 1) : w;
        BitSet dn = down == null ? new BitSet() : down;
        EcmpRouter router = new EcmpRouter(network, dn);
        Kpis base = Kpis.of(router, samples.get(0), router.route(samples.get(0)));
        List<TePlanner.Result> pool = pool(network, dn, samples, protectedLinkIds, maxChanges, base);
        io.twinloop.model.rules.Objective score = objective(ws, maxChanges);
        TePlanner.Result best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (TePlanner.Result r : pool) {
            double s = score(score, r, base);
            if (s < bestScore - 1e-12) {
                bestScore = s;
                best = r;
            }
        }
        String objective = String.format(Locale.ROOT, "weighted sum (mlu %s, latency %s, power %s, churn %s) = %.4f",
                number(ws.mlu()), number(ws.latency()), number(ws.power()), number(ws.churn()), bestScore);
        Rationale why = new Rationale(objective, best.rationale().bindingLinkIds(), best.rationale().changes(),
                objective + "; best of " + pool.size() + " candidates; " + best.rationale().summary());
        return new TePlanner.Result(best.plan(), best.kpis(), best.worstMlu(), best.lpMlu(), best.churn(), why,
                best.exact(), best.solveMillis(), best.lpRounds(), best.lpColumns(), best.mluLowerBound(),
                best.dualLinkLengths());
    }

    /**
     * Candidates that trade the objectives against each other: no-op, min-MLU (with and without
     * churn limits), min-latency at three MLU bounds and energy plans at four MLU limits.
     */
    private List<TePlanner.Result> pool(Network network, BitSet dn, List<List<Demand>> samples,
                                        java.util.Set<String> protectedLinkIds, int maxChanges, Kpis base) {
        List<TePlanner.Result> pool = new ArrayList<>();
        TePlanner.Result minMlu = te.minMlu(network, dn, samples, maxChanges);
        pool.add(minMlu);
        pool.add(te.minMlu(network, dn, samples, 0));
        for (int c : new int[] {1, 2, 5, 10, 20}) {
            if (c < minMlu.churn() && c <= maxChanges) {
                pool.add(te.minMlu(network, dn, samples, c));
            }
        }
        double lo = minMlu.worstMlu();
        double hi = Math.max(lo, base.maxLinkUtilization());
        for (double f : new double[] {0.0, 0.5, 1.0}) {
            pool.add(te.minLatency(network, dn, samples, lo + f * (hi - lo) + 1e-9, maxChanges));
        }
        for (double limit : new double[] {lo * 1.25, lo * 1.5, lo * 2, Math.max(lo, 0.9)}) {
            if (limit > lo && limit <= 1.0) {
                pool.add(te.energy(network, dn, samples, new TePlanner.EnergyOptions(limit, false, protectedLinkIds,
                        maxChanges)));
            }
        }
        return pool;
    }

    /** The round objective of a weighted sum with the change limit {@code maxChanges}. */
    public static io.twinloop.model.rules.Objective objective(Weights w, int maxChanges) {
        return new io.twinloop.model.rules.Objective(io.twinloop.model.rules.Objective.Goal.WEIGHTED,
                new io.twinloop.model.rules.Objective.Weights(w.mlu(), w.latency(), w.power(), w.churn()), maxChanges);
    }

    /**
     * The score of {@code r} on {@code objective} where keeping the configuration gives {@code base}:
     * {@link io.twinloop.model.rules.Objective}'s formula on the result's worst MLU over the samples
     * and the first sample's latency and power.
     */
    public static double score(io.twinloop.model.rules.Objective objective, TePlanner.Result r, Kpis base) {
        return objective.score(new io.twinloop.model.rules.Objective.Outcome(r.worstMlu(), r.kpis().meanLatencyMs(),
                        r.kpis().powerW(), r.churn()),
                new io.twinloop.model.rules.Objective.Outcome(base.maxLinkUtilization(), base.meanLatencyMs(),
                        base.powerW(), 0));
    }

    /**
     * The Pareto front of two different objectives, sorted by the first; dominated points are
     * removed.
     *
     * <p>With the MLU as one of them: {@code points} MLU bounds evenly spaced between the LP optimum
     * and the current MLU (for POWER, up to {@code maxMlu}), the other objective minimised under
     * each (ε-constraint). Without the MLU (latency, power, churn in pairs): at each of those MLU
     * bounds both objectives are minimised in turn, and the {@link #weighted} candidates are added;
     * the front is the non-dominated set of all of them (an inner approximation: every point is a
     * simulated plan, but the true front may have points between them).
     *
     * @throws IllegalArgumentException if both objectives are the same
     */
    public List<ParetoPoint> pareto(Network network, BitSet down, List<List<Demand>> samples, Objective first,
                                    Objective second, int points, double maxMlu,
                                    java.util.Set<String> protectedLinkIds, int maxChanges) {
        if (first == second) {
            throw new IllegalArgumentException("a Pareto front needs two different objectives, got " + first.key()
                    + " twice");
        }
        if (first != Objective.MLU && second != Objective.MLU) {
            return paretoWithoutMlu(network, down, samples, first, second, points, maxMlu, protectedLinkIds, maxChanges);
        }
        Objective other = first == Objective.MLU ? second : first;
        BitSet dn = down == null ? new BitSet() : down;
        TePlanner.Result best = te.minMlu(network, dn, samples, maxChanges);
        double lo = best.lpMlu();
        double hi = other == Objective.POWER ? Math.max(lo, maxMlu)
                : Math.max(lo, Kpis.of(network, new EcmpRouter(network, dn).route(samples.get(0)), dn).maxLinkUtilization());
        List<ParetoPoint> out = new ArrayList<>();
        int steps = Math.max(2, points);
        InfeasiblePlanException last = null;
        for (int i = 0; i < steps; i++) {
            double bound = lo + (hi - lo) * i / (steps - 1) + 1e-9 * Math.max(1, lo);
            try {
                TePlanner.Result r = epsilon(network, dn, samples, other, List.of(new Bound(Objective.MLU, bound)),
                        protectedLinkIds, maxChanges);
                out.add(new ParetoPoint(r.worstMlu(), value(other, r), r));
            } catch (InfeasiblePlanException e) {
                // a bound this close to the optimum may be missed by rounding; the next one is looser
                last = e;
            }
        }
        if (out.isEmpty() && last != null) {
            throw last;
        }
        out.sort(Comparator.comparingDouble(ParetoPoint::x).thenComparingDouble(ParetoPoint::y));
        List<ParetoPoint> front = new ArrayList<>();
        double bestY = Double.POSITIVE_INFINITY;
        for (ParetoPoint p : out) {
            if (front.isEmpty() || p.y() < bestY - 1e-9 * Math.max(1, Math.abs(bestY))) {
                front.add(p);
                bestY = p.y();
            }
        }
        if (first != Objective.MLU) {
            return front.stream().map(p -> new ParetoPoint(p.y(), p.x(), p.result())).toList();
        }
        return front;
    }

    private List<ParetoPoint> paretoWithoutMlu(Network network, BitSet down, List<List<Demand>> samples,
                                               Objective first, Objective second, int points, double maxMlu,
                                               java.util.Set<String> protectedLinkIds, int maxChanges) {
        BitSet dn = down == null ? new BitSet() : down;
        EcmpRouter router = new EcmpRouter(network, dn);
        Kpis base = Kpis.of(router, samples.get(0), router.route(samples.get(0)));
        List<TePlanner.Result> all = new ArrayList<>(pool(network, dn, samples, protectedLinkIds, maxChanges, base));
        double lo = all.get(0).lpMlu();
        double hi = Math.max(lo, Math.min(Math.max(maxMlu, lo), Math.max(base.maxLinkUtilization(), maxMlu)));
        int steps = Math.max(2, points);
        for (int i = 0; i < steps; i++) {
            double bound = lo + (hi - lo) * i / (steps - 1) + 1e-9 * Math.max(1, lo);
            for (Objective o : List.of(first, second)) {
                try {
                    all.add(epsilon(network, dn, samples, o, List.of(new Bound(Objective.MLU, bound)), protectedLinkIds,
                            maxChanges));
                } catch (InfeasiblePlanException e) {
                    // a bound this close to the optimum may be missed by rounding; the next one is looser
                    continue;
                }
            }
        }
        List<ParetoPoint> out = new ArrayList<>();
        for (TePlanner.Result r : all) {
            out.add(new ParetoPoint(value(first, r), value(second, r), r));
        }
        out.sort(Comparator.comparingDouble(ParetoPoint::x).thenComparingDouble(ParetoPoint::y));
        List<ParetoPoint> front = new ArrayList<>();
        double bestY = Double.POSITIVE_INFINITY;
        for (ParetoPoint p : out) {
            if (Double.isFinite(p.x()) && Double.isFinite(p.y())
                    && (front.isEmpty() || p.y() < bestY - 1e-9 * Math.max(1, Math.abs(bestY)))) {
                front.add(p);
                bestY = p.y();
            }
        }
        return front;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** The plan of a result, for callers that only want the actions. */
    static Plan plan(TePlanner.Result r) {
        return r.plan();
    }
}
