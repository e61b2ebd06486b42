package io.twinloop.model.plan;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How two states of a network differ: the links, nodes and path policies present in only one of
 * them or different in both. {@link Churn} is {@link #churn()} of this diff, so a version diff and
 * the churn of the plan that produced it always agree.
 *
 * <p>Every difference is reported, but only configuration costs churn: a link added or removed,
 * each changed configuration field of a link ({@link #CONFIGURATION_FIELDS}: IGP weight,
 * administrative state, capacity), a node added or removed, and a path policy added, removed or
 * changed each count 1. Plant properties (a link's endpoints, latency, power, operational state and
 * SRLGs; a node's coordinates) are listed in {@link LinkChange#changedFields()} or as a modified
 * node but count 0. Weights, capacities and coordinates are compared exactly.
 *
 * @param links    links that differ, sorted by id
 * @param nodes    nodes that differ, sorted by name
 * @param policies path policies that differ, sorted by (src, dst)
 */
public record NetworkDiff(List<LinkChange> links, List<NodeChange> nodes, List<PolicyChange> policies) {

    /** The link fields that are configuration, by their names in {@link LinkChange#changedFields()}. */
    public static final Set<String> CONFIGURATION_FIELDS = Set.of("capacity_bps", "igp_weight", "admin_state");

    /** Kind of a change. */
    public enum Kind {
        /** Present only in the newer state. */
        ADDED,
        /** Present only in the older state. */
        REMOVED,
        /** Present in both with different attributes. */
        MODIFIED
    }

    /**
     * A link that differs.
     *
     * @param id            link id
     * @param kind          kind of change
     * @param before        the link in the older state, {@code null} when ADDED
     * @param after         the link in the newer state, {@code null} when REMOVED
     * @param changedFields names of the fields that differ (e.g. {@code igp_weight}), empty unless MODIFIED
     */
    public record LinkChange(String id, Kind kind, Link before, Link after, List<String> changedFields) {
        public LinkChange {
            changedFields = List.copyOf(changedFields);
        }

        /** The configuration items this change costs. */
        public int churn() {
            if (kind != Kind.MODIFIED) {
                return 1;
            }
            return (int) changedFields.stream().filter(CONFIGURATION_FIELDS::contains).count();
        }
    }

    /**
     * A node that differs (MODIFIED: its coordinates).
     *
     * @param name   node name
     * @param kind   kind of change
     * @param before the node in the older state, {@code null} when ADDED
     * @param after  the node in the newer state, {@code null} when REMOVED
     */
    public record NodeChange(String name, Kind kind, Node before, Node after) {
        /** The configuration items this change costs: 1 for a node added or removed, 0 for moved coordinates. */
        public int churn() {
            return kind == Kind.MODIFIED ? 0 : 1;
        }
    }

    /**
     * A path policy that differs; each costs 1.
     *
     * @param pair   the (src, dst) pair the policy applies to
     * @param kind   kind of change
     * @param before the policy in the older state, {@code null} when ADDED
     * @param after  the policy in the newer state, {@code null} when REMOVED
     */
    public record PolicyChange(OdPair pair, Kind kind, PathPolicy before, PathPolicy after) {
    }

    /** Copies the lists. */
    public NetworkDiff {
        links = List.copyOf(links);
        nodes = List.copyOf(nodes);
        policies = List.copyOf(policies);
    }

    /** The differences from {@code base} to {@code after}. */
    public static NetworkDiff between(Network base, Network after) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(after, "after");
        List<LinkChange> links = new ArrayList<>();
        compare(index(base.links(), Link::id), index(after.links(), Link::id), Comparator.naturalOrder(), (id, kind, b, a) -> {
            List<String> fields = kind == Kind.MODIFIED ? changedFields(b, a) : List.of();
            if (kind != Kind.MODIFIED || !fields.isEmpty()) {
                links.add(new LinkChange(id, kind, b, a, fields));
            }
        });
        List<NodeChange> nodes = new ArrayList<>();
        compare(index(base.nodes(), Node::name), index(after.nodes(), Node::name), Comparator.naturalOrder(), (name, kind, b, a) -> {
            if (kind != Kind.MODIFIED || !Objects.equals(b, a)) {
                nodes.add(new NodeChange(name, kind, b, a));
            }
        });
        Comparator<OdPair> byPair = Comparator.comparing(OdPair::src).thenComparing(OdPair::dst);
        Map<OdPair, PathPolicy> policiesBefore = new HashMap<>();
        base.pathPolicies().forEach(p -> policiesBefore.put(p.pair(), p));
        Map<OdPair, PathPolicy> policiesAfter = new HashMap<>();
        after.pathPolicies().forEach(p -> policiesAfter.put(p.pair(), p));
        List<PolicyChange> policies = new ArrayList<>();
        compare(policiesBefore, policiesAfter, byPair, (pair, kind, b, a) -> {
            if (kind != Kind.MODIFIED || !b.equals(a)) {
                policies.add(new PolicyChange(pair, kind, b, a));
            }
        });
        return new NetworkDiff(links, nodes, policies);
    }

    /** The number of configuration items that differ; see the class comment. */
    public int churn() {
        return links.stream().mapToInt(LinkChange::churn).sum()
                + nodes.stream().mapToInt(NodeChange::churn).sum()
                + policies.size();
    }

    /** True when nothing differs, not even plant properties. */
    public boolean isEmpty() {
        return links.isEmpty() && nodes.isEmpty() && policies.isEmpty();
    }

    private interface Visitor<K, V> {
        void visit(K key, Kind kind, V before, V after);
    }

    private static <V> Map<String, V> index(List<V> items, Function<V, String> key) {
        Map<String, V> map = new HashMap<>();
        items.forEach(v -> map.put(key.apply(v), v));
        return map;
    }

    /** Visits every key of either map, in {@code order}. */
    private static <K, V> void compare(Map<K, V> before, Map<K, V> after, Comparator<K> order, Visitor<K, V> visitor) {
        Set<K> keys = new TreeSet<>(order);
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        for (K key : keys) {
            V b = before.get(key);
            V a = after.get(key);
            visitor.visit(key, b == null ? Kind.ADDED : a == null ? Kind.REMOVED : Kind.MODIFIED, b, a);
        }
    }

    private static List<String> changedFields(Link a, Link b) {
        List<String> fields = new ArrayList<>();
        if (!a.src().equals(b.src())) fields.add("src");
        if (!a.dst().equals(b.dst())) fields.add("dst");
        if (Double.compare(a.capacityBps(), b.capacityBps()) != 0) fields.add("capacity_bps");
        if (Double.compare(a.igpWeight(), b.igpWeight()) != 0) fields.add("igp_weight");
        if (Double.compare(a.latencyMs(), b.latencyMs()) != 0) fields.add("latency_ms");
        if (Double.compare(a.powerW(), b.powerW()) != 0) fields.add("power_w");
        if (a.adminState() != b.adminState()) fields.add("admin_state");
        if (a.operState() != b.operState()) fields.add("oper_state");
        if (!a.srlgs().equals(b.srlgs())) fields.add("srlgs");
        return fields;
    }
}
