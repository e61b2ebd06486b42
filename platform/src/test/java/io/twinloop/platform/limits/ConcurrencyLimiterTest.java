package io.twinloop.platform.limits;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The concurrency limiter and the overload statuses, on a hand-driven clock. */
class ConcurrencyLimiterTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong();

    @Test
    void refusesBeyondTheLimitAndAdmitsAgainOnRelease() {
        ConcurrencyLimiter l = new ConcurrencyLimiter("simulations", "twinloop.twin.max-x", 2, 100 * MS, 10_000 * MS, now::get);
        ConcurrencyLimiter.Permit a = l.tryAcquire();
        ConcurrencyLimiter.Permit b = l.tryAcquire();
        assertNotNull(a);
        assertNotNull(b);
        assertNull(l.tryAcquire());
        assertEquals(2, l.inFlight());
        a.close();
        a.close(); // closing twice releases once
        assertEquals(1, l.inFlight());
        assertNotNull(l.tryAcquire());
        assertNull(l.tryAcquire());
    }

    @Test
    void theRetryHintFollowsHowLongPermitsAreHeldWithinItsBounds() {
        ConcurrencyLimiter l = new ConcurrencyLimiter("rounds", "p", 1, 100 * MS, 2_000 * MS, now::get);
        assertEquals(100 * MS, l.retryAfterNanos(), "no history: the minimum");
        for (int i = 0; i < 50; i++) {
            ConcurrencyLimiter.Permit p = l.tryAcquire();
            now.addAndGet(1_000 * MS);
            p.close();
        }
        assertEquals(1_000 * MS, l.retryAfterNanos(), 5 * MS, "converges to the 1 s hold time");
        for (int i = 0; i < 50; i++) {
            ConcurrencyLimiter.Permit p = l.tryAcquire();
            now.addAndGet(60_000 * MS);
            p.close();
        }
        assertEquals(2_000 * MS, l.retryAfterNanos(), "capped at the maximum");
        assertTrue(l.refusal("twin-service").startsWith("twin-service is at its limit of 1 concurrent rounds (p); retry in 2.0 s"),
                l.refusal("twin-service"));
    }

    @Test
    void overloadStatusesCarryAParseableRetryInfoAndAReason() {
        StatusRuntimeException shed = Overload.shed("busy", 1_250 * MS);
        assertEquals(Status.Code.UNAVAILABLE, shed.getStatus().getCode());
        assertEquals("busy", shed.getStatus().getDescription());
        assertEquals(1_250 * MS, Overload.retryDelayNanos(shed).orElseThrow());
        assertTrue(Overload.isRetryable(shed));
        StatusRuntimeException limited = Overload.rateLimited("slow down", 300 * MS);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, limited.getStatus().getCode());
        assertEquals(300 * MS, Overload.retryDelayNanos(limited).orElseThrow());
        assertEquals(Overload.RATE_LIMITED, StatusProto.fromThrowable(limited).getDetailsList().stream()
                .filter(a -> a.is(ErrorInfo.class)).map(a -> {
                    try {
                        return a.unpack(ErrorInfo.class).getReason();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).findFirst().orElseThrow());
        assertTrue(Overload.retryDelayNanos(Status.UNAVAILABLE.asRuntimeException()).isEmpty());
        assertTrue(!Overload.isRetryable(Status.UNAVAILABLE.asRuntimeException()), "plain UNAVAILABLE has no hint");
        assertEquals("0.3 s", Overload.seconds(300 * MS));
        assertEquals("0.1 s", Overload.seconds(1));
        assertEquals("12 s", Overload.seconds(11_200 * MS));
        assertEquals(1, Overload.retryAfterSeconds(300 * MS));
        assertEquals(3, Overload.retryAfterSeconds(2_001 * MS));
    }
}
