package io.twinloop.platform.auth;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who a valid token belongs to.
 *
 * @param name  the name given to the token in the tokens file (recorded as the author of changes)
 * @param roles its roles
 */
public record Principal(String name, Set<Role> roles) {

    /** Copies the roles. */
    public Principal {
        Objects.requireNonNull(name, "name");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Whether this principal may do what {@code needed} allows ({@link Role#VIEWER} is implied by any role). */
    public boolean may(Role needed) {
        return needed == Role.VIEWER ? !roles.isEmpty() : roles.contains(needed);
    }
}
