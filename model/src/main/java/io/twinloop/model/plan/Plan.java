package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * An ordered list of changes to a network, evaluated on the twin before it is applied for real.
 *
 * <p>Semantics: actions apply in order, so for the same link the last weight and the last admin
 * state win. {@link #applyTo(Network)} yields the network with the new weights (the network model
 * has no admin state); {@link #downLinks(Network)} yields the links that end up administratively
 * down, to be passed to {@code EcmpRouter}. Both reject a plan naming a link the network does not
 * have.
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
     * The network with this plan's weight changes applied (admin-state actions do not change the
     * network; see {@link #downLinks(Network)}).
     *
     * @throws InvalidNetworkException if an action names a link that is not in {@code network}
     */
    public Network applyTo(Network network) {
        checkLinks(network);
        List<Link> links = new ArrayList<>(network.links());
        boolean changed = false;
        for (PlanAction a : actions) {
            if (a instanceof SetLinkWeight w) {
                int i = network.linkIndex(w.linkId());
                links.set(i, links.get(i).withIgpWeight(w.igpWeight()));
                changed = true;
            }
        }
        return changed ? network.withLinks(links) : network;
    }

    /**
     * The indices (into {@code network.links()}) of the links that this plan leaves
     * administratively down.
     *
     * @throws InvalidNetworkException if an action names a link that is not in {@code network}
     */
    public BitSet downLinks(Network network) {
        checkLinks(network);
        BitSet down = new BitSet(network.links().size());
        for (PlanAction a : actions) {
            if (a instanceof SetLinkAdminState s) {
                down.set(network.linkIndex(s.linkId()), !s.up());
            }
        }
        return down;
    }

    private void checkLinks(Network network) {
        if (network == null) {
            throw new InvalidNetworkException("network", "must not be null");
        }
        for (int i = 0; i < actions.size(); i++) {
            String id = actions.get(i).linkId();
            if (network.linkIndex(id) < 0) {
                throw new InvalidNetworkException("plan.actions[" + i + "].linkId",
                        "unknown link '" + id + "' in network '" + network.name() + "'");
            }
        }
    }
}
