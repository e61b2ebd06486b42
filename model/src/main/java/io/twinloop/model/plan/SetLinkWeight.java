package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;

/**
 * Sets the IGP weight (OSPF/IS-IS metric) of one directed link; the classic traffic-engineering
 * knob that moves traffic without touching hardware.
 *
 * @param linkId    the link to change, non-blank
 * @param igpWeight the new weight, finite and {@code > 0}
 */
public record SetLinkWeight(String linkId, double igpWeight) implements PlanAction {

    /** Validates the link id and the weight. */
    public SetLinkWeight {
        if (linkId == null || linkId.isBlank()) {
            throw new InvalidNetworkException("setLinkWeight.linkId", "must not be null or blank");
        }
        if (!Double.isFinite(igpWeight) || igpWeight <= 0) {
            throw new InvalidNetworkException("setLinkWeight[" + linkId + "].igpWeight",
                    "must be finite and > 0, got " + igpWeight);
        }
    }
}
