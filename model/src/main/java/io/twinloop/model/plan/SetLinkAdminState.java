package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.LinkState;

/**
 * Sets the administrative state of one directed link: {@link LinkState#UP}, {@link LinkState#DOWN}
 * or {@link LinkState#SLEEP} (energy saving). A link that is not UP carries no traffic; the plan
 * stores the state on the link ({@link Plan#applyTo(io.twinloop.model.Network)}) and also reports
 * the links that end up not UP through {@link Plan#downLinks(io.twinloop.model.Network)}.
 *
 * @param linkId the link to change, non-blank
 * @param state  the new administrative state, not null
 */
public record SetLinkAdminState(String linkId, LinkState state) implements PlanAction {

    /** Validates the link id and the state. */
    public SetLinkAdminState {
        if (linkId == null || linkId.isBlank()) {
            throw new InvalidNetworkException("setLinkAdminState.linkId", "must not be null or blank");
        }
        if (state == null) {
            throw new InvalidNetworkException("setLinkAdminState[" + linkId + "].state", "must not be null");
        }
    }

    /** The two-state form: {@code up = true} is {@link LinkState#UP}, false {@link LinkState#DOWN}. */
    public SetLinkAdminState(String linkId, boolean up) {
        this(linkId, up ? LinkState.UP : LinkState.DOWN);
    }

    /** Whether the new state is {@link LinkState#UP}. */
    public boolean up() {
        return state == LinkState.UP;
    }
}
