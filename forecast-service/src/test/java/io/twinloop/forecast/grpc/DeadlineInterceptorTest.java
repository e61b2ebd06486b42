package io.twinloop.forecast.grpc;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadlineInterceptorTest {

    @Test
    void readsEveryTimeoutUnit() {
        assertEquals(OptionalLong.of(2L * 3600 * 1_000_000_000L), DeadlineInterceptor.parseTimeout("2H"));
        assertEquals(OptionalLong.of(3L * 60 * 1_000_000_000L), DeadlineInterceptor.parseTimeout("3M"));
        assertEquals(OptionalLong.of(10_000_000_000L), DeadlineInterceptor.parseTimeout("10S"));
        assertEquals(OptionalLong.of(2_999_000_000L), DeadlineInterceptor.parseTimeout("2999m"));
        assertEquals(OptionalLong.of(2_999_876_000L), DeadlineInterceptor.parseTimeout("2999876u"));
        assertEquals(OptionalLong.of(99_999_999L), DeadlineInterceptor.parseTimeout("99999999n"));
    }

    @Test
    void ignoresMalformedValues() {
        assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout(null));
        assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout("S"));
        assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout("10s"));
        assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout("-1S"));
        assertEquals(OptionalLong.empty(), DeadlineInterceptor.parseTimeout("123456789S"));
    }
}
