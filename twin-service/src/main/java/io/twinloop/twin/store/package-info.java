/**
 * Durable twin state: networks, their immutable versioned snapshots and their traffic series,
 * kept in a JDBC database (an embedded H2 file by default). Every change writes a new version
 * inside one transaction, so a failed request leaves nothing half-applied.
 */
package io.twinloop.twin.store;
