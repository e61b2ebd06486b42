package io.twinloop.platform.grpc;

import io.grpc.Status;
import io.twinloop.platform.limits.Overload;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a peer call is retried ({@link PeerCall#retrying}): only UNAVAILABLE, after the longer of backoff and RetryInfo, within the deadline. */
class PeerCallRetryTest {
    private static final long SEC = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aShedCallIsRetriedAfterTheServersDelayWhenTheDeadlineLeavesTimeForIt() {
        var shed = Overload.shed("twin-service is at its limit", 2 * SEC);
        assertEquals(2000, PeerCall.waitBeforeRetry(shed, 1, 100, 10_000));
        assertEquals(-1, PeerCall.waitBeforeRetry(shed, 1, 100, 1_500), "not enough budget left: fail the stage now");
        assertEquals(-1, PeerCall.waitBeforeRetry(shed, 4, 100, 10_000), "attempts are bounded");
        var quick = Overload.shed("busy", SEC / 100);
        assertEquals(400, PeerCall.waitBeforeRetry(quick, 3, 400, 10_000), "never sooner than the backoff");
    }

    @Test
    void plainUnavailableBacksOffAndOtherCodesAreFinal() {
        assertEquals(100, PeerCall.waitBeforeRetry(Status.UNAVAILABLE.asRuntimeException(), 1, 100, 10_000));
        assertEquals(-1, PeerCall.waitBeforeRetry(Overload.rateLimited("slow down", SEC), 1, 100, 10_000));
        assertEquals(-1, PeerCall.waitBeforeRetry(Status.INVALID_ARGUMENT.asRuntimeException(), 1, 100, 10_000));
    }
}
