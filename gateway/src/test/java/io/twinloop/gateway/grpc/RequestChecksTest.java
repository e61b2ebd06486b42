package io.twinloop.gateway.grpc;

import io.grpc.Status;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestChecksTest {
    @Test
    void theIntervalMustBeBetweenTheConfiguredMinimumAndSevenDays() {
        SetScheduleRequest.Builder req = SetScheduleRequest.newBuilder().setNetwork("net");
        RoundFailedException e = assertThrows(RoundFailedException.class,
                () -> RequestChecks.schedule(req.setIntervalSeconds(9).build(), 10));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().startsWith("interval_seconds must be in [10, 604800]") && e.getMessage().endsWith("got 9"),
                e.getMessage());
        assertDoesNotThrow(() -> RequestChecks.schedule(req.setIntervalSeconds(10).build(), 10));
        assertDoesNotThrow(() -> RequestChecks.schedule(req.setIntervalSeconds(604_800).build(), 10));
        assertThrows(RoundFailedException.class, () -> RequestChecks.schedule(req.setIntervalSeconds(604_801).build(), 10));
    }

    @Test
    void thePolicysWorthFieldsAreRangeChecked() {
        io.twinloop.proto.gateway.v1.NetworkPolicy.Builder p = io.twinloop.proto.gateway.v1.NetworkPolicy.newBuilder()
                .setNetwork("net");
        assertDoesNotThrow(() -> RequestChecks.policy(p.build()));
        assertDoesNotThrow(() -> RequestChecks.policy(p.setTargetUtilization(0.7).setMinGainPerChange(0.05).build()));
        RoundFailedException t = assertThrows(RoundFailedException.class,
                () -> RequestChecks.policy(p.setTargetUtilization(-0.1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, t.code());
        assertTrue(t.getMessage().startsWith("policy.target_utilization must be in [0, 10]"), t.getMessage());
        RoundFailedException g = assertThrows(RoundFailedException.class,
                () -> RequestChecks.policy(p.setTargetUtilization(0.5).setMinGainPerChange(Double.NaN).build()));
        assertTrue(g.getMessage().startsWith("policy.min_gain_per_change must be in [0, 1]"), g.getMessage());
    }
}
