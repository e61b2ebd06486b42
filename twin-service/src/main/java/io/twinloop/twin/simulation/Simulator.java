package io.twinloop.twin.simulation;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.UnknownElementException;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Runs a {@link WhatIf} on a network. Stateless; the network is never modified. */
public final class Simulator {

    private Simulator() {
    }

    /**
     * Applies the plan as an overlay, marks failed links, every link of a failed node and every
     * link of a failed SRLG as down, routes the demands with IGP ECMP (and any path policies)
     * and computes the KPIs, latency and power included.
     *
     * @throws UnknownElementException when the plan or the failures name unknown elements (all listed)
     * @throws InvalidNetworkException when the plan makes the network inconsistent or a demand names an unknown node
     */
    public static SimulationResult simulate(Network base, WhatIf whatIf) {
        return simulateEach(base, whatIf, List.of(whatIf.demands())).get(0);
    }

    /**
     * {@link #simulate} of the what-if's plan and failures under each of {@code matrices} in turn
     * (the what-if's own demands are not routed): the plan is applied and the router built once,
     * then each matrix is routed once. Results are in the order of {@code matrices}.
     *
     * @throws UnknownElementException when the plan or the failures name unknown elements (all listed)
     * @throws InvalidNetworkException when the plan makes the network inconsistent or a demand names an unknown node
     */
    public static List<SimulationResult> simulateEach(Network base, WhatIf whatIf, List<List<Demand>> matrices) {
        Network network = whatIf.plan().applyTo(base);
        BitSet down = whatIf.plan().downLinks(network);
        down.or(failedLinks(network, whatIf.failedLinkIds(), whatIf.failedNodeNames(), whatIf.failedSrlgs()));
        for (List<Demand> demands : matrices) {
            checkNodes(network, demands);
        }
        EcmpRouter router = new EcmpRouter(network, down);
        List<SimulationResult> out = new ArrayList<>(matrices.size());
        for (List<Demand> demands : matrices) {
            RoutingResult routing = router.route(demands);
            out.add(new SimulationResult(network, down, routing, Kpis.of(router, demands, routing)));
        }
        return out;
    }

    /**
     * Refuses demands that name nodes not in {@code network}.
     *
     * @throws InvalidNetworkException (field {@code traffic}) naming up to ten of them
     */
    public static void checkNodes(Network network, List<Demand> demands) {
        List<String> unknownNodes = new ArrayList<>();
        for (var d : demands) {
            if (network.nodeIndex(d.src()) < 0 || network.nodeIndex(d.dst()) < 0) {
                unknownNodes.add(d.src() + "->" + d.dst());
            }
        }
        if (!unknownNodes.isEmpty()) {
            throw new InvalidNetworkException("traffic", "demands name nodes that are not in the network: "
                    + String.join(", ", unknownNodes.subList(0, Math.min(10, unknownNodes.size())))
                    + (unknownNodes.size() > 10 ? " and " + (unknownNodes.size() - 10) + " more" : ""));
        }
    }

    /**
     * The links that the failures take down.
     *
     * @throws UnknownElementException naming every unknown link, node or SRLG
     */
    public static BitSet failedLinks(Network network, Set<String> linkIds, Set<String> nodes, Set<String> srlgs) {
        BitSet down = new BitSet(network.links().size());
        Set<String> unknownLinks = new TreeSet<>();
        for (String id : linkIds) {
            int idx = network.linkIndex(id);
            if (idx < 0) {
                unknownLinks.add(id);
            } else {
                down.set(idx);
            }
        }
        if (!unknownLinks.isEmpty()) {
            throw new UnknownElementException("link", List.copyOf(unknownLinks), network.name());
        }
        Set<String> unknownNodes = new TreeSet<>();
        for (String node : nodes) {
            if (network.nodeIndex(node) < 0) {
                unknownNodes.add(node);
            }
        }
        if (!unknownNodes.isEmpty()) {
            throw new UnknownElementException("node", List.copyOf(unknownNodes), network.name());
        }
        Set<String> seenSrlgs = new HashSet<>();
        List<Link> links = network.links();
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (nodes.contains(l.src()) || nodes.contains(l.dst())) {
                down.set(i);
            }
            for (String g : l.srlgs()) {
                if (srlgs.contains(g)) {
                    down.set(i);
                    seenSrlgs.add(g);
                }
            }
        }
        Set<String> unknownSrlgs = new TreeSet<>(srlgs);
        unknownSrlgs.removeAll(seenSrlgs);
        if (!unknownSrlgs.isEmpty()) {
            throw new UnknownElementException("srlg", List.copyOf(unknownSrlgs), network.name());
        }
        return down;
    }
}
