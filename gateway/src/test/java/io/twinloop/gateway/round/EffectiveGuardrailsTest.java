package io.twinloop.gateway.round;

import io.grpc.Status;
import io.twinloop.proto.common.v1.Guardrails;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guardrails field by field: the request's non-zero fields, then the network policy's, then the defaults. */
class EffectiveGuardrailsTest {
    private static final Guardrails NONE = Guardrails.getDefaultInstance();

    @Test
    void withoutRequestOrPolicyTheGatewayDefaultsApply() {
        Guardrails g = RoundRunner.effectiveGuardrails(NONE, NONE);
        assertEquals(RoundRunner.DEFAULT_MAX_UTILIZATION, g.getMaxLinkUtilization());
        assertEquals(RoundRunner.DEFAULT_MAX_CHANGES, g.getMaxChanges());
        assertTrue(g.getProtectedLinkIdsList().isEmpty() && g.getProtectedNodeNamesList().isEmpty());
        assertFalse(g.getAllowUnrouted());
    }

    @Test
    void thePolicyFillsWhatTheRequestLeavesZeroAndTheRequestWinsWhereItSetsAField() {
        Guardrails policy = Guardrails.newBuilder().setMaxLinkUtilization(0.7).setMaxChanges(2)
                .addProtectedLinkIds("L4").addProtectedNodeNames("A").build();

        assertEquals(policy, RoundRunner.effectiveGuardrails(NONE, policy));

        Guardrails request = Guardrails.newBuilder().setMaxChanges(5).addProtectedLinkIds("L1").build();
        Guardrails g = RoundRunner.effectiveGuardrails(request, policy);
        assertEquals(0.7, g.getMaxLinkUtilization(), "from the policy");
        assertEquals(5, g.getMaxChanges(), "the request's own value");
        assertEquals(List.of("L1"), g.getProtectedLinkIdsList(), "the request's own list");
        assertEquals(List.of("A"), g.getProtectedNodeNamesList(), "from the policy");

        Guardrails partial = Guardrails.newBuilder().setMaxChanges(3).setAllowUnrouted(true).build();
        Guardrails h = RoundRunner.effectiveGuardrails(NONE, partial);
        assertEquals(RoundRunner.DEFAULT_MAX_UTILIZATION, h.getMaxLinkUtilization(), "the default fills the rest");
        assertEquals(3, h.getMaxChanges());
        assertTrue(h.getAllowUnrouted());
    }

    @Test
    void anOutOfRangeRequestIsInvalidWhateverThePolicy() {
        RoundFailedException e = assertThrows(RoundFailedException.class, () -> RoundRunner.effectiveGuardrails(
                Guardrails.newBuilder().setMaxChanges(1001).build(), Guardrails.newBuilder().setMaxChanges(3).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("max_changes"), e.getMessage());
    }
}
