package io.twinloop.model.plan;

import io.twinloop.model.Network;

/**
 * Churn: how many configuration items differ between two states of a network, the cost of moving
 * the network from one to the other.
 *
 * <p>An item is one configurable field of one directed link that a plan can change (IGP weight,
 * administrative state, capacity), the path policy of one origin-destination pair, or the presence
 * of one node. Each counts once when it differs, so setting a link's weight to the value it already
 * has costs nothing, and re-weighting both directions of a cable costs 2. A link, node or policy
 * present in only one of the two states counts once. Operational state (telemetry), latency,
 * power, SRLG membership and coordinates are properties of the plant, not configuration, and do
 * not count. Weights and capacities are compared exactly.
 *
 * <p>The count is {@link NetworkDiff#churn()}: the version diff lists exactly the items counted here.
 */
public final class Churn {

    private Churn() {
    }

    /** The number of configuration items that differ between {@code base} and {@code after}. */
    public static int between(Network base, Network after) {
        return NetworkDiff.between(base, after).churn();
    }
}
