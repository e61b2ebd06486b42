/** Rounds started by the twin's events: link down, threshold crossed, divergence. */
package io.twinloop.gateway.events;
