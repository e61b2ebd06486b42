package io.twinloop.twin.telemetry;

/**
 * A link's operational state as reported by telemetry. Mirrors {@code twinloop.common.v1.LinkState};
 * kept here until the model's own {@code LinkState} carries it in snapshots.
 */
public enum OperState {
    /** Not reported in a sample; an unknown state counts as UP. */
    UNSPECIFIED,
    /** Up and carrying traffic. */
    UP,
    /** Down: carries no traffic. */
    DOWN,
    /** Asleep to save energy: carries no traffic. */
    SLEEP;

    /** The stored code (the proto enum number). */
    public int code() {
        return ordinal();
    }

    /** The state of a stored code; unknown codes read as UNSPECIFIED. */
    public static OperState ofCode(int code) {
        OperState[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNSPECIFIED;
    }

    /** UNSPECIFIED counts as UP. */
    public OperState effective() {
        return this == UNSPECIFIED ? UP : this;
    }
}
