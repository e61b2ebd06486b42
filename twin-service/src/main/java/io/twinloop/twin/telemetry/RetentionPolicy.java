package io.twinloop.twin.telemetry;

/**
 * How long history is kept; a zero field means "keep everything" for that dimension.
 *
 * @param telemetryMaxAgeMs          telemetry samples older than this (by wall clock) are deleted
 * @param telemetryMaxSamplesPerLink only the newest this many samples of each link are kept
 * @param trafficMaxSamples          only the newest this many traffic-matrix samples are kept
 */
public record RetentionPolicy(long telemetryMaxAgeMs, long telemetryMaxSamplesPerLink, int trafficMaxSamples) {
    /** Keep everything. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(0, 0, 0);

    public RetentionPolicy {
        if (telemetryMaxAgeMs < 0) {
            throw new IllegalArgumentException("telemetry_max_age must be >= 0, got " + telemetryMaxAgeMs + " ms");
        }
        if (telemetryMaxSamplesPerLink < 0) {
            throw new IllegalArgumentException("telemetry_max_samples_per_link must be >= 0, got " + telemetryMaxSamplesPerLink);
        }
        if (trafficMaxSamples < 0) {
            throw new IllegalArgumentException("traffic_max_samples must be >= 0, got " + trafficMaxSamples);
        }
    }
}
