package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.UnknownElementException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered list of changes to a network, evaluated on the twin before it is applied for real.
 *
 * <p>Semantics: actions apply in order, so for the same link the last weight, capacity and admin
 * state win, and for the same (src, dst) pair the last path policy. {@link #applyTo(Network)}
 * yields the network with all of them stored (weights, capacities and admin states on the links,
 * policies on the network); {@link #downLinks(Network)} still yields the links the plan leaves not
 * UP, for callers that pass them to {@code EcmpRouter} explicitly (harmless twice: the router also
 * treats links that do not carry traffic as down). Both reject a plan naming links or nodes the
 * network does not have with one {@link UnknownElementException} listing them all.
 *
 * @param actions the actions, in order (may be empty, no nulls)
 */
public record Plan(List<PlanAction> actions) {

    private static final Plan EMPTY = new Plan(List.of());

    /** Validates and copies the action list. */
    public Plan {
        if (actions == null) {
            throw new InvalidNetworkException("plan.actions", "must not be null");
        }
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) == null) {
                throw new InvalidNetworkException("plan.actions[" + i + "]", "must not be null");
            }
        }
        actions = List.copyOf(actions);
    }

    /** The plan that changes nothing. */
    public static Plan empty() {
        return EMPTY;
    }

    /** A plan of the given actions, in order. */
    public static Plan of(PlanAction... actions) {
        return new Plan(actions == null ? List.of() : Arrays.asList(actions));
    }

    /** Whether the plan has no actions. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** This plan followed by {@code next}. */
    public Plan then(Plan next) {
        List<PlanAction> all = new ArrayList<>(actions);
        all.addAll(next == null ? List.of() : next.actions);
        return new Plan(all);
    }

    /**
     * The network with this plan applied: IGP weights, capacities and administrative states are
     * stored on the links and path policies on the network (actions in order, last wins per link
     * and per pair). The result is validated again, so a path policy that does not fit the topology
     * fails with an {@link InvalidNetworkException} listing every violation.
     *
     * @throws UnknownElementException if actions name links (or policy endpoints) that are not in
     *                                 {@code network}; all unknown ids are listed in one exception
     * @throws InvalidNetworkException if the resulting network is invalid
     */
    public Network applyTo(Network network) {
        checkElements(network);
        List<Link> links = new ArrayList<>(network.links());
        Map<OdPair, PathPolicy> policies = new LinkedHashMap<>();
        for (PathPolicy p : network.pathPolicies()) {
            policies.put(p.pair(), p);
        }
        boolean linksChanged = false;
        boolean policiesChanged = false;
        for (PlanAction a : actions) {
            if (a instanceof SetLinkWeight w) {
                int i = network.linkIndex(w.linkId());
                links.set(i, links.get(i).withIgpWeight(w.igpWeight()));
                linksChanged = true;
            } else if (a instanceof SetLinkAdminState s) {
                int i = network.linkIndex(s.linkId());
                links.set(i, links.get(i).withAdminState(s.state()));
                linksChanged = true;
            } else if (a instanceof SetLinkCapacity c) {
                int i = network.linkIndex(c.linkId());
                links.set(i, links.get(i).withCapacityBps(c.capacityBps()));
                linksChanged = true;
            } else if (a instanceof SetPathPolicy p) {
                OdPair pair = new OdPair(p.src(), p.dst());
                if (p.removes()) {
                    policies.remove(pair);
                } else {
                    policies.put(pair, new PathPolicy(p.src(), p.dst(), p.paths()));
                }
                policiesChanged = true;
            }
        }
        if (!linksChanged && !policiesChanged) {
            return network;
        }
        return new Network(network.name(), network.nodes(), links, network.demands(),
                new ArrayList<>(policies.values()));
    }

    /**
     * The indices (into {@code network.links()}) of the links that this plan leaves
     * administratively not UP (DOWN or SLEEP). Links that are already not UP in {@code network} and
     * that the plan does not touch are not included (the router sees them through their state).
     *
     * @throws UnknownElementException if actions name links that are not in {@code network}
     */
    public BitSet downLinks(Network network) {
        checkElements(network);
        BitSet down = new BitSet(network.links().size());
        for (PlanAction a : actions) {
            if (a instanceof SetLinkAdminState s) {
                down.set(network.linkIndex(s.linkId()), !s.up());
            }
        }
        return down;
    }

    private void checkElements(Network network) {
        if (network == null) {
            throw new InvalidNetworkException("network", "must not be null");
        }
        Set<String> unknownLinks = new LinkedHashSet<>();
        Set<String> unknownNodes = new LinkedHashSet<>();
        for (PlanAction a : actions) {
            if (a instanceof SetPathPolicy p) {
                for (String v : List.of(p.src(), p.dst())) {
                    if (network.nodeIndex(v) < 0) {
                        unknownNodes.add(v);
                    }
                }
            } else if (network.linkIndex(a.linkId()) < 0) {
                unknownLinks.add(a.linkId());
            }
        }
        if (!unknownLinks.isEmpty()) {
            throw new UnknownElementException("link", new ArrayList<>(unknownLinks), network.name());
        }
        if (!unknownNodes.isEmpty()) {
            throw new UnknownElementException("node", new ArrayList<>(unknownNodes), network.name());
        }
    }
}
