package io.twinloop.model.io;

import io.twinloop.model.Coordinates;
import io.twinloop.model.Demand;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an SNDlib network instance (XML, namespace {@code http://sndlib.zib.de/network}; see
 * Orlowski et al., "SNDlib 1.0", Networks 55(3), 2010).
 *
 * <p>Import rules:
 * <ul>
 *   <li><b>Nodes</b>: {@code <node id>} becomes the node name unchanged; {@code <coordinates>}
 *       {@code x -> longitude}, {@code y -> latitude} (pixel coordinates of non-geographic instances
 *       are carried over as they are).</li>
 *   <li><b>Direction</b>: each SNDlib link is undirected and becomes two directed links with the full
 *       capacity each: id {@code <linkId>} from {@code <source>} to {@code <target>}, and id
 *       {@code <linkId>~rev} from {@code <target>} to {@code <source>}. Direction is read from
 *       {@code <source>}/{@code <target>}, never from the id (Abilene ids are written
 *       {@code target_source}). Instances that list each link once per direction (brain, giul39,
 *       janos-us, janos-us-ca, sun) therefore yield two parallel links per direction, as the rule
 *       says.</li>
 *   <li><b>Capacity</b>: the sum of the {@code <preInstalledModule><capacity>} values when the link
 *       has any; otherwise the largest {@code <addModule><capacity>} option (the capacity the link
 *       can have); a link with neither gets capacity 0 ("nothing installed or installable",
 *       excluded from utilisation statistics).</li>
 *   <li><b>Units</b>: capacities and demand values are Mbit/s and are converted to bit/s (x 1e6),
 *       unless {@code <meta><unit>} says otherwise: {@code BITSPERSEC} (brain.xml) is taken as is,
 *       {@code KBITPERSEC} x 1e3, {@code MBITPERSEC} x 1e6, {@code GBITPERSEC} x 1e9; any other
 *       unit is an {@link ImportException}.</li>
 *   <li><b>IGP weight</b>: {@code <routingCost>} when present (decimal costs such as atlanta's 67.8
 *       are kept exactly as parsed), else 1.</li>
 *   <li><b>Latency and power</b> (SNDlib gives neither): latency = great-circle fibre latency
 *       between the endpoints ({@link io.twinloop.model.Geo}) unless the nodes are declared
 *       {@code coordinatesType="pixel"} (then unknown, {@code NaN}); power from capacity
 *       ({@link io.twinloop.model.PowerModel}); see {@link ImportRules}.</li>
 *   <li><b>Demands</b>: {@code <demand>} source/target/demandValue become {@link Demand}s in bit/s;
 *       repeated (source, target) pairs (ta1, ta2, zib54) are summed into one demand, kept at the
 *       position of the first occurrence; demands from a node to itself are dropped (they never
 *       cross a link). {@code maxPathLength} and {@code admissiblePaths} are ignored.</li>
 * </ul>
 * Parsing uses the JDK's StAX parser with DTDs and external entities disabled. Malformed or
 * truncated XML, missing mandatory elements, unknown node references and non-numeric values are
 * {@link ImportException}s with the line; a negative capacity is an {@link InvalidNetworkException}.
 */
public final class SndlibXmlImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.SNDLIB_XML.name();

    /** The SNDlib network namespace. */
    public static final String NAMESPACE = "http://sndlib.zib.de/network";

    /** Creates an importer (stateless; instances may be shared). */
    public SndlibXmlImporter() {
    }

    /**
     * Parses an SNDlib network instance.
     *
     * @param name    the network name to give the result
     * @param content the raw file bytes (the XML declaration decides the encoding)
     * @return the validated network, including the instance's static demands
     * @throws ImportException         if the file is malformed, truncated or inconsistent
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative capacity)
     */
    public Network read(String name, byte[] content) {
        ImportSupport.checkName(FORMAT, name);
        ImportSupport.checkContent(FORMAT, content);
        XmlTree.El root = XmlTree.parse(content, FORMAT);
        if (!root.name.equals("network") || !(root.ns.isEmpty() || root.ns.equals(NAMESPACE))) {
            throw new ImportException(FORMAT, root.line, "not an SNDlib network: the root element is <"
                    + root.name + "> in namespace '" + root.ns + "', expected <network> in " + NAMESPACE);
        }
        double unit = unitFactor(root);
        XmlTree.El structure = required(root, "networkStructure");
        XmlTree.El nodesEl = required(structure, "nodes");

        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (XmlTree.El n : nodesEl.children("node")) {
            String id = n.attr("id");
            if (id == null || id.isBlank()) {
                throw new ImportException(FORMAT, n.line, "<node> without an id attribute");
            }
            if (!names.add(id)) {
                throw new ImportException(FORMAT, n.line, "duplicate node id '" + id + "'");
            }
            nodes.add(new Node(id, coordinates(n)));
        }

        List<Link> links = new ArrayList<>();
        XmlTree.El linksEl = structure.child("links");
        List<XmlTree.El> linkEls = linksEl == null ? List.of() : linksEl.children("link");
        ImportSupport.checkLinkCount(FORMAT, linksEl == null ? -1 : linksEl.line, 2L * linkEls.size());
        for (XmlTree.El l : linkEls) {
            String id = l.attr("id");
            if (id == null || id.isBlank()) {
                throw new ImportException(FORMAT, l.line, "<link> without an id attribute");
            }
            String src = endpoint(l, "source", names, "link '" + id + "'");
            String dst = endpoint(l, "target", names, "link '" + id + "'");
            double capacity = capacity(l, id) * unit;
            ImportSupport.checkCapacity(FORMAT, l.line, "link '" + id + "'", capacity);
            XmlTree.El rc = l.child("routingCost");
            double weight = rc == null ? ImportRules.DEFAULT_IGP_WEIGHT
                    : ImportSupport.number(FORMAT, rc.line, "routingCost of link '" + id + "'", rc.text());
            try {
                links.add(new Link(id, src, dst, capacity, weight));
                links.add(new Link(id + ImportRules.REVERSE_SUFFIX, dst, src, capacity, weight));
            } catch (InvalidNetworkException e) {
                throw ImportSupport.located(e, FORMAT, l.line);
            }
        }

        // pixel coordinates (coordinatesType="pixel") are not positions on Earth: no latency from them
        String ctype = nodesEl.attr("coordinatesType");
        links = LinkDefaults.complete(nodes, links, ctype == null || !ctype.strip().equalsIgnoreCase("pixel"));

        Map<String, double[]> sums = new LinkedHashMap<>();
        XmlTree.El demandsEl = root.child("demands");
        if (demandsEl != null) {
            for (XmlTree.El d : demandsEl.children("demand")) {
                String what = "demand '" + d.attr("id") + "'";
                String src = endpoint(d, "source", names, what);
                String dst = endpoint(d, "target", names, what);
                XmlTree.El v = required(d, "demandValue");
                double value = ImportSupport.number(FORMAT, v.line, "demandValue of " + what, v.text()) * unit;
                if (value < 0) {
                    throw new InvalidNetworkException("demands[" + src + "->" + dst + "].rateBps",
                            "must be >= 0, got " + value + " (" + FORMAT + " line " + v.line + ")");
                }
                if (!src.equals(dst)) {
                    sums.computeIfAbsent(src + '\u0000' + dst, k -> new double[1])[0] += value;
                }
            }
        }
        List<Demand> demands = new ArrayList<>(sums.size());
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            int sep = e.getKey().indexOf('\u0000');
            demands.add(new Demand(e.getKey().substring(0, sep), e.getKey().substring(sep + 1), e.getValue()[0]));
        }
        try {
            return new Network(name, nodes, links, demands);
        } catch (InvalidNetworkException e) {
            throw ImportSupport.located(e, FORMAT, -1);
        }
    }

    private static double unitFactor(XmlTree.El root) {
        XmlTree.El meta = root.child("meta");
        XmlTree.El unit = meta == null ? null : meta.child("unit");
        if (unit == null || unit.text().isEmpty()) {
            return 1e6;
        }
        return switch (unit.text().toUpperCase(java.util.Locale.ROOT)) {
            case "BITSPERSEC", "BITPERSEC" -> 1.0;
            case "KBITPERSEC", "KBITSPERSEC" -> 1e3;
            case "MBITPERSEC", "MBITSPERSEC" -> 1e6;
            case "GBITPERSEC", "GBITSPERSEC" -> 1e9;
            default -> throw new ImportException(FORMAT, unit.line, "unknown unit '" + unit.text()
                    + "' (expected BITSPERSEC, KBITPERSEC, MBITPERSEC or GBITPERSEC)");
        };
    }

    private static Coordinates coordinates(XmlTree.El node) {
        XmlTree.El c = node.child("coordinates");
        if (c == null) {
            return null;
        }
        XmlTree.El x = c.child("x");
        XmlTree.El y = c.child("y");
        if (x == null || y == null) {
            return null;
        }
        String id = node.attr("id");
        return new Coordinates(ImportSupport.number(FORMAT, x.line, "x coordinate of node '" + id + "'", x.text()),
                ImportSupport.number(FORMAT, y.line, "y coordinate of node '" + id + "'", y.text()));
    }

    /** Capacity in the file's unit: installed modules, else the largest module option, else 0. */
    private static double capacity(XmlTree.El link, String id) {
        List<XmlTree.El> pre = link.children("preInstalledModule");
        if (!pre.isEmpty()) {
            double sum = 0;
            for (XmlTree.El p : pre) {
                XmlTree.El c = required(p, "capacity");
                sum += ImportSupport.number(FORMAT, c.line, "preInstalledModule capacity of link '" + id + "'", c.text());
            }
            return sum;
        }
        double max = 0;
        boolean any = false;
        for (XmlTree.El am : link.children("additionalModules")) {
            for (XmlTree.El m : am.children("addModule")) {
                XmlTree.El c = required(m, "capacity");
                double v = ImportSupport.number(FORMAT, c.line, "addModule capacity of link '" + id + "'", c.text());
                max = any ? Math.max(max, v) : v;
                any = true;
            }
        }
        return any ? max : 0.0;
    }

    private static String endpoint(XmlTree.El el, String which, Set<String> names, String what) {
        XmlTree.El e = required(el, which);
        String n = e.text();
        if (n.isEmpty()) {
            throw new ImportException(FORMAT, e.line, "empty <" + which + "> in " + what);
        }
        if (!names.contains(n)) {
            throw new ImportException(FORMAT, e.line, "<" + which + "> of " + what + " is '" + n
                    + "', which is not a node of the network");
        }
        return n;
    }

    private static XmlTree.El required(XmlTree.El parent, String child) {
        XmlTree.El c = parent.child(child);
        if (c == null) {
            throw new ImportException(FORMAT, parent.line, "<" + parent.name + "> has no <" + child + "> element");
        }
        return c;
    }
}
