package io.twinloop.platform.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthTest {
    private static final String OPS = "ops-0123456789abcdef";
    private static final String BOSS = "boss-0123456789abcdef";
    private static final String RO = "ro-0123456789abcdefgh";

    private static TokenStore store() {
        return TokenStore.parse(List.of("# tokens", "", OPS + " operator alice", BOSS + " operator,approver bob smith",
                RO + " viewer"), "test");
    }

    @Test
    void tokensMapToTheirNamesAndRoles() {
        TokenStore s = store();
        assertEquals(3, s.size());
        assertEquals(new Principal("alice", Set.of(Role.OPERATOR)), s.find(OPS).orElseThrow());
        assertEquals(new Principal("bob smith", Set.of(Role.OPERATOR, Role.APPROVER)), s.find(BOSS).orElseThrow());
        assertEquals("token-3", s.find(RO).orElseThrow().name());
        assertTrue(s.find(OPS + "x").isEmpty());
        assertTrue(s.find(OPS.substring(1)).isEmpty());
        assertTrue(s.find("").isEmpty());
        assertTrue(s.find(null).isEmpty());
    }

    @Test
    void malformedLinesAreRejectedWithoutEchoingTheToken() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TokenStore.parse(List.of(OPS + " operator", "short-token viewer"), "f"));
        assertEquals("f line 2: the token is shorter than 16 characters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TokenStore.parse(List.of(OPS + " root"), "f"));
        assertTrue(e.getMessage().startsWith("f line 1: unknown role 'root'"), e.getMessage());
        assertFalse(e.getMessage().contains(OPS));
        e = assertThrows(IllegalArgumentException.class, () -> TokenStore.parse(List.of(OPS), "f"));
        assertTrue(e.getMessage().contains("TOKEN ROLES"));
    }

    @Test
    void thePolicyRefusesWhatTheRoleDoesNotAllow() {
        AccessPolicy closed = new AccessPolicy(Map.of("apply", Role.OPERATOR, "approve", Role.APPROVER), false);
        TokenStore s = store();
        Principal alice = s.find(OPS).orElseThrow();
        Principal bob = s.find(BOSS).orElseThrow();
        Principal viewer = s.find(RO).orElseThrow();
        assertTrue(closed.decide("apply", alice, true).isEmpty());
        assertTrue(closed.decide("read", viewer, true).isEmpty());
        assertTrue(closed.decide("approve", bob, true).isEmpty());
        assertEquals(AccessPolicy.Refusal.PERMISSION_DENIED, closed.decide("approve", alice, true).orElseThrow().refusal());
        assertEquals(AccessPolicy.Refusal.PERMISSION_DENIED, closed.decide("apply", viewer, true).orElseThrow().refusal());
        assertEquals(AccessPolicy.Refusal.UNAUTHENTICATED, closed.decide("read", null, false).orElseThrow().refusal());
        assertTrue(closed.decide("read", null, true).orElseThrow().message().startsWith("the bearer token is not valid"));
        AccessPolicy open = new AccessPolicy(Map.of("apply", Role.OPERATOR), true);
        assertTrue(open.decide("read", null, false).isEmpty(), "open reads");
        assertEquals(AccessPolicy.Refusal.UNAUTHENTICATED, open.decide("apply", null, false).orElseThrow().refusal());
        assertTrue(open.decide("apply", alice, true).isEmpty());
    }
}
