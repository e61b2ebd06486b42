package io.twinloop.planner.te;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The objectives the traffic-engineering planner can minimise or bound (matches {@code common.v1.Objective}). */
public enum Objective {
    /** Maximum link utilisation (fraction). */
    MLU,
    /** Traffic-weighted mean end-to-end latency (ms), as the twin computes it ({@code Kpis.meanLatencyMs}). */
    LATENCY,
    /** Total power of the links (W, {@code Kpis.powerW}). */
    POWER,
    /** Number of changed configuration items (plan actions). */
    CHURN;

    /**
     * The objective named {@code name} (case-insensitive; {@code min-mlu}, {@code min_mlu} and
     * {@code mlu} all work).
     *
     * @throws IllegalArgumentException naming the valid objectives
     */
    public static Objective parse(String name) {
        String k = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (k.startsWith("MIN_")) {
            k = k.substring(4);
        }
        for (Objective o : values()) {
            if (o.name().equals(k)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; valid objectives: "
                + Arrays.stream(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** Lower-case name. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
