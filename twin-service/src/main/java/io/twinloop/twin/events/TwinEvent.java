package io.twinloop.twin.events;

import io.twinloop.twin.store.VersionInfo;
import io.twinloop.twin.telemetry.OperState;

/**
 * Something that happened to a network, published in-process through {@link TwinEvents}
 * after it was committed.
 */
public sealed interface TwinEvent {
    /** The network it happened to. */
    String network();

    /** When it happened, ms since the Unix epoch. */
    long timeUnixMs();

    /** A new version of a network was committed. */
    record VersionChanged(String network, long timeUnixMs, VersionInfo version) implements TwinEvent {
    }

    /** Telemetry changed a link's operational state. */
    record LinkStateChanged(String network, long timeUnixMs, String linkId, OperState previous, OperState state)
            implements TwinEvent {
    }

    /**
     * A committed batch of telemetry: per sample, the link and its measured utilization
     * ({@code Kpis.utilization}: rate / capacity, +Infinity for a rate on a link with capacity 0). Watchers
     * derive threshold crossings
     * from it with their own thresholds.
     */
    record UtilizationObserved(String network, long timeUnixMs, long[] timesUnixMs, String[] linkIds,
                               double[] utilization, int size) implements TwinEvent {
    }

    /** A link's measured rate left (or returned to) the band around the twin's prediction. */
    record DivergenceDetected(String network, long timeUnixMs, String linkId, double observedBps,
                              double predictedBps, double relativeError) implements TwinEvent {
    }
}
