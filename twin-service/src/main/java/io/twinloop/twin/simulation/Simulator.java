package io.twinloop.twin.simulation;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;

import java.util.BitSet;
import java.util.List;

/** Runs a {@link WhatIf} on a network. Stateless; the network is never modified. */
public final class Simulator {

    private Simulator() {
    }

    /**
     * Applies the plan, marks failed links and every link touching a failed node as down,
     * routes the demands with IGP ECMP and computes the KPIs.
     *
     * @throws InvalidNetworkException when the plan or the failure names an unknown element
     */
    public static SimulationResult simulate(Network base, WhatIf whatIf) {
        Network network = whatIf.plan().applyTo(base);
        BitSet down = whatIf.plan().downLinks(network);
        for (String id : whatIf.failedLinkIds()) {
            int idx = network.linkIndex(id);
            if (idx < 0) {
                throw new InvalidNetworkException("failures.link_ids", "unknown link '" + id + "'");
            }
            down.set(idx);
        }
        for (String node : whatIf.failedNodeNames()) {
            if (network.nodeIndex(node) < 0) {
                throw new InvalidNetworkException("failures.node_names", "unknown node '" + node + "'");
            }
        }
        if (!whatIf.failedNodeNames().isEmpty()) {
            List<Link> links = network.links();
            for (int i = 0; i < links.size(); i++) {
                Link l = links.get(i);
                if (whatIf.failedNodeNames().contains(l.src()) || whatIf.failedNodeNames().contains(l.dst())) {
                    down.set(i);
                }
            }
        }
        for (var d : whatIf.demands()) {
            if (network.nodeIndex(d.src()) < 0 || network.nodeIndex(d.dst()) < 0) {
                throw new InvalidNetworkException("traffic",
                        "demand " + d.src() + "->" + d.dst() + " names a node that is not in the network");
            }
        }
        RoutingResult routing = new EcmpRouter(network, down).route(whatIf.demands());
        return new SimulationResult(network, down, routing, Kpis.of(network, routing));
    }
}
