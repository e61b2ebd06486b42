package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;

/**
 * Sets the capacity of one directed link (a capacity upgrade, a LAG member added or removed, a
 * flexible-rate optic retuned). Power is left as it is on the link; when the link has no modelled
 * power the KPIs derive it from the new capacity (see {@code PowerModel}).
 *
 * @param linkId      the link to change, non-blank
 * @param capacityBps the new capacity in bit/s, finite and {@code > 0} (a link that is up needs a capacity, as at
 *                    import; to take a link out of service, set its admin state instead)
 */
public record SetLinkCapacity(String linkId, double capacityBps) implements PlanAction {

    /** Validates the link id and the capacity. */
    public SetLinkCapacity {
        if (linkId == null || linkId.isBlank()) {
            throw new InvalidNetworkException("setLinkCapacity.linkId", "must not be null or blank");
        }
        if (!Double.isFinite(capacityBps) || !(capacityBps > 0)) {
            throw new InvalidNetworkException("setLinkCapacity[" + linkId + "].capacityBps",
                    "must be finite and > 0, got " + capacityBps + " (to take the link out of service, set its admin state)");
        }
    }
}
