package io.twinloop.model.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple, line-oriented reader of Topology Zoo GML written for the tests only, so
 * that importer results can be checked against an independent reading of the same files (the Zoo
 * writes one {@code key value} per line and never nests lists inside nodes or edges).
 */
final class ZooGml {

    record ZNode(String id, Map<String, String> attrs) {
        String label() {
            String l = attrs.get("label");
            return l == null ? null : l.strip();
        }
    }

    record ZEdge(String source, String target, Map<String, String> attrs) {
    }

    final Map<String, String> graphAttrs = new LinkedHashMap<>();
    final List<ZNode> nodes = new ArrayList<>();
    final List<ZEdge> edges = new ArrayList<>();

    private static final Pattern KV = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(\"(.*)\"|(\\S+))\\s*$");

    static ZooGml parse(byte[] content) {
        ZooGml g = new ZooGml();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        Map<String, String> block = null;
        String blockKind = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.equals("node [") || line.equals("edge [")) {
                blockKind = line.substring(0, 4);
                block = new LinkedHashMap<>();
                continue;
            }
            if (line.equals("]")) {
                if (block != null) {
                    if (blockKind.equals("node")) {
                        g.nodes.add(new ZNode(block.get("id"), block));
                    } else {
                        g.edges.add(new ZEdge(block.get("source"), block.get("target"), block));
                    }
                }
                block = null;
                continue;
            }
            Matcher m = KV.matcher(raw);
            if (m.matches()) {
                String v = m.group(3) != null ? m.group(3) : m.group(4);
                v = v.replace("&quot;", "\"").replace("&amp;", "&");
                (block != null ? block : g.graphAttrs).put(m.group(1), v);
            }
        }
        return g;
    }

    /** Expected node names by id: label if unique, label#id if shared, id if absent. */
    Map<String, String> expectedNames() {
        Map<String, Integer> count = new HashMap<>();
        for (ZNode n : nodes) {
            if (n.label() != null && !n.label().isBlank()) {
                count.merge(n.label(), 1, Integer::sum);
            }
        }
        Map<String, String> out = new HashMap<>();
        for (ZNode n : nodes) {
            String l = n.label();
            out.put(n.id(), l == null || l.isBlank() ? n.id() : count.get(l) > 1 ? l + "#" + n.id() : l);
        }
        return out;
    }
}
