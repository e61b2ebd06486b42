package io.twinloop.planner.optimizer;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.plan.IgpWeightSearch;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The min-MLU optimizer: proposes IGP weight changes that lower the maximum link utilization of
 * one traffic matrix, with a KPI estimate and a rationale, next to the no-op baseline.
 *
 * <p>The search itself is {@link IgpWeightSearch} (a Fortz-Thorup style local search, see its
 * Javadoc). It has no notion of protected links, so this class enforces them afterwards: actions
 * on protected links are dropped and the remaining plan is routed again; it is proposed only if it
 * still lowers the MLU. Every figure reported is recomputed here with {@link EcmpRouter} and
 * {@link Kpis} on the network with the plan applied, not taken from the search.
 *
 * <p>Stateless and thread-safe.
 */
public final class IgpPlanner {

    /** Objective name in rationales. */
    public static final String OBJECTIVE = "min-mlu";
    /** Id of the optimizer's candidate. */
    public static final String OPTIMIZER_ID = "optimizer-igp";
    /** Id of the baseline candidate (the empty plan). */
    public static final String NO_OP_ID = "no-op";
    /** Relative tolerance when comparing utilizations (routing sums differ in the last bits). */
    static final double REL_EPS = 1e-9;

    /**
     * Limits of one planning run.
     *
     * @param maxChanges         most actions in the plan ({@code >= 0})
     * @param maxIterations      iteration budget of the weight search ({@code >= 0})
     * @param protectedLinkIds   links the plan must not change
     * @param maxLinkUtilization the guardrail on the MLU after the plan (0 = none); a candidate above
     *                           it is still proposed (it is the best found) and the summary says so
     */
    public record Settings(int maxChanges, int maxIterations, Set<String> protectedLinkIds,
                           double maxLinkUtilization) {

        /** Validates the budgets and copies the set. */
        public Settings {
            if (maxChanges < 0 || maxIterations < 0) {
                throw new IllegalArgumentException("maxChanges and maxIterations must be >= 0");
            }
            protectedLinkIds = Set.copyOf(protectedLinkIds);
            if (!(maxLinkUtilization >= 0) || Double.isInfinite(maxLinkUtilization)) {
                throw new IllegalArgumentException("maxLinkUtilization must be finite and >= 0");
            }
        }
    }

    /**
     * Proposes candidates for routing {@code traffic} on {@code network}.
     *
     * @param network   the snapshot
     * @param downLinks indices of links that are down in the snapshot (they stay down)
     * @param traffic   the traffic to plan for (demands between nodes of the network)
     * @param settings  limits and guardrails
     * @return the optimizer's candidate (only when it lowers the MLU) and the no-op candidate,
     *         best (lowest MLU) first
     */
    public List<PlanCandidate> propose(Network network, BitSet downLinks, List<Demand> traffic, Settings settings) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(settings, "settings");
        BitSet down = downLinks == null ? new BitSet() : (BitSet) downLinks.clone();

        RoutingResult baseRouting = new EcmpRouter(network, down).route(traffic);
        Kpis baseline = Kpis.of(network, baseRouting, down);
        List<String> binding = bindingLinks(network, down, baseRouting, baseline.maxLinkUtilization());

