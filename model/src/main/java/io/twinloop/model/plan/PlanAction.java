package io.twinloop.model.plan;

/**
 * One change to a network that a {@link Plan} can contain. The set of actions is closed (sealed)
 * so that every consumer (the twin, the verifier, the applier in production) handles all of them.
 */
public sealed interface PlanAction permits SetLinkWeight, SetLinkAdminState, SetLinkCapacity, SetPathPolicy {

    /**
     * The id of the link this action changes; {@code ""} for actions that do not change one link
     * ({@link SetPathPolicy}). Use {@link #changesLink()} to tell them apart.
     */
    String linkId();

    /** Whether this action changes a single link named by {@link #linkId()}. */
    default boolean changesLink() {
        return !linkId().isEmpty();
    }
}
