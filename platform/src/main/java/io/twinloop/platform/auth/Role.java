package io.twinloop.platform.auth;

import java.util.Locale;

/**
 * What a credential may do. {@link #OPERATOR} and {@link #APPROVER} each include {@link #VIEWER};
 * neither includes the other, so the operator who starts a round in approve mode is not by
 * default the one who approves it. A token may carry both.
 */
public enum Role {
    /** Read: list, get, simulate, watch. */
    VIEWER,
    /** Change: import, ingest, apply, run rounds, schedules and policies. */
    OPERATOR,
    /** Decide on pending rounds: approve and reject. */
    APPROVER;

    /** The role named {@code text} (case-insensitive). */
    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text + "'; the roles are viewer, operator, approver");
        }
    }
}
