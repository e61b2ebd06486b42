package io.twinloop.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, validated snapshot of a network: its nodes, directed links and a (possibly empty)
 * static demand matrix. It is the single input of the routing kernel and what plans are applied
 * to; every change produces a new {@code Network}.
 *
 * <p>Validation on construction guarantees: a non-blank name; unique node names; unique link ids;
 * every link endpoint and every demand endpoint is a node. Violations are reported as
 * {@link InvalidNetworkException}s naming the offending element. Node and link positions in the
 * lists are stable, so {@link #nodeIndex(String)} and {@link #linkIndex(String)} can be used to
 * address per-node and per-link arrays (for example {@code RoutingResult.loadBps()}).
 *
 * <p>This version has no administrative link state; a plan's down links are passed to the
 * router separately.
 */
public final class Network {

    private final String name;
    private final List<Node> nodes;
    private final List<Link> links;
    private final List<Demand> demands;
    private final Map<String, Integer> nodeIndex;
    private final Map<String, Integer> linkIndex;

    /**
     * @param name    network name, non-blank
     * @param nodes   nodes with unique names
     * @param links   directed links with unique ids between existing nodes
     * @param demands demands between existing nodes (may be empty)
     * @throws InvalidNetworkException if any of the rules above is violated
     */
    public Network(String name, List<Node> nodes, List<Link> links, List<Demand> demands) {
        this.name = Checks.name("network.name", name);
        this.nodes = copy("nodes", nodes);
        this.links = copy("links", links);
        this.demands = copy("demands", demands);
        Map<String, Integer> ni = new HashMap<>(this.nodes.size() * 2);
        for (int i = 0; i < this.nodes.size(); i++) {
            String n = this.nodes.get(i).name();
            if (ni.putIfAbsent(n, i) != null) {
                throw new InvalidNetworkException("nodes[" + i + "].name", "duplicate node name '" + n + "'");
            }
        }
        Map<String, Integer> li = new HashMap<>(this.links.size() * 2);
        for (int i = 0; i < this.links.size(); i++) {
            Link l = this.links.get(i);
            if (li.putIfAbsent(l.id(), i) != null) {
                throw new InvalidNetworkException("links[" + l.id() + "].id", "duplicate link id '" + l.id() + "'");
            }
            if (!ni.containsKey(l.src())) {
                throw new InvalidNetworkException("links[" + l.id() + "].src", "unknown node '" + l.src() + "'");
            }
            if (!ni.containsKey(l.dst())) {
                throw new InvalidNetworkException("links[" + l.id() + "].dst", "unknown node '" + l.dst() + "'");
            }
        }
        for (int i = 0; i < this.demands.size(); i++) {
            Demand d = this.demands.get(i);
            if (!ni.containsKey(d.src())) {
                throw new InvalidNetworkException("demands[" + i + "].src", "unknown node '" + d.src() + "'");
            }
            if (!ni.containsKey(d.dst())) {
                throw new InvalidNetworkException("demands[" + i + "].dst", "unknown node '" + d.dst() + "'");
            }
        }
        this.nodeIndex = Map.copyOf(ni);
        this.linkIndex = Map.copyOf(li);
    }

    private static <T> List<T> copy(String field, List<T> list) {
        if (list == null) {
            throw new InvalidNetworkException(field, "must not be null");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new InvalidNetworkException(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(list);
    }

    /** Same as the constructor. */
    public static Network of(String name, List<Node> nodes, List<Link> links, List<Demand> demands) {
        return new Network(name, nodes, links, demands);
    }

    /** The network's name. */
    public String name() {
        return name;
    }

    /** The nodes, in stable index order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The directed links, in stable index order. */
    public List<Link> links() {
        return links;
    }

    /** The static demands (possibly empty). */
    public List<Demand> demands() {
        return demands;
    }

    /** The index of node {@code name} in {@link #nodes()}, or -1 if there is no such node. */
    public int nodeIndex(String name) {
        Integer i = name == null ? null : nodeIndex.get(name);
        return i == null ? -1 : i;
    }

    /** The index of link {@code linkId} in {@link #links()}, or -1 if there is no such link. */
    public int linkIndex(String linkId) {
        Integer i = linkId == null ? null : linkIndex.get(linkId);
        return i == null ? -1 : i;
    }

    /** The node called {@code name}, if any. */
    public Optional<Node> node(String name) {
        int i = nodeIndex(name);
        return i < 0 ? Optional.empty() : Optional.of(nodes.get(i));
    }

    /** The link with id {@code id}, if any. */
    public Optional<Link> link(String id) {
        int i = linkIndex(id);
        return i < 0 ? Optional.empty() : Optional.of(links.get(i));
    }

    /** This network with the links replaced (validated again). */
    public Network withLinks(List<Link> newLinks) {
        return new Network(name, nodes, newLinks, demands);
    }

    /** This network with the demands replaced (validated again). */
    public Network withDemands(List<Demand> newDemands) {
        return new Network(name, nodes, links, newDemands);
    }

    /** This network under another name. */
    public Network withName(String newName) {
        return new Network(newName, nodes, links, demands);
    }

    /** Sum of the static demands in bit/s. */
    public double totalDemandBps() {
        double sum = 0;
        for (Demand d : demands) {
            sum += d.rateBps();
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.name.equals(name) && n.nodes.equals(nodes) && n.links.equals(links)
                && n.demands.equals(demands);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes, links, demands);
    }

    @Override
    public String toString() {
        return "Network[name=" + name + ", nodes=" + nodes.size() + ", links=" + links.size() + ", demands="
                + demands.size() + "]";
    }
}
