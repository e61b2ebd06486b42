/**
 * Fault diagnosis against the twin: given the network and traffic matrix the twin believes and the
 * link telemetry actually observed, {@link io.twinloop.planner.diagnosis.FaultDiagnoser} simulates
 * every candidate explanation (no fault, a cable, node or SRLG failure, a degraded link capacity, a
 * shift of one node's traffic) with the model's ECMP router and ranks them by how well their
 * predicted link loads explain the observed ones under multiplicative noise, with explicit
 * oper-down flags and silent elements as further evidence. Deterministic, free of gRPC and Quarkus.
 */
package io.twinloop.planner.diagnosis;
