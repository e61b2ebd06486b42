package io.twinloop.model.plan;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Churn: how many configuration items differ between two states of a network, the cost of moving
 * the network from one to the other.
 *
 * <p>An item is one configurable field of one directed link that a plan can change (IGP weight,
 * administrative state, capacity), or the path policy of one origin-destination pair. Each counts
 * once when it differs, so setting a link's weight to the value it already has costs nothing, and
 * re-weighting both directions of a cable costs 2. A link present in only one of the two states
 * counts once, and so does a policy present in only one. Operational state (telemetry), latency,
 * power and SRLG membership are properties of the plant, not configuration, and do not count.
 * Weights and capacities are compared exactly.
 */
public final class Churn {

    private Churn() {
    }

    /** The number of configuration items that differ between {@code base} and {@code after}. */
    public static int between(Network base, Network after) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(after, "after");
        int churn = 0;
        Map<String, Link> before = new HashMap<>();
        for (Link l : base.links()) {
            before.put(l.id(), l);
        }
        Set<String> seen = new HashSet<>();
        for (Link l : after.links()) {
            seen.add(l.id());
            Link old = before.get(l.id());
            if (old == null) {
                churn++;
                continue;
            }
            if (Double.compare(old.igpWeight(), l.igpWeight()) != 0) {
                churn++;
            }
            if (old.adminState() != l.adminState()) {
                churn++;
            }
            if (Double.compare(old.capacityBps(), l.capacityBps()) != 0) {
                churn++;
            }
        }
        for (String id : before.keySet()) {
            if (!seen.contains(id)) {
                churn++;
            }
        }
        Map<OdPair, PathPolicy> policies = new HashMap<>();
        for (PathPolicy p : base.pathPolicies()) {
            policies.put(p.pair(), p);
        }
        Set<OdPair> seenPairs = new HashSet<>();
        for (PathPolicy p : after.pathPolicies()) {
            seenPairs.add(p.pair());
            if (!p.equals(policies.get(p.pair()))) {
                churn++;
            }
        }
        for (OdPair pair : policies.keySet()) {
            if (!seenPairs.contains(pair)) {
                churn++;
            }
        }
        return churn;
    }
}
