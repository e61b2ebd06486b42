/**
 * Change events of the twin: an in-process broadcaster ({@link io.twinloop.twin.events.TwinEvents})
 * that the stores publish to after each commit (new versions, link oper-state changes, observed
 * utilization, divergence from the twin's prediction), and that {@code WatchEvents} streams
 * subscribe to.
 */
package io.twinloop.twin.events;
