/**
 * Counters to rates: what a telemetry collector does between the routers and the twin. Routers
 * report cumulative interface counters (octets and packets, 32 or 64 bit, wrapping and being reset);
 * {@link io.twinloop.model.telemetry.CounterRateConverter} turns them into rates per counter
 * (bit/s for octets, packet/s for packets), refusing and counting every sample that cannot give an
 * honest rate (resets, unmarked backward steps, absurd rates, duplicates, out-of-order and future
 * samples); {@link io.twinloop.model.telemetry.RateAligner} averages the irregular rates onto the
 * twin's epoch-aligned interval; {@link io.twinloop.model.telemetry.LinkRateReconciler} makes one
 * link rate out of the two ends of a link, with a data-quality signal. The rules are in
 * {@code docs/telemetry.md} ("Counters to rates").
 */
package io.twinloop.model.telemetry;