        List<PlanCandidate> out = new ArrayList<>(2);
        String whyNoOp;
        if (baseline.maxLinkUtilization() <= 0) {
            whyNoOp = "no link with a known capacity carries traffic, so there is nothing to improve";
        } else {
            Plan searched = new IgpWeightSearch(settings.maxChanges(), settings.maxIterations())
                    .minimizeMaxUtilization(network, traffic, down);
            Plan plan = withoutProtected(searched, settings.protectedLinkIds());
            int dropped = searched.actions().size() - plan.actions().size();
            Kpis after = plan.isEmpty() ? baseline : kpis(network, plan, down, traffic);
            if (plan.isEmpty() && searched.isEmpty()) {
                whyNoOp = "the IGP weight search found no change of at most " + settings.maxChanges()
                        + " weights that lowers it";
            } else if (plan.isEmpty()) {
                whyNoOp = "every weight change that lowers it touches a protected link";
            } else if (!(after.maxLinkUtilization() < baseline.maxLinkUtilization() * (1 - REL_EPS))
                    || after.unroutedBps() > baseline.unroutedBps()) {
                whyNoOp = "without its " + dropped + " change(s) to protected links the search's plan no longer lowers it";
            } else {
                whyNoOp = null;
                out.add(new PlanCandidate(OPTIMIZER_ID, "optimizer", plan, after,
                        new Rationale(OBJECTIVE, binding, changes(network, plan),
                                optimizerSummary(baseline, after, plan, dropped, settings)),
                        after.maxLinkUtilization()));
            }
        }
        String noOpSummary = "keep the current configuration: MLU " + percent(baseline.maxLinkUtilization())
                + (whyNoOp == null ? "" : "; " + whyNoOp);
        out.add(new PlanCandidate(NO_OP_ID, "baseline", Plan.empty(), baseline,
                new Rationale(OBJECTIVE, binding, List.of(), noOpSummary), baseline.maxLinkUtilization()));
        out.sort(Comparator.comparingDouble(PlanCandidate::score));
        return List.copyOf(out);
    }

    /**
     * The ids of the links of {@code network} on which any link of {@code linkIds} or any node of
     * {@code nodeNames} sits, i.e. every link a plan must leave alone. Unknown ids and names are
     * ignored here (the caller validates them).
     */
    public static Set<String> protectedLinks(Network network, Collection<String> linkIds, Collection<String> nodeNames) {
        return io.twinloop.model.rules.Guardrails.protecting(Integer.MAX_VALUE, linkIds, nodeNames).frozenLinkIds(
                network.links().stream().map(io.twinloop.model.rules.PlanChecks.LinkEnds::of).toList());
    }

    /** The KPIs of routing {@code traffic} on {@code network} with {@code plan} applied. */
    public static Kpis kpis(Network network, Plan plan, BitSet down, List<Demand> traffic) {
        Network planned = plan.applyTo(network);
        BitSet d = (BitSet) down.clone();
        d.or(plan.downLinks(network));
        return Kpis.of(planned, new EcmpRouter(planned, d).route(traffic), d);
    }

    /** Links (up, with capacity) whose utilization is the maximum {@code mlu}, in link order. */
    static List<String> bindingLinks(Network network, BitSet down, RoutingResult routing, double mlu) {
        List<String> out = new ArrayList<>();
        if (mlu <= 0) {
            return out;
        }
        List<Link> links = network.links();
        for (int i = 0; i < links.size(); i++) {
            double cap = links.get(i).capacityBps();
            if (!down.get(i) && cap > 0 && routing.load(i) / cap >= mlu * (1 - REL_EPS)) {
                out.add(links.get(i).id());
            }
        }
        return out;
    }

    private static Plan withoutProtected(Plan plan, Set<String> protectedIds) {
        if (protectedIds.isEmpty()) {
            return plan;
        }
        List<PlanAction> kept = new ArrayList<>();
        for (PlanAction a : plan.actions()) {
            if (!protectedIds.contains(a.linkId())) {
                kept.add(a);
            }
        }
        return new Plan(kept);
    }

    private static List<String> changes(Network network, Plan plan) {
        List<String> out = new ArrayList<>();
        for (PlanAction a : plan.actions()) {
            Link l = network.link(a.linkId()).orElseThrow();
            if (a instanceof SetLinkWeight w) {
                out.add("weight of " + l.id() + " (" + l.src() + "->" + l.dst() + ") " + number(l.igpWeight())
                        + " -> " + number(w.igpWeight()));
            } else {
                out.add(a.toString());
            }
        }
        return out;
    }

    private static String optimizerSummary(Kpis before, Kpis after, Plan plan, int dropped, Settings s) {
        StringBuilder b = new StringBuilder()
                .append("MLU ").append(percent(before.maxLinkUtilization()))
                .append(" -> ").append(percent(after.maxLinkUtilization()))
                .append(" with ").append(plan.actions().size())
                .append(plan.actions().size() == 1 ? " IGP weight change" : " IGP weight changes");
        if (dropped > 0) {
            b.append("; ").append(dropped).append(" change(s) on protected links were left out");
        }
        if (s.maxLinkUtilization() > 0 && after.maxLinkUtilization() > s.maxLinkUtilization()) {
            b.append("; still above the guardrail of ").append(percent(s.maxLinkUtilization()));
        }
        return b.toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
