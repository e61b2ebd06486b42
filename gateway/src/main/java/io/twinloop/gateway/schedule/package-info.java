/**
 * Periodic rounds: each network's schedule (stored with the round history) and the scheduler
 * that starts a round through the round runner whenever one comes due, one at a time per network.
 */
package io.twinloop.gateway.schedule;
