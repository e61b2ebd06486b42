package io.twinloop.planner.diagnosis;

/**
 * What a {@link Hypothesis} claims happened, relative to the state the twin believes.
 * The order is also the tie-break order of equally scored hypotheses: the simpler or more common
 * explanation first (a cable before the node it isolates, a traffic change before a capacity loss
 * that predicts the same loads).
 */
public enum HypothesisKind {
    /** Nothing: the twin's state and traffic matrix already explain the telemetry. */
    NONE,
    /**
     * A cable failed: both directed links of a physical link (elements = both link ids), or a
     * directed link without a reverse partner (elements = that id). Traffic re-routes by ECMP.
     */
    LINK_DOWN,
    /** A node failed (elements = its name): all its links go down and its own traffic vanishes. */
    NODE_DOWN,
    /** A shared risk link group failed (elements = the SRLG name): every link in it goes down. */
    SRLG_DOWN,
    /**
     * The traffic matrix changed: the traffic originated at, terminated at, or both originated and
     * terminated at one node (elements = that node), or the whole matrix (elements empty), is
     * scaled by a fitted factor ({@link Hypothesis#fitted()}); the explanation says which.
     */
    TRAFFIC_SHIFT,
    /**
     * A directed link (elements = its id) carries less than routed to it because its capacity
     * dropped (a LAG member or a wavelength lost): the excess is dropped there, so the links
     * downstream of it see less; nothing re-routes. {@link Hypothesis#fitted()} is the fitted
     * capacity in bit/s.
     */
    CAPACITY_DEGRADED
}
