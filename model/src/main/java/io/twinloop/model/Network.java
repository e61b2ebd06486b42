package io.twinloop.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, validated snapshot of a network: its nodes, directed links and a (possibly empty)
 * static demand matrix. It is the single input of the routing kernel and what plans are applied
 * to; every change produces a new {@code Network}.
 *
 * <p>Validation on construction guarantees: a non-blank name; unique node names; unique link ids;
 * every link endpoint and every demand endpoint is a node; no two links leave from (or arrive on)
 * the same named interface of a node, and no address is on two interfaces ({@link InterfaceIndex}). Violations are reported as
 * {@link InvalidNetworkException}s naming the offending element. Node and link positions in the
 * lists are stable, so {@link #nodeIndex(String)} and {@link #linkIndex(String)} can be used to
 * address per-node and per-link arrays (for example {@code RoutingResult.loadBps()}).
 *
 * <p>Link states (administrative and operational) live on the {@link Link}s; the router treats a
 * link that does not {@link Link#carriesTraffic() carry traffic} as down.
 *
 * <p>{@link #pathPolicies()} are explicit SR-TE-style paths for some (source, destination) pairs;
 * they are validated against the topology and every violation is reported at once (see
 * {@link #Network(String, List, List, List, List)}).
 */
public final class Network {

    private final String name;
    private final List<Node> nodes;
    private final List<Link> links;
    private final List<Demand> demands;
    private final List<PathPolicy> pathPolicies;
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
        this(name, nodes, links, demands, List.of());
    }

    /**
     * A network with path policies. Besides the rules of the four-argument constructor, every
     * policy must satisfy (all violations are collected and thrown together in one
     * {@link InvalidNetworkException} whose {@link InvalidNetworkException#violations()} lists them):
     * at most one policy per (src, dst) pair; src and dst are nodes; every path starts at src, ends
     * at dst, visits no node twice, and each consecutive node pair is joined by at least one link
     * (in that direction, whatever its state); every fraction is {@code > 0}; the fractions sum to 1
     * within 1e-9.
     *
     * @param pathPolicies explicit path policies (may be empty, not null)
     */
    public Network(String name, List<Node> nodes, List<Link> links, List<Demand> demands,
                   List<PathPolicy> pathPolicies) {
        this.name = Checks.name("network.name", name);
        this.nodes = copy("nodes", nodes);
        this.links = copy("links", links);
        this.demands = copy("demands", demands);
        this.pathPolicies = copy("pathPolicies", pathPolicies);
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
        InterfaceIndex.validate(this.links);
        this.nodeIndex = Map.copyOf(ni);
        this.linkIndex = Map.copyOf(li);
        validatePolicies();
    }

    private void validatePolicies() {
        if (pathPolicies.isEmpty()) {
            return;
        }
        // successors per node, for the hop check (plans can hold tens of millions of hops)
        int nn = nodes.size();
        int[] deg = new int[nn];
        int[][] succ = new int[nn][];
        for (Link l : links) {
            deg[nodeIndex.get(l.src())]++;
        }
        for (int v = 0; v < nn; v++) {
            succ[v] = new int[deg[v]];
            deg[v] = 0;
        }
        for (Link l : links) {
            int a = nodeIndex.get(l.src());
            succ[a][deg[a]++] = nodeIndex.get(l.dst());
        }
        int[] stamp = new int[nn];
        int pathNo = 0;
        List<String> bad = new ArrayList<>();
        Set<OdPair> seen = new HashSet<>();
        for (PathPolicy p : pathPolicies) {
            // messages are built only for violations: a plan can hold hundreds of thousands of policies
            java.util.function.Supplier<String> at = () -> "pathPolicies[" + p.src() + "->" + p.dst() + "]";
            if (!seen.add(p.pair())) {
                bad.add(at.get() + ": duplicate policy for this pair");
            }
            if (!nodeIndex.containsKey(p.src())) {
                bad.add(at.get() + ".src: unknown node '" + p.src() + "'");
            }
            if (!nodeIndex.containsKey(p.dst())) {
                bad.add(at.get() + ".dst: unknown node '" + p.dst() + "'");
            }
            double sum = 0;
            for (int k = 0; k < p.paths().size(); k++) {
                WeightedPath path = p.paths().get(k);
                int kk = k;
                java.util.function.Supplier<String> pat = () -> at.get() + ".paths[" + kk + "]";
                List<String> ns = path.nodes();
                if (!(path.fraction() > 0) || Double.isInfinite(path.fraction())) {
                    bad.add(pat.get() + ".fraction: must be > 0 and finite, got " + path.fraction());
                } else {
                    sum += path.fraction();
                }
                if (!ns.get(0).equals(p.src())) {
                    bad.add(pat.get() + ": starts at '" + ns.get(0) + "', not at the source '" + p.src() + "'");
                }
                if (!ns.get(ns.size() - 1).equals(p.dst())) {
                    bad.add(pat.get() + ": ends at '" + ns.get(ns.size() - 1) + "', not at the destination '" + p.dst() + "'");
                }
                pathNo++;
                int prev = -1;
                for (int i = 0; i < ns.size(); i++) {
                    String v = ns.get(i);
                    Integer boxed = nodeIndex.get(v);
                    int vi = boxed == null ? -1 : boxed;
                    if (vi < 0) {
                        bad.add(pat.get() + ".nodes[" + i + "]: unknown node '" + v + "'");
                    } else if (stamp[vi] == pathNo) {
                        bad.add(pat.get() + ".nodes[" + i + "]: loop, node '" + v + "' is visited twice");
                    } else {
                        stamp[vi] = pathNo;
                    }
                    int pi = prev;
                    prev = vi;
                    if (i > 0 && vi >= 0 && pi >= 0 && !contains(succ[pi], vi)) {
                        bad.add(pat.get() + ".nodes[" + i + "]: no link from '" + ns.get(i - 1) + "' to '" + v + "'");
                    }
                }
            }
            if (!(Math.abs(sum - 1.0) <= 1e-9)) {
                bad.add(at.get() + ".paths: fractions sum to " + sum + ", must sum to 1 (within 1e-9)");
            }
        }
        if (!bad.isEmpty()) {
            throw new InvalidNetworkException("pathPolicies", bad);
        }
    }

    private static boolean contains(int[] a, int x) {
        for (int y : a) {
            if (y == x) {
                return true;
            }
        }
        return false;
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

    /**
     * The explicit path policies (possibly empty); at most one per (src, dst) pair. Demands of a
     * pair with a policy are routed over its paths, all others by IGP ECMP.
     */
    public List<PathPolicy> pathPolicies() {
        return pathPolicies;
    }

    /** The policy for traffic from {@code src} to {@code dst}, if any. */
    public Optional<PathPolicy> pathPolicy(String src, String dst) {
        for (PathPolicy p : pathPolicies) {
            if (p.src().equals(src) && p.dst().equals(dst)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
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
        return new Network(name, nodes, newLinks, demands, pathPolicies);
    }

    /** This network with the demands replaced (validated again). */
    public Network withDemands(List<Demand> newDemands) {
        return new Network(name, nodes, links, newDemands, pathPolicies);
    }

    /** This network under another name. */
    public Network withName(String newName) {
        return new Network(newName, nodes, links, demands, pathPolicies);
    }

    /** This network with the path policies replaced (validated again; see {@link #pathPolicies()}). */
    public Network withPathPolicies(List<PathPolicy> newPolicies) {
        return new Network(name, nodes, links, demands, newPolicies);
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
                && n.demands.equals(demands) && n.pathPolicies.equals(pathPolicies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes, links, demands, pathPolicies);
    }

    @Override
    public String toString() {
        return "Network[name=" + name + ", nodes=" + nodes.size() + ", links=" + links.size() + ", demands="
                + demands.size() + (pathPolicies.isEmpty() ? "" : ", pathPolicies=" + pathPolicies.size()) + "]";
    }
}
