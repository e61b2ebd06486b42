/**
 * Durable twin state: networks, their immutable versioned snapshots ({@code TwinStore}), their traffic
 * series ({@code TrafficStore}), telemetry and oper states ({@code TelemetryStore}) and retention
 * ({@code RetentionStore}), kept in a JDBC database (an embedded H2 file by default). Every change writes
 * inside one transaction, so a failed request leaves nothing half-applied.
 */
package io.twinloop.twin.store;
