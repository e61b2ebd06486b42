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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NetBox inventory export: the objects of the NetBox REST API's {@code /api/dcim/devices/},
 * {@code /api/dcim/interfaces/} and {@code /api/dcim/cables/} (and optionally
 * {@code /api/ipam/ip-addresses/}) in one JSON file:
 * <pre>{@code
 * {"devices": [...], "interfaces": [...], "cables": [...], "ip_addresses": [...]}
 * }</pre>
 * Each list is either the array of API objects or an API page as returned ({@code {"count": ..,
 * "results": [...]}}; only that page is read). The objects are used as the API writes them; only
 * the fields below are read, everything else is ignored.
 *
 * <p>Import rules:
 * <ul>
 *   <li><b>Nodes</b>: every device, named by {@code name} (a device without a name is
 *       {@code device-<id>}); coordinates from the device's {@code latitude}/{@code longitude} when
 *       both are set.</li>
 *   <li><b>Links</b>: every cable whose status is {@code connected} (or has no status) and that joins
 *       exactly one interface ({@code object_type "dcim.interface"}) at each end, in NetBox 3.3+'s
 *       {@code a_terminations}/{@code b_terminations} or the older
 *       {@code termination_a_type}/{@code termination_a_id} form, becomes two directed links:
 *       {@code cable-<id>} from the A device to the B device and {@code cable-<id>~rev} back. Their ends
 *       carry the interface names (A's interface is the source end of {@code cable-<id>}), and the
 *       interface addresses from {@code ip_addresses} ({@code assigned_object_type "dcim.interface"},
 *       {@code assigned_object_id}). Cables to front/rear ports, circuits or power ports, planned or
 *       decommissioning cables, and cables between two interfaces of one device are left out
 *       (twinloop does not trace patch panels). A cable with several terminations on one side is refused.</li>
 *   <li><b>Capacity</b>: the interface {@code speed} (NetBox stores kbit/s) x 1000 in bit/s; for a
 *       cable, the smaller of its two interfaces' speeds. Without a speed, from the interface
 *       {@code type} ({@code 100gbase-x-qsfp28} is 100 Gbit/s, {@code 1000base-t} 1 Gbit/s:
 *       the number before {@code gbase}/{@code base} in Gbit/s or Mbit/s); else
 *       {@link ImportRules#DEFAULT_CAPACITY_BPS} (10 Gbit/s).</li>
 *   <li><b>IGP weight</b>: custom field {@code igp_metric} of the interface the link leaves from, else
 *       of the cable, else {@link ImportRules#DEFAULT_IGP_WEIGHT}.</li>
 *   <li><b>SRLGs</b>: custom field {@code srlg} of the cable (a string, comma-separated for several,
 *       or a list), for both directions.</li>
 *   <li><b>Latency</b>: the cable {@code length} with {@code length_unit} (km, m, cm, mi, ft, in) /
 *       (2/3 c); else the great-circle rule ({@link ImportRules#LATENCY_RULE}) when both devices have
 *       coordinates; else unknown. Power: {@link ImportRules#POWER_RULE}.</li>
 * </ul>
 * Errors are {@link ImportException}s naming the element, e.g. {@code cables[4] (id 17).a_terminations[0]:
 * interface 311 is not in "interfaces"}. Duplicate ids and two cables on one interface are refused.
 *
 * <p>Size: over 300 lines on purpose. About a fifth is this comment, the import contract; the rest maps
 * each NetBox object kind (devices, interfaces, IP addresses, both cable generations) with its own
 * checks and element paths, which splitting into more classes would only scatter.
 */
public final class NetboxJsonImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.NETBOX_JSON.name();

    /** Custom field holding the IGP metric (of an interface: for links leaving it; of a cable: both ways). */
    public static final String IGP_METRIC_FIELD = "igp_metric";

    /** Custom field holding the shared risk link groups of a cable. */
    public static final String SRLG_FIELD = "srlg";

    /** Fibre propagation speed used for cable lengths: 2/3 of c, in km per ms. */
    private static final double FIBRE_KM_PER_MS = 299_792.458 * 2 / 3 / 1000;
    private static final Pattern TYPE_SPEED = Pattern.compile("^(\\d+(?:\\.\\d+)?)(g?)base");

    private final JsonTrees json = new JsonTrees(FORMAT);

    /** Creates an importer (stateless; instances may be shared). */
    public NetboxJsonImporter() {
    }

    private record Iface(long id, String device, String name, double speedBps, Double igpMetric, String at,
                         List<String> addresses) {
    }

    /**
     * Parses a NetBox export.
     *
     * @throws ImportException         if the file is malformed or inconsistent
     * @throws InvalidNetworkException if a value is out of range
     */
    public Network read(String name, byte[] content) {
        ImportSupport.checkName(FORMAT, name);
        JsonNode root = json.root(content);
        List<JsonNode> devices = list(root, "devices");
        List<JsonNode> interfaces = list(root, "interfaces");
        List<JsonNode> cables = list(root, "cables");
        List<JsonNode> ips = list(root, root.has("ip_addresses") ? "ip_addresses" : "ip-addresses");
        if (!root.has("devices") || !root.has("cables")) {
            throw json.fail("a NetBox export needs \"devices\" and \"cables\" (and \"interfaces\") at the top level");
        }

        Map<Long, String> deviceNames = new HashMap<>();
        List<Node> nodes = new ArrayList<>(devices.size());
        Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonNode d = devices.get(i);
            long id = id(d, "devices[" + i + "]");
            String at = "devices[" + i + "] (id " + id + ")";
            String n = json.text(d.get("name"), at + ".name");
            n = n == null ? "device-" + id : n;
            if (deviceNames.put(id, n) != null) {
                throw json.fail(at + ": duplicate device id");
            }
            if (!used.add(n)) {
                throw json.fail(at + ": duplicate device name " + JsonTrees.quoted(n));
            }
            nodes.add(new Node(n, coordinates(d, at)));
        }

        Map<Long, List<String>> addresses = new HashMap<>();
        for (int i = 0; i < ips.size(); i++) {
            JsonNode ip = ips.get(i);
            String at = "ip_addresses[" + i + "]";
            String type = json.text(ip.get("assigned_object_type"), at + ".assigned_object_type");
            JsonNode oid = ip.get("assigned_object_id");
            if (!"dcim.interface".equals(type) || oid == null || oid.isNull()) {
                continue; // assigned to a VM interface, an FHRP group, or not assigned
            }
            addresses.computeIfAbsent(longValue(oid, at + ".assigned_object_id"), k -> new ArrayList<>())
                    .add(json.requiredText(ip.get("address"), at + ".address"));
        }

        Map<Long, Iface> byId = new HashMap<>();
        for (int i = 0; i < interfaces.size(); i++) {
            JsonNode f = interfaces.get(i);
            long id = id(f, "interfaces[" + i + "]");
            String at = "interfaces[" + i + "] (id " + id + ")";
            Iface iface = iface(f, id, at, deviceNames, addresses.getOrDefault(id, List.of()));
            if (byId.put(id, iface) != null) {
                throw json.fail(at + ": duplicate interface id");
            }
        }

        List<Link> links = new ArrayList<>();
        Map<Long, String> cabled = new HashMap<>();
        Set<Long> cableIds = new java.util.HashSet<>();
        for (int i = 0; i < cables.size(); i++) {
            JsonNode c = cables.get(i);
            long id = id(c, "cables[" + i + "]");
            String at = "cables[" + i + "] (id " + id + ")";
            if (!cableIds.add(id)) {
                throw json.fail(at + ": duplicate cable id");
            }
            String status = choice(c.get("status"), at + ".status");
            if (status != null && !status.equals("connected")) {
                continue; // planned or decommissioning: not part of the running network (documented)
            }
            Iface a = termination(c, "a", at, byId, deviceNames, addresses);
            Iface b = termination(c, "b", at, byId, deviceNames, addresses);
            if (a == null || b == null || a.device().equals(b.device())) {
                continue; // not interface-to-interface, or a loop on one device (documented)
            }
            for (Iface x : List.of(a, b)) {
                String previous = cabled.putIfAbsent(x.id(), at);
                if (previous != null) {
                    throw json.fail(previous + " and " + at + " both connect interface " + JsonTrees.quoted(x.name())
                            + " of device " + JsonTrees.quoted(x.device()));
                }
            }
            double capacity = Math.min(a.speedBps(), b.speedBps());
            ImportSupport.checkCapacity(FORMAT, -1, at, capacity);
            JsonNode cf = c.get("custom_fields");
            Double cableMetric = json.number(JsonTrees.member(cf, null, IGP_METRIC_FIELD),
                    at + ".custom_fields." + IGP_METRIC_FIELD);
            List<String> srlgs = srlgs(JsonTrees.member(cf, null, SRLG_FIELD), at + ".custom_fields." + SRLG_FIELD);
            double latency = latencyMs(c, at);
            String linkId = "cable-" + id;
            links.add(link(linkId, a, b, capacity, cableMetric, latency, srlgs, at));
            links.add(link(linkId + ImportRules.REVERSE_SUFFIX, b, a, capacity, cableMetric, latency, srlgs, at));
        }
        ImportSupport.checkLinkCount(FORMAT, -1, links.size());
        links = LinkDefaults.complete(nodes, links, true);
        try {
            return new Network(name, nodes, links, List.of());
        } catch (InvalidNetworkException e) {
            throw ImportSupport.located(e, FORMAT, -1);
        }
    }

    private Link link(String id, Iface from, Iface to, double capacity, Double cableMetric, double latency,
                      List<String> srlgs, String at) {
        Double metric = from.igpMetric() != null ? from.igpMetric() : cableMetric;
        double weight = metric == null ? ImportRules.DEFAULT_IGP_WEIGHT : metric;
        if (weight == 0) {
            throw json.fail(at + ": IGP metric 0 for the link leaving " + JsonTrees.quoted(from.name()) + " of "
                    + JsonTrees.quoted(from.device()) + "; a metric must be > 0");
        }
        try {
            return new Link(id, from.device(), to.device(), capacity, weight, latency, 0.0, srlgs, LinkState.UP,
                    LinkState.UP, new LinkEnd(from.name(), from.addresses()), new LinkEnd(to.name(), to.addresses()));
        } catch (InvalidNetworkException e) {
            throw json.fail(at + " (" + from.at() + " / " + to.at() + "): " + e.getMessage());
        }
    }

    private Iface iface(JsonNode f, long id, String at, Map<Long, String> deviceNames, List<String> ips) {
        JsonNode dev = f.get("device");
        if (dev == null || !dev.isObject()) {
            throw json.fail(at + ".device is missing");
        }
        long deviceId = id(dev, at + ".device");
        String device = deviceNames.get(deviceId);
        if (device == null) {
            throw json.fail(at + ".device: device " + deviceId + " is not in \"devices\"");
        }
        String name = json.requiredText(f.get("name"), at + ".name");
        Double kbps = json.number(f.get("speed"), at + ".speed");
        double speed;
        if (kbps != null && kbps > 0) {
            speed = kbps * 1000;
        } else {
            speed = typeSpeedBps(choice(f.get("type"), at + ".type"));
        }
        JsonNode cf = f.get("custom_fields");
        Double metric = json.number(JsonTrees.member(cf, null, IGP_METRIC_FIELD), at + ".custom_fields." + IGP_METRIC_FIELD);
        return new Iface(id, device, name, speed, metric, at, ips);
    }

    /** Capacity from an interface type such as {@code 100gbase-x-qsfp28} or {@code 1000base-t}. */
    static double typeSpeedBps(String type) {
        if (type == null) {
            return ImportRules.DEFAULT_CAPACITY_BPS;
        }
        Matcher m = TYPE_SPEED.matcher(type.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return ImportRules.DEFAULT_CAPACITY_BPS;
        }
        double v = Double.parseDouble(m.group(1));
        double bps = m.group(2).isEmpty() ? v * 1e6 : v * 1e9;
        return bps > 0 ? bps : ImportRules.DEFAULT_CAPACITY_BPS;
    }

    /** The interface at side {@code a} or {@code b} of a cable, or null if that side is not one interface. */
    private Iface termination(JsonNode c, String side, String at, Map<Long, Iface> byId, Map<Long, String> deviceNames,
                              Map<Long, List<String>> addresses) {
        JsonNode terms = c.get(side + "_terminations");
        String type;
        JsonNode oid;
        JsonNode obj;
        String where;
        if (terms != null && !terms.isNull()) {
            List<JsonNode> list = json.objects(terms, at + "." + side + "_terminations");
            if (list.isEmpty()) {
                return null;
            }
            if (list.size() > 1) {
                throw json.fail(at + "." + side + "_terminations has " + list.size()
                        + " terminations; only cables with one interface at each end can be imported");
            }
            JsonNode t = list.get(0);
            where = at + "." + side + "_terminations[0]";
            type = json.text(t.get("object_type"), where + ".object_type");
            oid = t.get("object_id");
            obj = t.get("object");
        } else {
            where = at + ".termination_" + side;
            type = json.text(c.get("termination_" + side + "_type"), where + "_type");
            oid = c.get("termination_" + side + "_id");
            obj = c.get("termination_" + side);
        }
        if (!"dcim.interface".equals(type)) {
            return null;
        }
        long id = oid == null || oid.isNull() ? (obj == null ? -1 : id(obj, where + ".object")) : longValue(oid, where);
        Iface known = byId.get(id);
        if (known != null) {
            return known;
        }
        if (obj != null && obj.isObject() && obj.has("device") && obj.has("name")) {
            return iface(obj, id, where + ".object", deviceNames, addresses.getOrDefault(id, List.of()));
        }
        throw json.fail(where + ": interface " + id + " is not in \"interfaces\"");
    }

    private double latencyMs(JsonNode c, String at) {
        Double length = json.number(c.get("length"), at + ".length");
        if (length == null) {
            return Double.NaN;
        }
        String unit = choice(c.get("length_unit"), at + ".length_unit");
        double km = switch (unit == null ? "" : unit.toLowerCase(Locale.ROOT)) {
            case "km" -> length;
            case "m" -> length / 1000;
            case "cm" -> length / 100_000;
            case "mi" -> length * 1.609344;
            case "ft" -> length * 0.0003048;
            case "in" -> length * 0.0000254;
            default -> throw json.fail(at + ".length_unit: unknown unit " + JsonTrees.quoted(String.valueOf(unit))
                    + " (km, m, cm, mi, ft or in)");
        };
        return km / FIBRE_KM_PER_MS;
    }

    private List<String> srlgs(JsonNode v, String at) {
        if (v == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        if (v.isArray()) {
            out.addAll(json.texts(v, at));
        } else {
            for (String s : json.requiredText(v, at).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    private Coordinates coordinates(JsonNode d, String at) {
        Double lat = signed(d.get("latitude"), at + ".latitude");
        Double lon = signed(d.get("longitude"), at + ".longitude");
        if (lat == null || lon == null) {
            return null;
        }
        try {
            return new Coordinates(lon, lat);
        } catch (InvalidNetworkException e) {
            throw json.fail(at + ": " + e.getMessage());
        }
    }

    private Double signed(JsonNode v, String at) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        return ImportSupport.number(FORMAT, -1, at, json.requiredText(v, at));
    }

    /** A NetBox choice field: {@code {"value": "connected", "label": "Connected"}} or the plain value. */
    private String choice(JsonNode v, String at) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            return json.text(v.get("value"), at + ".value");
        }
        return json.text(v, at);
    }

    private List<JsonNode> list(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v != null && v.isObject() && v.has("results")) {
            return json.objects(v.get("results"), field + ".results");
        }
        return json.objects(v == null || v.isNull() ? null : v, field);
    }

    private long id(JsonNode obj, String at) {
        JsonNode v = obj.get("id");
        if (v == null || v.isNull()) {
            throw json.fail(at + ".id is missing");
        }
        return longValue(v, at + ".id");
    }

    private long longValue(JsonNode v, String at) {
        if (v.canConvertToLong() && v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().strip().matches("[0-9]{1,18}")) {
            return Long.parseLong(v.asText().strip());
        }
        throw json.fail(at + " must be an integer id, not " + JsonTrees.quoted(v.toString()));
    }
}
