/**
 * The planner's client of twin-service: reads network snapshots with a deadline (the caller's
 * remaining deadline, else a configured default) and turns the twin's failures into
 * {@link io.twinloop.planner.client.TwinCallException}, relaying its NOT_FOUND, INVALID_ARGUMENT and
 * FAILED_PRECONDITION statuses unchanged (the rule is {@link io.twinloop.platform.grpc.PeerCall}'s).
 */
package io.twinloop.planner.client;
