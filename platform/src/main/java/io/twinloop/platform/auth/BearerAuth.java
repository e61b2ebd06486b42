package io.twinloop.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A service's authentication: its tokens (or none: authentication off) and its access policy,
 * applied to the value of an {@code authorization} header.
 */
public final class BearerAuth {

    /** The outcome of a check: the caller (null when anonymous) and, when refused, why. */
    public record Outcome(Principal principal, AccessPolicy.Denial denial) {
        /** Whether the call may go on. */
        public boolean allowed() {
            return denial == null;
        }
    }

    private final TokenStore tokens;
    private final AccessPolicy policy;

    private BearerAuth(TokenStore tokens, AccessPolicy policy) {
        this.tokens = tokens;
        this.policy = policy;
    }

    /**
     * Authentication from a tokens file; off when {@code tokensFile} is empty or blank.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when it is malformed
     */
    public static BearerAuth of(Optional<String> tokensFile, Map<String, Role> needs, boolean openReads) {
        TokenStore t = tokensFile.filter(f -> !f.isBlank()).map(f -> {
            try {
                return TokenStore.load(Path.of(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the tokens file " + f + ": " + e.getMessage(), e);
            }
        }).orElse(null);
        return new BearerAuth(t, new AccessPolicy(needs, openReads));
    }

    /** Whether tokens are required at all. */
    public boolean enabled() {
        return tokens != null;
    }

    /** A line for the service's start-up log. */
    public String describe() {
        return tokens == null ? "authentication is OFF: set TWINLOOP_AUTH_TOKENS_FILE to require bearer tokens"
                : "authentication on: " + tokens.size() + " token(s)";
    }

    /** Checks a call to {@code operation} carrying {@code authorization} (may be null). */
    public Outcome check(String operation, String authorization) {
        if (tokens == null) {
            return new Outcome(null, null);
        }
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        Principal p = tokens.find(token).orElse(null);
        return new Outcome(p, policy.decide(operation, p, authorization != null).orElse(null));
    }
}
