package io.twinloop.platform.auth;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsAccessTest {
    private static final String VIEWER = "viewer-token-0123456789";

    private static BearerAuth auth(boolean openReads) throws IOException {
        Path f = Files.createTempFile("tokens", ".txt");
        f.toFile().deleteOnExit();
        Files.write(f, List.of(VIEWER + " viewer vera"));
        return BearerAuth.of(Optional.of(f.toString()), Map.of(), openReads);
    }

    @Test
    void onlyTheMetricsPathIsCovered() {
        assertTrue(MetricsAccess.covers("/q/metrics"));
        assertTrue(MetricsAccess.covers("/q/metrics/json"));
        assertFalse(MetricsAccess.covers("/q/metricsx"));
        assertFalse(MetricsAccess.covers("/q/health"));
        assertFalse(MetricsAccess.covers(null));
    }

    @Test
    void openMetricsNeedNoTokenClosedOnesAViewer() throws IOException {
        BearerAuth auth = auth(false);
        assertTrue(MetricsAccess.check(auth, true, null).allowed());
        BearerAuth.Outcome none = MetricsAccess.check(auth, false, null);
        assertEquals(AccessPolicy.Refusal.UNAUTHENTICATED, none.denial().refusal());
        assertTrue(none.denial().message().contains("GET /q/metrics"), none.denial().message());
        assertEquals(AccessPolicy.Refusal.UNAUTHENTICATED, MetricsAccess.check(auth, false, "Bearer wrong-token-0123456789")
                .denial().refusal());
        BearerAuth.Outcome vera = MetricsAccess.check(auth, false, "Bearer " + VIEWER);
        assertTrue(vera.allowed());
        assertEquals("vera", vera.principal().name());
    }

    @Test
    void openReadsAndNoAuthenticationOpenThemToo() throws IOException {
        assertTrue(MetricsAccess.check(auth(true), false, null).allowed());
        assertTrue(MetricsAccess.check(BearerAuth.of(Optional.empty(), Map.of(), false), false, null).allowed());
    }
}
