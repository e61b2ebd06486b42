package io.twinloop.model.io;

import io.twinloop.model.Coordinates;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a graph in GraphML, in the flavour of the Internet Topology Zoo's GraphML files: data
 * attributes are declared by {@code <key id="d29" for="node" attr.name="Latitude" .../>} and used
 * as {@code <data key="d29">52.37</data>}; attributes are looked up by their {@code attr.name},
 * never by the generated key id.
 *
 * <p>Import rules (the same as {@link GmlImporter}, so a Zoo graph gives the same {@link Network}
 * from either file):
 * <ul>
 *   <li><b>Graph</b>: the first {@code <graph>} under {@code <graphml>}. Edge direction follows
 *       {@code edgedefault} ({@code directed} when the attribute is absent, the GraphML default),
 *       and an edge's own {@code directed="true|false"} attribute overrides it.</li>
 *   <li><b>Node names</b>: node attribute {@code label} (stripped of white space) when present, non-blank and unique;
 *       {@code label#id} for labels shared by several nodes; the node's {@code id} attribute when
 *       there is no usable label; {@code #id} appended again on any remaining collision.</li>
 *   <li><b>Coordinates</b>: node attributes {@code Longitude}/{@code Latitude} when both are present.</li>
 *   <li><b>Links</b>: the k-th {@code <edge>} of the graph (from 0, self-loops included) becomes
 *       link {@code e<k>}; an undirected edge also yields {@code e<k>~rev}. Self-loops are
 *       dropped; parallel edges are kept. {@code <hyperedge>}s and nested graphs are ignored.</li>
 *   <li><b>Capacity</b>: edge attribute {@code LinkSpeedRaw} (bit/s) when present, otherwise
 *       {@link ImportRules#DEFAULT_CAPACITY_BPS} (10 Gbit/s, assumed). Key {@code <default>}
 *       values apply to elements without the data.</li>
 *   <li><b>IGP weight</b>: 1 for every link.</li>
 * </ul>
 * Parsing uses the JDK's StAX parser with DTDs and external entities disabled.
 */
public final class GraphmlImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.GRAPHML.name();

    /** The GraphML namespace. */
    public static final String NAMESPACE = "http://graphml.graphdrawing.org/xmlns";

    /** Creates an importer (stateless; instances may be shared). */
    public GraphmlImporter() {
    }

    private record Key(String name, String defaultValue) {
    }

    /**
     * Parses a GraphML graph.
     *
     * @param name    the network name to give the result
     * @param content the raw file bytes
     * @return the validated network (without demands)
     * @throws ImportException         if the file is malformed, truncated or inconsistent
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative LinkSpeedRaw)
     */
    public Network read(String name, byte[] content) {
        ImportSupport.checkName(FORMAT, name);
        ImportSupport.checkContent(FORMAT, content);
        XmlTree.El root = XmlTree.parse(content, FORMAT);
        if (!root.name.equals("graphml") || !(root.ns.isEmpty() || root.ns.equals(NAMESPACE))) {
            throw new ImportException(FORMAT, root.line, "not a GraphML document: the root element is <" + root.name
                    + "> in namespace '" + root.ns + "'");
        }
        Map<String, Key> nodeKeys = new LinkedHashMap<>();
        Map<String, Key> edgeKeys = new LinkedHashMap<>();
        for (XmlTree.El k : root.children("key")) {
            String id = k.attr("id");
            if (id == null || id.isBlank()) {
                throw new ImportException(FORMAT, k.line, "<key> without an id attribute");
            }
            String attrName = k.attr("attr.name");
            if (attrName == null) {
                attrName = id; // GraphML allows keys without attr.name; the id is then the only name
            }
            XmlTree.El def = k.child("default");
            Key key = new Key(attrName, def == null ? null : def.text());
            String forWhat = k.attr("for") == null ? "all" : k.attr("for");
            if (forWhat.equals("node") || forWhat.equals("all")) {
                nodeKeys.put(id, key);
            }
            if (forWhat.equals("edge") || forWhat.equals("all")) {
                edgeKeys.put(id, key);
            }
        }
        XmlTree.El graph = root.child("graph");
        if (graph == null) {
            throw new ImportException(FORMAT, root.line, "<graphml> has no <graph> element");
        }
        String edgeDefault = graph.attr("edgedefault");
        boolean directedDefault;
        if (edgeDefault == null || edgeDefault.equals("directed")) {
            directedDefault = true;
        } else if (edgeDefault.equals("undirected")) {
            directedDefault = false;
        } else {
            throw new ImportException(FORMAT, graph.line, "edgedefault must be 'directed' or 'undirected', not '"
                    + ImportSupport.shorten(edgeDefault) + "'");
        }
        GraphBuilder b = new GraphBuilder(FORMAT);
        int ordinal = 0;
        for (XmlTree.El el : graph.children) {
            if (el.name.equals("node")) {
                Map<String, XmlTree.El> data = data(el, nodeKeys);
                String label = value(data, nodeKeys, "label");
                String lon = value(data, nodeKeys, "Longitude");
                String lat = value(data, nodeKeys, "Latitude");
                Coordinates c = null;
                if (lon != null && lat != null) {
                    c = new Coordinates(
                            ImportSupport.number(FORMAT, line(data, "Longitude", el), "Longitude of node '" + el.attr("id") + "'", lon),
                            ImportSupport.number(FORMAT, line(data, "Latitude", el), "Latitude of node '" + el.attr("id") + "'", lat));
                }
                b.addNode(el.attr("id"), label, c, el.line);
            } else if (el.name.equals("edge")) {
                Map<String, XmlTree.El> data = data(el, edgeKeys);
                boolean directed = directedDefault;
                String d = el.attr("directed");
                if (d != null) {
                    if (!d.equals("true") && !d.equals("false")) {
                        throw new ImportException(FORMAT, el.line, "edge attribute directed must be 'true' or 'false'");
                    }
                    directed = d.equals("true");
                }
                String speed = value(data, edgeKeys, "LinkSpeedRaw");
                double capacity = speed == null ? ImportRules.DEFAULT_CAPACITY_BPS
                        : ImportSupport.number(FORMAT, line(data, "LinkSpeedRaw", el), "LinkSpeedRaw", speed);
                b.addEdge(ordinal++, el.attr("source"), el.attr("target"), directed, capacity,
                        ImportRules.DEFAULT_IGP_WEIGHT, el.line);
            }
        }
        return b.build(name);
    }

    /** The element's data children by attribute name. */
    private static Map<String, XmlTree.El> data(XmlTree.El el, Map<String, Key> keys) {
        Map<String, XmlTree.El> out = new LinkedHashMap<>();
        for (XmlTree.El d : el.children("data")) {
            String keyId = d.attr("key");
            if (keyId == null) {
                throw new ImportException(FORMAT, d.line, "<data> without a key attribute");
            }
            Key k = keys.get(keyId);
            if (k == null) {
                throw new ImportException(FORMAT, d.line, "<data key=\"" + ImportSupport.shorten(keyId)
                        + "\"> refers to no <key> declared for <" + el.name + ">");
            }
            out.put(k.name(), d);
        }
        return out;
    }

    private static String value(Map<String, XmlTree.El> data, Map<String, Key> keys, String attrName) {
        XmlTree.El d = data.get(attrName);
        if (d != null) {
            return d.text();
        }
        for (Key k : keys.values()) {
            if (k.name().equals(attrName) && k.defaultValue() != null) {
                return k.defaultValue();
            }
        }
        return null;
    }

    private static int line(Map<String, XmlTree.El> data, String attrName, XmlTree.El owner) {
        XmlTree.El d = data.get(attrName);
        return d == null ? owner.line : d.line;
    }
}
