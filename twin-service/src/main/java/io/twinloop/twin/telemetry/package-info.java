/**
 * Observed state of the networks: per-link telemetry ingestion (validated, batched, durable
 * before acknowledged), the operational state telemetry reports per link
 * ({@link io.twinloop.twin.telemetry.OperStateRegistry}), streamed traffic-matrix samples,
 * divergence between measured and predicted link load, and retention of history.
 */
package io.twinloop.twin.telemetry;
