package io.twinloop.twin.simulation;

import io.twinloop.model.routing.Kpis;
import io.twinloop.model.Network;
import io.twinloop.model.routing.RoutingResult;

import java.util.BitSet;

/** The network as simulated (after the plan), the per-link loads and the KPIs. */
public record SimulationResult(Network network, BitSet downLinks, RoutingResult routing, Kpis kpis) {
}
