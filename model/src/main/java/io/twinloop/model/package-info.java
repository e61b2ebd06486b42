/**
 * The immutable domain model of the twinloop network digital twin: nodes, directed links with
 * capacity and IGP weight, traffic demands, whole {@link io.twinloop.model.Network} snapshots
 * and time series of traffic matrices. Every type validates itself on construction, so a value
 * that exists is a consistent value; violations surface as the structured, unchecked
 * {@link io.twinloop.model.InvalidNetworkException} (and parsing problems as
 * {@link io.twinloop.model.ImportException}) rather than as late {@code NullPointerException}s deep
 * inside the routing kernel. Rates and capacities are always in bit/s, latencies in milliseconds.
 */
package io.twinloop.model;
