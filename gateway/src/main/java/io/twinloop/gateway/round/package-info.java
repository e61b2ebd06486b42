/**
 * Optimization rounds: observe → forecast → plan → verify on the twin → apply → record.
 * The runner splits the round's deadline across the stages, retries only UNAVAILABLE calls,
 * degrades gracefully when the forecaster or planner is down (and records that it did), and
 * never applies a plan the twin did not verify at the version it is applied to.
 */
package io.twinloop.gateway.round;
