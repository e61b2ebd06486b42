package io.twinloop.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinloop.model.Coordinates;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a network topology in the JSON encoding (RFC 7951) of the IETF network model: RFC 8345
 * {@code ietf-network} / {@code ietf-network-topology}, with the attributes of RFC 8346
 * {@code ietf-l3-unicast-topology} and RFC 8795 {@code ietf-te-topology} where present. This is what
 * controllers, NETCONF/RESTCONF servers and topology exporters publish:
 * <pre>{@code
 * {"ietf-network:networks": {"network": [{"network-id": "backbone",
 *    "node": [{"node-id": "r1", "ietf-network-topology:termination-point": [{"tp-id": "et-0/0/0"}]}, ...],
 *    "ietf-network-topology:link": [{"link-id": "r1,et-0/0/0,r2,et-0/0/1",
 *       "source": {"source-node": "r1", "source-tp": "et-0/0/0"},
 *       "destination": {"dest-node": "r2", "dest-tp": "et-0/0/1"},
 *       "ietf-te-topology:te": {"te-link-attributes": {"max-link-bandwidth": {"te-bandwidth": {"generic": "0x1.2a05f2p33"}}}}}]}]}}
 * }</pre>
 *
 * <p>Import rules:
 * <ul>
 *   <li><b>Root</b>: {@code ietf-network:networks} (with its {@code network} list), or a bare
 *       {@code ietf-network:network} list as a RESTCONF GET of one network returns it. Member names
 *       are accepted with or without their module prefix.</li>
 *   <li><b>Which network</b>: a file may hold several (layers, or an L3 and a TE view). Chosen: the
 *       networks that have links; among them the first whose {@code network-types} declares
 *       {@code ietf-l3-unicast-topology:l3-unicast-topology} (the IP layer twinloop routes on), else
 *       the first with links; when no network has links, the first with nodes.
 *       {@link #read(String, byte[], String)} picks one by {@code network-id} instead.</li>
 *   <li><b>Nodes</b>: {@code node-id} is the node name. Coordinates from RFC 8795
 *       {@code ietf-te-topology:te/geolocation} when present.</li>
 *   <li><b>Links</b>: RFC 8345 links are unidirectional; each becomes one directed twinloop link
 *       with id {@code link-id}. {@code source/source-node} and {@code destination/dest-node} must be
 *       nodes of the network; {@code source-tp} and {@code dest-tp} become the interface names of
 *       the link's two ends ({@link Link#srcEnd()}, {@link Link#dstEnd()}; a termination point the node
 *       does not list is still taken as the name). Addresses: the RFC 8346
 *       {@code l3-termination-point-attributes/ip-address} of those termination points. A link from
 *       a node to itself is dropped, as in the other importers.</li>
 *   <li><b>Capacity</b>: RFC 8795 {@code te-link-attributes/max-link-bandwidth/te-bandwidth/generic}
 *       (RFC 8776 {@code te-bandwidth}, bytes per second: a hex float as RFC 8294
 *       {@code bandwidth-ieee-float32}, e.g. {@code 0x1.2a05f2p30}, a hex integer {@code 0x...} or a decimal
 *       integer; a JSON number is read the same way) times 8 to bit/s. A comma-separated list (several
 *       technology values) is refused. Without it: {@link ImportRules#DEFAULT_CAPACITY_BPS} (10 Gbit/s).</li>
 *   <li><b>IGP weight</b>: RFC 8346 {@code l3-link-attributes/metric1}, else RFC 8795
 *       {@code te-igp-metric}, else {@code te-default-metric}, else {@link ImportRules#DEFAULT_IGP_WEIGHT}.</li>
 *   <li><b>Latency</b>: {@code te-delay-metric} in microseconds (the unit of the RFC 7471 delay it
 *       carries) / 1000; else the great-circle rule of {@link ImportRules#LATENCY_RULE} from node
 *       geolocations; else unknown.</li>
 *   <li><b>SRLGs</b>: {@code te-srlgs/value} (numbers, kept as their decimal text).</li>
 *   <li>Power: {@link ImportRules#POWER_RULE}. Every link is imported up; capacity 0 is refused
 *       ({@link ImportRules#ZERO_CAPACITY_RULE}).</li>
 * </ul>
 * Errors are {@link ImportException}s naming the element, e.g.
 * {@code network[0].ietf-network-topology:link[3] (link-id "l1").source.source-node: unknown node "r9"}.
 * Two links leaving from (or arriving on) the same termination point of a node are refused, naming both.
 *
 * <p>Size: over 300 lines on purpose. About a fifth is this comment, the import contract; the rest maps
 * each RFC 8345 / 8346 / 8795 element with its own check and element path, which splitting into more
 * classes would only scatter.
 */
public final class IetfNetworkJsonImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.IETF_NETWORK_JSON.name();

    private static final String NW = "ietf-network";
    private static final String NT = "ietf-network-topology";
    private static final String TET = "ietf-te-topology";
    private static final String L3 = "ietf-l3-unicast-topology";
    private static final Pattern HEX_INT = Pattern.compile("0[xX][0-9a-fA-F]{1,16}");
    private static final Pattern HEX_FLOAT = Pattern.compile("0[xX][0-9a-fA-F]+(\\.[0-9a-fA-F]*)?[pP][-+]?[0-9]{1,3}");

    private final JsonTrees json = new JsonTrees(FORMAT);

    /** Creates an importer (stateless; instances may be shared). */
    public IetfNetworkJsonImporter() {
    }

    /**
     * Parses the file and imports the network chosen by the rule of the class comment.
     *
     * @throws ImportException         if the file is malformed or inconsistent
     * @throws InvalidNetworkException if a value is out of range
     */
    public Network read(String name, byte[] content) {
        return read(name, content, null);
    }

    /**
     * Parses the file and imports the network whose {@code network-id} is {@code networkId}
     * (null: the rule of the class comment).
     */
    public Network read(String name, byte[] content, String networkId) {
        ImportSupport.checkName(FORMAT, name);
        JsonNode root = json.root(content);
        JsonNode list;
        // top-level members are always module-qualified in RFC 7951
        JsonNode networks = root.get(NW + ":networks");
        if (networks != null) {
            if (!networks.isObject()) {
                throw json.fail("ietf-network:networks must be an object, not " + JsonTrees.kind(networks));
            }
            list = JsonTrees.member(networks, NW, "network");
        } else {
            list = root.get(NW + ":network");
            if (list == null) {
                throw json.fail("no \"ietf-network:networks\" (or \"ietf-network:network\") member at the top level");
            }
        }
        List<JsonNode> all = json.objects(list, "network");
        if (all.isEmpty()) {
            throw json.fail("the file has no network (\"network\" is empty or missing)");
        }
        int chosen = choose(all, networkId);
        return network(name, all.get(chosen), "network[" + chosen + "]");
    }

    private int choose(List<JsonNode> all, String networkId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ids.add(json.requiredText(JsonTrees.member(all.get(i), NW, "network-id"), "network[" + i + "].network-id"));
        }
        if (networkId != null) {
            int i = ids.indexOf(networkId);
            if (i < 0) {
                throw json.fail("no network with network-id " + JsonTrees.quoted(networkId) + "; the file has " + ids);
            }
            return i;
        }
        int firstWithLinks = -1;
        for (int i = 0; i < all.size(); i++) {
            JsonNode links = JsonTrees.member(all.get(i), NT, "link");
            if (links != null && links.isArray() && !links.isEmpty()) {
                if (isL3(all.get(i))) {
                    return i;
                }
                if (firstWithLinks < 0) {
                    firstWithLinks = i;
                }
            }
        }
        if (firstWithLinks >= 0) {
            return firstWithLinks;
        }
        for (int i = 0; i < all.size(); i++) {
            JsonNode nodes = JsonTrees.member(all.get(i), NW, "node");
            if (nodes != null && nodes.isArray() && !nodes.isEmpty()) {
                return i;
            }
        }
        throw json.fail("no network has nodes or links; the file has " + ids);
    }

    private static boolean isL3(JsonNode network) {
        JsonNode types = JsonTrees.member(network, NW, "network-types");
        return types != null && types.isObject() && types.has(L3 + ":l3-unicast-topology");
    }

    private record Tp(String node, String tp) {
    }

    private Network network(String name, JsonNode net, String at) {
        String netAt = at + " (network-id " + JsonTrees.quoted(JsonTrees.member(net, NW, "network-id").asText()) + ")";
        List<JsonNode> nodeObjs = json.objects(JsonTrees.member(net, NW, "node"), netAt + ".node");
        List<Node> nodes = new ArrayList<>(nodeObjs.size());
        Set<String> names = new HashSet<>();
        Map<Tp, List<String>> addresses = new HashMap<>();
        for (int i = 0; i < nodeObjs.size(); i++) {
            JsonNode n = nodeObjs.get(i);
            String nodeAt = netAt + ".node[" + i + "]";
            String id = json.requiredText(JsonTrees.member(n, NW, "node-id"), nodeAt + ".node-id");
            nodeAt += " (node-id " + JsonTrees.quoted(id) + ")";
            if (!names.add(id)) {
                throw json.fail(nodeAt + ": duplicate node-id");
            }
            nodes.add(new Node(id, geolocation(n, nodeAt)));
            List<JsonNode> tps = json.objects(JsonTrees.member(n, NT, "termination-point"),
                    nodeAt + ".ietf-network-topology:termination-point");
            for (int j = 0; j < tps.size(); j++) {
                String tpAt = nodeAt + ".ietf-network-topology:termination-point[" + j + "]";
                String tp = json.requiredText(JsonTrees.member(tps.get(j), NT, "tp-id"), tpAt + ".tp-id");
                JsonNode l3 = JsonTrees.member(tps.get(j), L3, "l3-termination-point-attributes");
                List<String> ips = json.texts(JsonTrees.member(l3, L3, "ip-address"),
                        tpAt + ".l3-termination-point-attributes.ip-address");
                if (addresses.put(new Tp(id, tp), ips) != null) {
                    throw json.fail(tpAt + ": duplicate tp-id " + JsonTrees.quoted(tp));
                }
            }
        }
        List<JsonNode> linkObjs = json.objects(JsonTrees.member(net, NT, "link"), netAt + ".ietf-network-topology:link");
        ImportSupport.checkLinkCount(FORMAT, -1, linkObjs.size());
        List<Link> links = new ArrayList<>(linkObjs.size());
        Set<String> linkIds = new HashSet<>();
        Map<Tp, String> leaving = new HashMap<>();
        Map<Tp, String> arriving = new HashMap<>();
        for (int i = 0; i < linkObjs.size(); i++) {
            JsonNode l = linkObjs.get(i);
            String linkAt = netAt + ".ietf-network-topology:link[" + i + "]";
            String id = json.requiredText(JsonTrees.member(l, NT, "link-id"), linkAt + ".link-id");
            linkAt = "ietf-network-topology:link[" + i + "] (link-id " + JsonTrees.quoted(id) + ")";
            if (!linkIds.add(id)) {
                throw json.fail(linkAt + ": duplicate link-id");
            }
            JsonNode source = JsonTrees.member(l, NT, "source");
            JsonNode destination = JsonTrees.member(l, NT, "destination");
            if (source == null || !source.isObject()) {
                throw json.fail(linkAt + ".source is missing or not an object");
            }
            if (destination == null || !destination.isObject()) {
                throw json.fail(linkAt + ".destination is missing or not an object");
            }
            String src = json.requiredText(JsonTrees.member(source, NT, "source-node"), linkAt + ".source.source-node");
            String dst = json.requiredText(JsonTrees.member(destination, NT, "dest-node"),
                    linkAt + ".destination.dest-node");
            if (!names.contains(src)) {
                throw json.fail(linkAt + ".source.source-node: unknown node " + JsonTrees.quoted(src));
            }
            if (!names.contains(dst)) {
                throw json.fail(linkAt + ".destination.dest-node: unknown node " + JsonTrees.quoted(dst));
            }
            if (src.equals(dst)) {
                continue; // self-loops never carry routed traffic; dropped (documented)
            }
            String srcTp = json.text(JsonTrees.member(source, NT, "source-tp"), linkAt + ".source.source-tp");
            String dstTp = json.text(JsonTrees.member(destination, NT, "dest-tp"), linkAt + ".destination.dest-tp");
            unique(leaving, src, srcTp, linkAt, "leave from");
            unique(arriving, dst, dstTp, linkAt, "arrive on");

            JsonNode te = JsonTrees.member(JsonTrees.member(l, TET, "te"), TET, "te-link-attributes");
            JsonNode l3 = JsonTrees.member(l, L3, "l3-link-attributes");
            String teAt = linkAt + ".ietf-te-topology:te.te-link-attributes";
            double capacity = capacityBps(te, teAt);
            ImportSupport.checkCapacity(FORMAT, -1, linkAt, capacity);
            Double weight = json.number(JsonTrees.member(l3, L3, "metric1"), linkAt + ".l3-link-attributes.metric1");
            if (weight == null) {
                weight = json.number(JsonTrees.member(te, TET, "te-igp-metric"), teAt + ".te-igp-metric");
            }
            if (weight == null) {
                weight = json.number(JsonTrees.member(te, TET, "te-default-metric"), teAt + ".te-default-metric");
            }
            if (weight == null) {
                weight = ImportRules.DEFAULT_IGP_WEIGHT;
            }
            if (weight == 0) {
                throw json.fail(linkAt + ": IGP metric 0; a link's metric must be > 0");
            }
            Double delayUs = json.number(JsonTrees.member(te, TET, "te-delay-metric"), teAt + ".te-delay-metric");
            List<String> srlgs = json.texts(JsonTrees.member(JsonTrees.member(te, TET, "te-srlgs"), TET, "value"),
                    teAt + ".te-srlgs.value");
            try {
                LinkEnd srcEnd = end(srcTp, addresses.get(new Tp(src, srcTp)), linkAt + ".source");
                LinkEnd dstEnd = end(dstTp, addresses.get(new Tp(dst, dstTp)), linkAt + ".destination");
                links.add(new Link(id, src, dst, capacity, weight, delayUs == null ? Double.NaN : delayUs / 1000.0, 0.0,
                        srlgs.stream().distinct().toList(), LinkState.UP, LinkState.UP, srcEnd, dstEnd));
            } catch (InvalidNetworkException e) {
                throw json.fail(linkAt + ": " + e.getMessage());
            }
        }
        links = LinkDefaults.complete(nodes, links, true);
        try {
            return new Network(name, nodes, links, List.of());
        } catch (InvalidNetworkException e) {
            throw ImportSupport.located(e, FORMAT, -1);
        }
    }

    private void unique(Map<Tp, String> seen, String node, String tp, String linkAt, String verb) {
        if (tp == null) {
            return;
        }
        String previous = seen.putIfAbsent(new Tp(node, tp), linkAt);
        if (previous != null) {
            throw json.fail(previous + " and " + linkAt + " both " + verb + " termination point "
                    + JsonTrees.quoted(tp) + " of node " + JsonTrees.quoted(node)
                    + "; an interface has at most one link per direction");
        }
    }

    private LinkEnd end(String tp, List<String> ips, String at) {
        if (tp == null) {
            return LinkEnd.NONE;
        }
        try {
            return new LinkEnd(tp, ips);
        } catch (InvalidNetworkException e) {
            throw json.fail(at + " (termination point " + JsonTrees.quoted(tp) + ") " + e.field() + ": " + e.reason());
        }
    }

    private Coordinates geolocation(JsonNode node, String at) {
        JsonNode geo = JsonTrees.member(JsonTrees.member(node, TET, "te"), TET, "geolocation");
        if (geo == null) {
            return null;
        }
        JsonNode lon = JsonTrees.member(geo, TET, "longitude");
        JsonNode lat = JsonTrees.member(geo, TET, "latitude");
        if (lon == null || lat == null) {
            return null;
        }
        try {
            return new Coordinates(signed(lon, at + ".ietf-te-topology:te.geolocation.longitude"),
                    signed(lat, at + ".ietf-te-topology:te.geolocation.latitude"));
        } catch (InvalidNetworkException e) {
            throw json.fail(at + ".ietf-te-topology:te.geolocation: " + e.getMessage());
        }
    }

    private double signed(JsonNode v, String path) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return ImportSupport.number(FORMAT, -1, path, v.asText());
        }
        throw json.fail(path + " must be a number, not " + JsonTrees.kind(v));
    }

    /** Capacity in bit/s from {@code max-link-bandwidth}, or the default when there is none. */
    private double capacityBps(JsonNode te, String at) {
        JsonNode max = JsonTrees.member(te, TET, "max-link-bandwidth");
        if (max == null) {
            return ImportRules.DEFAULT_CAPACITY_BPS;
        }
        String path = at + ".max-link-bandwidth";
        JsonNode v = max;
        if (max.isObject()) {
            JsonNode tb = JsonTrees.member(max, TET, "te-bandwidth");
            path += ".te-bandwidth";
            v = tb != null && tb.isObject() ? JsonTrees.member(tb, TET, "generic") : tb;
            if (tb != null && tb.isObject()) {
                path += ".generic";
            }
            if (v == null) {
                return ImportRules.DEFAULT_CAPACITY_BPS; // a technology-specific bandwidth only
            }
        }
        return bytesPerSecond(v, path) * 8;
    }

    /** An RFC 8776 {@code te-bandwidth} value in bytes per second. */
    double bytesPerSecond(JsonNode v, String path) {
        if (v.isNumber()) {
            return json.number(v, path);
        }
        if (!v.isTextual()) {
            throw json.fail(path + " must be a string, not " + JsonTrees.kind(v));
        }
        String s = v.asText().strip();
        if (s.indexOf(',') >= 0) {
            throw json.fail(path + " is a list of bandwidths (" + JsonTrees.quoted(s)
                    + "); only a single packet bandwidth can be a link capacity");
        }
        double d;
        if (HEX_FLOAT.matcher(s).matches()) {
            d = Double.parseDouble(s);
        } else if (HEX_INT.matcher(s).matches()) {
            d = Long.parseUnsignedLong(s.substring(2), 16);
            if (d < 0) {
                d += 0x1p64;
            }
        } else if (ImportSupport.DECIMAL.matcher(s).matches()) {
            d = Double.parseDouble(s);
        } else {
            throw json.fail(path + " is not an RFC 8776 te-bandwidth (decimal, 0x hex integer or hex float such as "
                    + "0x1.2a05f2p30): " + JsonTrees.quoted(s));
        }
        if (!Double.isFinite(d) || d < 0) {
            throw json.fail(path + " is out of range: " + JsonTrees.quoted(s));
        }
        return d;
    }
}
