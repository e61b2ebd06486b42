/**
 * What-if simulation on a snapshot: a plan's actions and failed links or nodes are laid over
 * the stored network as an overlay (nothing stored changes), then the model's ECMP kernel
 * routes the chosen traffic and the KPIs are computed.
 */
package io.twinloop.twin.simulation;
