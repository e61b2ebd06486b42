package io.twinloop.model.plan;

/**
 * One change to a network that a {@link Plan} can contain. The set of actions is closed (sealed)
 * so that every consumer (the twin, the verifier, the applier in production) handles all of them.
 */
public sealed interface PlanAction permits SetLinkWeight, SetLinkAdminState {

    /** The id of the link this action changes. */
    String linkId();
}
