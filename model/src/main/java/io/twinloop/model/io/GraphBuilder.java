package io.twinloop.model.io;

import io.twinloop.model.Coordinates;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the nodes and edges of a graph file (GML, GraphML, node-link JSON) and turns them into
 * a {@link Network} with the shared rules: node naming with deterministic disambiguation, edge
 * ordinals as link ids, undirected edges doubled, self-loops dropped.
 */
final class GraphBuilder {

    private record RawNode(String id, String label, Coordinates coordinates, int line) {
    }

    private record RawEdge(int ordinal, String src, String dst, boolean directed, double capacityBps,
                           double igpWeight, int line) {
    }

    private final String format;
    private final List<RawNode> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeById = new HashMap<>();
    private final List<RawEdge> edges = new ArrayList<>();
    private long directedLinkCount;

    GraphBuilder(String format) {
        this.format = format;
    }

    void addNode(String id, String label, Coordinates coordinates, int line) {
        if (id == null || id.isBlank()) {
            throw new ImportException(format, line, "node without an id");
        }
        if (nodeById.putIfAbsent(id, nodes.size()) != null) {
            throw new ImportException(format, line, "duplicate node id '" + ImportSupport.shorten(id) + "'");
        }
        nodes.add(new RawNode(id, label == null ? null : label.strip(), coordinates, line));
    }

    /**
     * @param ordinal the 0-based position of the edge among all edges of the file (self-loops
     *                included), which becomes the link id {@code e<ordinal>}
     */
    void addEdge(int ordinal, String srcId, String dstId, boolean directed, double capacityBps, double igpWeight,
                 int line) {
        if (srcId == null || srcId.isBlank()) {
            throw new ImportException(format, line, "edge without a source");
        }
        if (dstId == null || dstId.isBlank()) {
            throw new ImportException(format, line, "edge without a target");
        }
        if (srcId.equals(dstId)) {
            return; // self-loops never carry routed traffic; dropped (documented)
        }
        ImportSupport.checkCapacity(format, line, "edge " + ImportSupport.shorten(srcId) + " -> "
                + ImportSupport.shorten(dstId) + " (link e" + ordinal + ")", capacityBps);
        directedLinkCount += directed ? 1 : 2;
        ImportSupport.checkLinkCount(format, line, directedLinkCount);
        edges.add(new RawEdge(ordinal, srcId, dstId, directed, capacityBps, igpWeight, line));
    }

    Network build(String networkName) {
        String[] names = nodeNames();
        List<Node> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new Node(names[i], nodes.get(i).coordinates()));
        }
        List<Link> links = new ArrayList<>();
        for (RawEdge e : edges) {
            Integer s = nodeById.get(e.src());
            Integer t = nodeById.get(e.dst());
            if (s == null) {
                throw new ImportException(format, e.line(), "edge source '" + ImportSupport.shorten(e.src())
                        + "' is not the id of any node");
            }
            if (t == null) {
                throw new ImportException(format, e.line(), "edge target '" + ImportSupport.shorten(e.dst())
                        + "' is not the id of any node");
            }
            String id = "e" + e.ordinal();
            try {
                links.add(new Link(id, names[s], names[t], e.capacityBps(), e.igpWeight()));
                if (!e.directed()) {
                    links.add(new Link(id + ImportRules.REVERSE_SUFFIX, names[t], names[s], e.capacityBps(),
                            e.igpWeight()));
                }
            } catch (InvalidNetworkException ex) {
                throw ImportSupport.located(ex, format, e.line());
            }
        }
        links = LinkDefaults.complete(out, links, true);
        try {
            return new Network(networkName, out, links, List.of());
        } catch (InvalidNetworkException ex) {
            throw ImportSupport.located(ex, format, -1);
        }
    }

    /**
     * Node names (labels are stripped of leading and trailing white space first): the label when it is present, non-blank and unique in the file; {@code label#id}
     * when the label is shared by several nodes; the id when there is no usable label. Should a
     * name still collide with an earlier one, {@code #id} is appended until it is unique.
     */
    private String[] nodeNames() {
        Map<String, Integer> labelCount = new HashMap<>();
        for (RawNode n : nodes) {
            if (usable(n.label())) {
                labelCount.merge(n.label(), 1, Integer::sum);
            }
        }
        String[] names = new String[nodes.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            RawNode n = nodes.get(i);
            String name;
            if (!usable(n.label())) {
                name = n.id();
            } else if (labelCount.get(n.label()) > 1) {
                name = n.label() + "#" + n.id();
            } else {
                name = n.label();
            }
            while (!used.add(name)) {
                name = name + "#" + n.id();
            }
            names[i] = name;
        }
        return names;
    }

    private static boolean usable(String label) {
        return label != null && !label.isBlank();
    }
}
