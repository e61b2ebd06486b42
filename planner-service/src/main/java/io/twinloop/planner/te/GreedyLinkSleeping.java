package io.twinloop.planner.te;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.PowerModel;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Energy-aware planning by greedy link sleeping ({@link TePlanner#energy}): cables (both directions
 * of a physical link) go to sleep one at a time, least utilised first in the min-MLU routing of the
 * full network (ties: most power first); a cable stays asleep only if every demand that is routed
 * today stays routable, the min-MLU LP re-solved without it stays within the MLU limit and, when
 * asked, no single failure of an awake cable disconnects a demand. The plan is the sleep actions
 * followed by the min-MLU policies of the reduced network ({@link TePlanner}'s plan extraction).
 * Each trial is one LP solve, so the cost is about one solve per cable.
 */
final class GreedyLinkSleeping {

    private final TePlanner te;

    GreedyLinkSleeping(TePlanner te) {
        this.te = te;
    }

    /** See {@link TePlanner#energy}. */
    TePlanner.Result plan(Network network, BitSet down, List<List<Demand>> samples, TePlanner.EnergyOptions eo) {
        BitSet dn = down == null ? new BitSet() : (BitSet) down.clone();
        TeGraph full = new TeGraph(network, dn);
        Map<Integer, BitSet> targets = targets(full, samples);
        // demands that no link could carry today (a node cut off by a failure) stay out of the
        // connectivity checks: sleeping must keep routed what is routed, it cannot route the rest
        for (Map.Entry<Integer, BitSet> e : targets.entrySet()) {
            BitSet ts = e.getValue();
            for (int t = ts.nextSetBit(0); t >= 0; t = ts.nextSetBit(t + 1)) {
                if (Double.isInfinite(full.distancesTo(t)[e.getKey()])) {
                    ts.clear(t);
                }
            }
        }
        MinMluSolver.Options o = te.options();
        MinMluSolver.Solution base = new MinMluSolver(full, samples, o).solve();
        TePlanner.Result baseResult = TePlanner.simulate(network, dn, samples, Plan.empty(), base, "energy", List.of(), 0);
        TePlanner.requireMlu(baseResult, eo.mluLimit());
        double[] util = linkUtilization(full, base, samples);
        List<int[]> cables = cables(network, dn, eo.protectedLinkIds());
        List<Link> links = network.links();
        cables.sort(Comparator.<int[]>comparingDouble(c -> maxOf(util, c))
                .thenComparing(Comparator.<int[]>comparingDouble(c -> power(links, c)).reversed()));
        BitSet sleeping = new BitSet();
        int used = 0;
        for (int[] cable : cables) {
            if (used + cable.length > eo.maxChanges()) {
                continue;
            }
            BitSet trial = (BitSet) dn.clone();
            trial.or(sleeping);
            for (int l : cable) {
                trial.set(l);
            }
            TeGraph g = new TeGraph(network, trial);
            if (!connected(g, targets) || eo.survivable() && !survivesEverySingleFailure(network, trial, targets)) {
                continue;
            }
            MinMluSolver.Solution s = new MinMluSolver(g, samples, o).solve();
            if (s.mlu() <= eo.mluLimit() * (1 - 1e-9)) {
                for (int l : cable) {
                    sleeping.set(l);
                }
                used += cable.length;
            }
        }
        List<PlanAction> sleeps = new ArrayList<>();
        for (int l = sleeping.nextSetBit(0); l >= 0; l = sleeping.nextSetBit(l + 1)) {
            sleeps.add(new SetLinkAdminState(links.get(l).id(), LinkState.SLEEP));
        }
        BitSet solveDown = (BitSet) dn.clone();
        solveDown.or(sleeping);
        return te.plan(network, solveDown, dn, samples, o, eo.maxChanges(),
                "min-power s.t. MLU <= " + TePlanner.percent(eo.mluLimit()) + (eo.survivable() ? ", N-1" : ""), sleeps);
    }

    private static double maxOf(double[] util, int[] cable) {
        double x = 0;
        for (int l : cable) {
            x = Math.max(x, util[l]);
        }
        return x;
    }

    private static double power(List<Link> links, int[] cable) {
        double p = 0;
        for (int l : cable) {
            p += PowerModel.powerW(links.get(l));
        }
        return p;
    }

    /** Per link, the highest utilisation over the samples in the LP routing. */
    private static double[] linkUtilization(TeGraph g, MinMluSolver.Solution sol, List<List<Demand>> samples) {
        double[] util = new double[g.m];
        Set<OdPair> inLp = new HashSet<>();
        for (MinMluSolver.Routing r : sol.routings()) {
            inLp.add(r.pair());
        }
        for (List<Demand> sample : samples) {
            List<Demand> fixed = new ArrayList<>();
            Map<OdPair, Double> rates = new HashMap<>();
            for (Demand d : sample) {
                OdPair p = new OdPair(d.src(), d.dst());
                if (inLp.contains(p)) {
                    rates.merge(p, d.rateBps(), Double::sum);
                } else {
                    fixed.add(d);
                }
            }
            double[] load = g.router().route(fixed).loadBps();
            for (MinMluSolver.Routing r : sol.routings()) {
                double rate = rates.getOrDefault(r.pair(), 0.0);
                for (int i = 0; i < r.columns().size(); i++) {
                    TeGraph.Column c = r.columns().get(i);
                    for (int j = 0; j < c.links().length; j++) {
                        load[c.links()[j]] += rate * r.shares()[i] * c.fractions()[j];
                    }
                }
            }
            for (int l = 0; l < g.m; l++) {
                if (g.capacity[l] > 0) {
                    util[l] = Math.max(util[l], load[l] / g.capacity[l]);
                }
            }
        }
        return util;
    }

    /** Per source node, the destinations it has traffic for. */
    private static Map<Integer, BitSet> targets(TeGraph g, List<List<Demand>> samples) {
        Map<Integer, BitSet> out = new LinkedHashMap<>();
        for (List<Demand> sample : samples) {
            for (Demand d : sample) {
                if (d.rateBps() > 0) {
                    out.computeIfAbsent(g.network.nodeIndex(d.src()), x -> new BitSet()).set(g.network.nodeIndex(d.dst()));
                }
            }
        }
        return out;
    }

    private static boolean connected(TeGraph g, Map<Integer, BitSet> targets) {
        for (Map.Entry<Integer, BitSet> e : targets.entrySet()) {
            if (!g.reachesAll(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean survivesEverySingleFailure(Network network, BitSet down, Map<Integer, BitSet> targets) {
        for (int[] cable : cables(network, down, Set.of())) {
            BitSet f = (BitSet) down.clone();
            for (int l : cable) {
                f.set(l);
            }
            if (!connected(new TeGraph(network, f), targets)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The cables: the up links grouped by physical link ({@code <id>} with {@code <id>~rev}, else
     * the single link the other way when each direction has exactly one), skipping protected links.
     */
    static List<int[]> cables(Network network, BitSet down, Set<String> protectedIds) {
        List<Link> links = network.links();
        Map<String, List<Integer>> byPair = new LinkedHashMap<>();
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            String a = l.src().compareTo(l.dst()) < 0 ? l.src() : l.dst();
            String b = a.equals(l.src()) ? l.dst() : l.src();
            byPair.computeIfAbsent(a + "\u0000" + b, k -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> group : byPair.values()) {
            List<List<Integer>> cables = new ArrayList<>();
            Set<Integer> done = new LinkedHashSet<>();
            for (int i : group) {
                String id = links.get(i).id();
                if (id.endsWith("~rev")) {
                    continue;
                }
                int rev = network.linkIndex(id + "~rev");
                if (rev >= 0 && group.contains(rev)) {
                    cables.add(List.of(i, rev));
                    done.add(i);
                    done.add(rev);
                }
            }
            List<Integer> rest = group.stream().filter(i -> !done.contains(i)).toList();
            if (!rest.isEmpty()) {
                if (rest.size() == 2 && !links.get(rest.get(0)).src().equals(links.get(rest.get(1)).src())) {
                    cables.add(rest);
                } else {
                    rest.forEach(i -> cables.add(List.of(i)));
                }
            }
            for (List<Integer> c : cables) {
                boolean skip = false;
                for (int i : c) {
                    skip |= down.get(i) || !links.get(i).carriesTraffic() || protectedIds.contains(links.get(i).id());
                }
                if (!skip) {
                    out.add(c.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        return out;
    }
}
