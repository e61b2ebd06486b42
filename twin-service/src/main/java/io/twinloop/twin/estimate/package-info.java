/**
 * What the twin estimates traffic matrices from (demand deduction, {@code io.twinloop.model.estimate}):
 * the counter files of an EstimateTraffic request read into per-interval counters with line-numbered
 * errors ({@link io.twinloop.twin.estimate.CounterFiles}, {@link io.twinloop.twin.estimate.MatrixCsv}),
 * or the stored telemetry of a time window grouped into intervals
 * ({@link io.twinloop.twin.estimate.StoredCounters}).
 */
package io.twinloop.twin.estimate;
