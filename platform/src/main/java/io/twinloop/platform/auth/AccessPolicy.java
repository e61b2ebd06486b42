package io.twinloop.platform.auth;

import java.util.Map;
import java.util.Optional;

/**
 * Which role each operation needs, and the decision for a caller. Operations not listed are reads
 * ({@link Role#VIEWER}); reads need no credential when {@code openReads} is set.
 */
public final class AccessPolicy {

    /** Why a call is refused. */
    public enum Refusal {
        /** No valid credential. */
        UNAUTHENTICATED,
        /** A valid credential without the role. */
        PERMISSION_DENIED
    }

    /** A refused call: the kind and a message for the caller. */
    public record Denial(Refusal refusal, String message) {
    }

    private final Map<String, Role> needs;
    private final boolean openReads;

    /**
     * @param needs     role per operation name (e.g. a gRPC full method name); others are reads
     * @param openReads whether reads need no credential
     */
    public AccessPolicy(Map<String, Role> needs, boolean openReads) {
        this.needs = Map.copyOf(needs);
        this.openReads = openReads;
    }

    /** The role {@code operation} needs. */
    public Role needed(String operation) {
        return needs.getOrDefault(operation, Role.VIEWER);
    }

    /**
     * Decides a call.
     *
     * @param operation   the operation
     * @param principal   the caller, or {@code null} without a valid credential
     * @param presented   whether the caller presented a credential at all (for the message)
     * @return empty when allowed, else why not
     */
    public Optional<Denial> decide(String operation, Principal principal, boolean presented) {
        Role needed = needed(operation);
        if (principal == null) {
            if (needed == Role.VIEWER && openReads) {
                return Optional.empty();
            }
            return Optional.of(new Denial(Refusal.UNAUTHENTICATED, (presented ? "the bearer token is not valid"
                    : "a bearer token is required") + " for " + operation + " (role " + name(needed)
                    + "); pass one in the 'authorization: Bearer TOKEN' header (CLI: TWINLOOP_TOKEN or --token-file)"));
        }
        if (!principal.may(needed)) {
            return Optional.of(new Denial(Refusal.PERMISSION_DENIED, "'" + principal.name() + "' may not call "
                    + operation + ": it needs the role " + name(needed) + ", the token has " + principal.roles()
                    .stream().map(AccessPolicy::name).sorted().toList()));
        }
        return Optional.empty();
    }

    private static String name(Role r) {
        return r.name().toLowerCase(java.util.Locale.ROOT);
    }
}
