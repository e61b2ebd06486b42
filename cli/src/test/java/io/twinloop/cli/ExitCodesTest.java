package io.twinloop.cli;

import io.grpc.Status;
import io.twinloop.platform.limits.Overload;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load refusals get their own exit codes and a retry hint; an unreachable service keeps its own. */
class ExitCodesTest {
    @Test
    void loadRefusalsAreToldApartFromAnUnreachableService() {
        var shed = Overload.shed("twin-service is at its limit of 16 concurrent simulations", 1_200_000_000L);
        assertEquals(12, TwinloopCli.exitCode(shed));
        assertEquals("the service is busy; retry in 1.2 s", TwinloopCli.hint(shed));
        var limited = Overload.rateLimited("rate limit of 50 requests/s for client 'x' exceeded", 300_000_000L);
        assertEquals(11, TwinloopCli.exitCode(limited));
        assertEquals("too many requests; retry in 0.3 s", TwinloopCli.hint(limited));
        var down = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        assertEquals(7, TwinloopCli.exitCode(down));
        assertTrue(TwinloopCli.hint(down).startsWith("is the stack running? ./twinloop up starts it"), TwinloopCli.hint(down));
        assertEquals(3, TwinloopCli.exitCode(Status.INVALID_ARGUMENT.asRuntimeException()));
        assertNull(TwinloopCli.hint(Status.INVALID_ARGUMENT.asRuntimeException()));
    }
}
