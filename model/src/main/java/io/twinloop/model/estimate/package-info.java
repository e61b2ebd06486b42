/**
 * Demand deduction: the traffic matrix of a network estimated from what routers count, its link
 * rates plus optionally the per-node ingress/egress totals of access and peering ports, known
 * (measured) demands and earlier measured matrices. The link equations {@code A x = y} use the
 * exact routing matrix of the ECMP kernel ({@link io.twinloop.model.routing.RoutingMatrix}), so
 * ECMP splits, down links and path policies are part of every estimate.
 *
 * <p>Entry point: {@link io.twinloop.model.estimate.TrafficEstimator}; methods in
 * {@link io.twinloop.model.estimate.EstimationMethod}.
 */
package io.twinloop.model.estimate;
