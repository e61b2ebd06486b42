/**
 * Kafka telemetry sources: topics bound to networks ({@code SetTelemetrySource}) consumed into the networks' link
 * telemetry, at least once, with idempotent storage and poison messages dead-lettered.
 */
package io.twinloop.twin.kafka;
