/**
 * The planner's client of twin-service: reads network snapshots with a deadline (the caller's
 * remaining deadline, else a configured default) and turns the twin's failures into
 * {@link io.twinloop.planner.client.TwinCallException} or relays its NOT_FOUND and
 * INVALID_ARGUMENT statuses unchanged.
 */
package io.twinloop.planner.client;
