package io.twinloop.model;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Aliases of a network's links as routers name them: {@code (device, interface)} and interface
 * addresses, from the {@link Link#srcEnd()} and {@link Link#dstEnd()} of its links.
 *
 * <p>For an interface {@code I} of device {@code D}:
 * <ul>
 *   <li>the <b>out link</b> is the link whose source end is {@code (D, I)}: the interface's
 *       out-octets are that link's traffic;</li>
 *   <li>the <b>in link</b> is the link whose destination end is {@code (D, I)}: its in-octets are
 *       that link's traffic.</li>
 * </ul>
 * An interface may have either or both. Two links leaving from the same {@code (D, I)} (or arriving
 * on it), or one address on two different interfaces, are ambiguous: building the index (and so
 * constructing a {@link Network}) throws an {@link InvalidNetworkException} naming both links.
 *
 * <p><b>Device names</b> match node names exactly. A gNMI {@code source} tag is
 * {@code host:port} ({@code r1.example.net:57400}, {@code [2001:db8::1]:57400}); {@link #deviceName(String)}
 * strips the port, and every lookup tries the exact name first and then the name without the port,
 * so a node named after the host matches. A bare IPv6 address (several colons, no brackets) is
 * taken as it is.
 *
 * <p>Lookups never drop what they cannot resolve: {@link #resolveAll(Collection)} returns the
 * unknown devices and, per known device, its unknown interface names, for the caller to report.
 */
public final class InterfaceIndex {

    /**
     * An interface of a device as telemetry names it.
     *
     * @param device        a node name or a gNMI {@code host:port} source, non-blank
     * @param interfaceName the interface name, non-blank
     */
    public record InterfaceRef(String device, String interfaceName) {
        /** Validates both parts. */
        public InterfaceRef {
            Checks.name("interface.device", device);
            Checks.name("interface.interfaceName", interfaceName);
        }
    }

    /**
     * What the network knows about one interface.
     *
     * @param device        the node name
     * @param interfaceName the interface name ({@code null} for an end known only by its addresses)
     * @param outLink       the link leaving from this interface, or {@code null}
     * @param inLink        the link arriving on this interface, or {@code null}
     */
    public record Match(String device, String interfaceName, Link outLink, Link inLink) {
        /** The link leaving from this interface (its out-octets), if any. */
        public Optional<Link> out() {
            return Optional.ofNullable(outLink);
        }

        /** The link arriving on this interface (its in-octets), if any. */
        public Optional<Link> in() {
            return Optional.ofNullable(inLink);
        }
    }

    /**
     * The outcome of resolving many interfaces at once.
     *
     * @param found             each resolved reference with its match, in the order given
     * @param unknownDevices    devices that are not nodes of the network (after port stripping), sorted
     * @param unknownInterfaces per known node (by node name), the interface names it does not have, sorted
     */
    public record Resolution(Map<InterfaceRef, Match> found, SortedSet<String> unknownDevices,
                             SortedMap<String, SortedSet<String>> unknownInterfaces) {
        /** Whether every reference was resolved. */
        public boolean complete() {
            return unknownDevices.isEmpty() && unknownInterfaces.isEmpty();
        }
    }

    private record Key(String device, String interfaceName) {
    }

    private static final class Slot {
        final String device;
        final String interfaceName;
        Link out;
        Link in;

        Slot(String device, String interfaceName) {
            this.device = device;
            this.interfaceName = interfaceName;
        }

        Match match() {
            return new Match(device, interfaceName, out, in);
        }
    }

    private final Set<String> nodes;
    private final Map<Key, Match> byInterface;
    private final Map<String, Match> byAddress;

    private InterfaceIndex(Set<String> nodes, Map<Key, Match> byInterface, Map<String, Match> byAddress) {
        this.nodes = nodes;
        this.byInterface = byInterface;
        this.byAddress = byAddress;
    }

    /**
     * The index of a network's link ends.
     *
     * @throws InvalidNetworkException if two links leave from (or arrive on) one interface, or one
     *                                 address is on two interfaces (cannot happen for a {@link Network},
     *                                 which is validated the same way)
     */
    public static InterfaceIndex of(Network network) {
        Set<String> nodes = new java.util.HashSet<>(network.nodes().size() * 2);
        for (Node n : network.nodes()) {
            nodes.add(n.name());
        }
        return build(Set.copyOf(nodes), network.links());
    }

    /** Checks the rules of the class comment for links that are about to form a network. */
    static void validate(List<Link> links) {
        for (Link l : links) {
            if (!l.srcEnd().unknown() || !l.dstEnd().unknown()) {
                build(Set.of(), links);
                return;
            }
        }
    }

    private static InterfaceIndex build(Set<String> nodes, List<Link> links) {
        Map<Key, Slot> named = new HashMap<>();
        Map<String, Slot> addressed = new HashMap<>();
        for (Link l : links) {
            add(named, addressed, l, l.src(), l.srcEnd(), true);
            add(named, addressed, l, l.dst(), l.dstEnd(), false);
        }
        Map<Key, Match> byInterface = new HashMap<>(named.size() * 2);
        named.forEach((k, s) -> byInterface.put(k, s.match()));
        Map<String, Match> byAddress = new HashMap<>(addressed.size() * 2);
        addressed.forEach((k, s) -> byAddress.put(k, s.match()));
        return new InterfaceIndex(nodes, Map.copyOf(byInterface), Map.copyOf(byAddress));
    }

    private static void add(Map<Key, Slot> named, Map<String, Slot> addressed, Link l, String device, LinkEnd end,
                            boolean source) {
        String side = source ? ".srcEnd" : ".dstEnd";
        if (end.hasInterfaceName()) {
            Slot s = named.computeIfAbsent(new Key(device, end.interfaceName()),
                    k -> new Slot(device, end.interfaceName()));
            attach(s, l, side, "interface '" + end.interfaceName() + "' of node '" + device + "'", source);
        }
        for (String a : end.addresses()) {
            String key = IpAddresses.hostKey(a);
            Slot s = addressed.get(key);
            if (s == null) {
                s = new Slot(device, end.interfaceName());
                addressed.put(key, s);
            } else if (!s.device.equals(device) || !Objects.equals(s.interfaceName, end.interfaceName())) {
                Link other = s.out != null ? s.out : s.in;
                throw new InvalidNetworkException("links[" + l.id() + "]" + side + ".addresses",
                        "address '" + a + "' is also on " + where(s.device, s.interfaceName) + " (link '" + other.id()
                                + "'), not only on " + where(device, end.interfaceName()));
            }
            if (!end.hasInterfaceName()) {
                attach(s, l, side, "address '" + a + "' of node '" + device + "'", source);
            } else if (source) {
                s.out = l;
            } else {
                s.in = l;
            }
        }
    }

    private static void attach(Slot s, Link l, String side, String what, boolean source) {
        Link previous = source ? s.out : s.in;
        if (previous != null && previous != l) {
            throw new InvalidNetworkException("links[" + l.id() + "]" + side,
                    "links '" + previous.id() + "' and '" + l.id() + "' both " + (source ? "leave from " : "arrive on ")
                            + what + "; an interface has at most one link per direction");
        }
        if (source) {
            s.out = l;
        } else {
            s.in = l;
        }
    }

    private static String where(String device, String interfaceName) {
        return interfaceName == null ? "a link end of node '" + device + "'"
                : "interface '" + interfaceName + "' of node '" + device + "'";
    }

    /**
     * The device part of a gNMI {@code source} tag: {@code host:port -> host},
     * {@code [v6]:port -> v6}, {@code [v6] -> v6}; anything else (a plain name, a bare IPv6 address)
     * unchanged.
     */
    public static String deviceName(String source) {
        if (source == null) {
            return null;
        }
        String s = source.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 1 && (close == s.length() - 1 || s.charAt(close + 1) == ':')) {
                return s.substring(1, close);
            }
            return s;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':')) {
            return s.substring(0, colon);
        }
        return s;
    }

    /** The node a device name or gNMI source denotes (exact name first, then without the port), if any. */
    public Optional<String> node(String deviceOrSource) {
        if (deviceOrSource == null) {
            return Optional.empty();
        }
        if (nodes.contains(deviceOrSource)) {
            return Optional.of(deviceOrSource);
        }
        String d = deviceName(deviceOrSource);
        return nodes.contains(d) ? Optional.of(d) : Optional.empty();
    }

    /** The interface {@code interfaceName} of a device (node name or gNMI source), if the network has it. */
    public Optional<Match> find(String deviceOrSource, String interfaceName) {
        if (deviceOrSource == null || interfaceName == null) {
            return Optional.empty();
        }
        Match m = byInterface.get(new Key(deviceOrSource, interfaceName));
        if (m == null) {
            m = byInterface.get(new Key(deviceName(deviceOrSource), interfaceName));
        }
        return Optional.ofNullable(m);
    }

    /** The link leaving from {@code (device, interface)}: its out-octets are this link's traffic. */
    public Optional<Link> outLink(String deviceOrSource, String interfaceName) {
        return find(deviceOrSource, interfaceName).flatMap(Match::out);
    }

    /** The link arriving on {@code (device, interface)}: its in-octets are this link's traffic. */
    public Optional<Link> inLink(String deviceOrSource, String interfaceName) {
        return find(deviceOrSource, interfaceName).flatMap(Match::in);
    }

    /**
     * The interface that has {@code address} (compared by {@link IpAddresses#hostKey host part}; a
     * prefix length is ignored), if any. Empty also for text that is not an address.
     */
    public Optional<Match> findByAddress(String address) {
        if (!IpAddresses.isValid(address)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byAddress.get(IpAddresses.hostKey(address)));
    }

    /**
     * Resolves many interfaces, collecting what is unknown instead of dropping it: a device that is
     * no node goes to {@link Resolution#unknownDevices()} (as given), an interface a node lacks to
     * {@link Resolution#unknownInterfaces()} under the node's name.
     */
    public Resolution resolveAll(Collection<InterfaceRef> refs) {
        Map<InterfaceRef, Match> found = new LinkedHashMap<>();
        SortedSet<String> unknownDevices = new TreeSet<>();
        SortedMap<String, SortedSet<String>> unknown = new TreeMap<>();
        for (InterfaceRef r : refs) {
            Optional<String> node = node(r.device());
            if (node.isEmpty()) {
                unknownDevices.add(r.device());
                continue;
            }
            Match m = byInterface.get(new Key(node.get(), r.interfaceName()));
            if (m == null) {
                unknown.computeIfAbsent(node.get(), k -> new TreeSet<>()).add(r.interfaceName());
            } else {
                found.put(r, m);
            }
        }
        SortedMap<String, SortedSet<String>> frozen = new TreeMap<>();
        unknown.forEach((d, s) -> frozen.put(d, Collections.unmodifiableSortedSet(s)));
        return new Resolution(Collections.unmodifiableMap(found), Collections.unmodifiableSortedSet(unknownDevices),
                Collections.unmodifiableSortedMap(frozen));
    }

    /** How many named interfaces the network has. */
    public int interfaceCount() {
        return byInterface.size();
    }
}
