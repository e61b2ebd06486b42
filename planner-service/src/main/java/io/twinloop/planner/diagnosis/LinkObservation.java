package io.twinloop.planner.diagnosis;

import io.twinloop.model.LinkState;

/**
 * What one directed link of the twin's network reported in one telemetry interval. A link that
 * reported nothing has <em>no</em> observation: missing telemetry is not zero load (a failed
 * element typically goes silent), and {@link FaultDiagnoser} treats the two differently.
 *
 * @param linkId    id of a link of the twin's network (checked by {@link FaultDiagnoser#diagnose})
 * @param loadBps   observed load in bit/s, finite and {@code >= 0}
 * @param operState the reported operational state, or {@code null} when the telemetry carries none;
 *                  {@link LinkState#SLEEP} counts as not carrying traffic, like {@link LinkState#DOWN}
 */
public record LinkObservation(String linkId, double loadBps, LinkState operState) {

    /**
     * Validates the id and the load.
     *
     * @throws IllegalArgumentException if the id is blank or the load is negative, NaN or infinite
     */
    public LinkObservation {
        if (linkId == null || linkId.isBlank()) {
            throw new IllegalArgumentException("observation: linkId must be a non-blank link id");
        }
        if (!(loadBps >= 0) || Double.isInfinite(loadBps)) {
            throw new IllegalArgumentException("observation of link '" + linkId
                    + "': loadBps must be finite and >= 0, got " + loadBps
                    + "; leave a link out instead when it sent no telemetry");
        }
    }

    /** A load reading without an operational state. */
    public static LinkObservation load(String linkId, double loadBps) {
        return new LinkObservation(linkId, loadBps, null);
    }

    /** A load reading with the operational state the interface reported. */
    public static LinkObservation of(String linkId, double loadBps, LinkState operState) {
        return new LinkObservation(linkId, loadBps, operState);
    }

    /** Whether the telemetry says explicitly that the link does not carry traffic. */
    public boolean reportedDown() {
        return operState == LinkState.DOWN || operState == LinkState.SLEEP;
    }

    /** Whether the telemetry says explicitly that the link is up. */
    public boolean reportedUp() {
        return operState == LinkState.UP;
    }
}
