package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;

/**
 * Takes one directed link administratively down ({@code up = false}) or back up. A down link
 * carries no traffic; the router sees it through {@link Plan#downLinks(io.twinloop.model.Network)}.
 *
 * @param linkId the link to change, non-blank
 * @param up     the new administrative state
 */
public record SetLinkAdminState(String linkId, boolean up) implements PlanAction {

    /** Validates the link id. */
    public SetLinkAdminState {
        if (linkId == null || linkId.isBlank()) {
            throw new InvalidNetworkException("setLinkAdminState.linkId", "must not be null or blank");
        }
    }
}
