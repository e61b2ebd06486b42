package io.twinloop.gateway.round;

import io.grpc.Status;
import io.twinloop.proto.common.v1.Guardrails;

/** The guardrails a round runs under: the request's, then the network policy's, then the gateway defaults. */
final class RoundGuardrails {
    private RoundGuardrails() {
    }

    /**
     * Resolves guardrails field by field: a non-zero (non-empty, true) field of the request's
     * {@code g} wins, then the field of the network's {@code policy}, then the gateway default
     * ({@value RoundRunner#DEFAULT_MAX_UTILIZATION} utilization, {@value RoundRunner#DEFAULT_MAX_CHANGES} changes, no
     * protected elements, no unrouted demand).
     *
     * @throws RoundFailedException INVALID_ARGUMENT when {@code g} is out of range
     */
    static Guardrails resolve(Guardrails g, Guardrails policy) {
        if (g.getMaxLinkUtilization() < 0 || !Double.isFinite(g.getMaxLinkUtilization()) || g.getMaxLinkUtilization() > 10) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "",
                    "guardrails.max_link_utilization must be in [0, 10] (0 = default " + RoundRunner.DEFAULT_MAX_UTILIZATION
                            + "), got " + g.getMaxLinkUtilization());
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > 1000) {
            throw new RoundFailedException(Status.Code.INVALID_ARGUMENT, "",
                    "guardrails.max_changes must be in [0, 1000] (0 = default " + RoundRunner.DEFAULT_MAX_CHANGES + "), got "
                            + g.getMaxChanges());
        }
        Guardrails.Builder b = g.toBuilder();
        if (g.getMaxLinkUtilization() == 0) {
            b.setMaxLinkUtilization(policy.getMaxLinkUtilization() != 0 ? policy.getMaxLinkUtilization()
                    : RoundRunner.DEFAULT_MAX_UTILIZATION);
        }
        if (g.getMaxChanges() == 0) {
            b.setMaxChanges(policy.getMaxChanges() != 0 ? policy.getMaxChanges() : RoundRunner.DEFAULT_MAX_CHANGES);
        }
        if (g.getProtectedLinkIdsCount() == 0) {
            b.addAllProtectedLinkIds(policy.getProtectedLinkIdsList());
        }
        if (g.getProtectedNodeNamesCount() == 0) {
            b.addAllProtectedNodeNames(policy.getProtectedNodeNamesList());
        }
        b.setAllowUnrouted(g.getAllowUnrouted() || policy.getAllowUnrouted());
        return b.build();
    }
}
