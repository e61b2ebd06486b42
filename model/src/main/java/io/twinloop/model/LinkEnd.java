package io.twinloop.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One end of a {@link Link} as the router at that end names it: the interface the link leaves
 * from (at the source end) or arrives on (at the destination end), and the IP addresses configured
 * on that interface. Both are optional: files without interface names give {@link #NONE}.
 *
 * <p>This is what lets telemetry that names interfaces ({@code (device, interface)} counters,
 * gNMI paths, SNMP {@code ifName}) find the twin's links; see {@link InterfaceIndex}.
 *
 * @param interfaceName the interface name exactly as the device reports it (e.g. {@code et-0/0/1},
 *                      {@code Ethernet1/1}); {@code null} when unknown, never blank
 * @param addresses     IPv4/IPv6 addresses of the interface, optionally with a prefix length
 *                      ({@code 192.0.2.1/31}), validated by {@link IpAddresses}; no two with the same
 *                      host part; null is read as empty
 */
public record LinkEnd(String interfaceName, List<String> addresses) {

    /** An end about which nothing is known (no interface name, no addresses). */
    public static final LinkEnd NONE = new LinkEnd(null, List.of());

    /** Validates the name and the addresses (field names in errors start with {@code end}). */
    public LinkEnd {
        if (interfaceName != null && interfaceName.isBlank()) {
            throw new InvalidNetworkException("interfaceName", "must not be blank (leave it out when unknown)");
        }
        if (addresses == null || addresses.isEmpty()) {
            addresses = List.of();
        } else {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < addresses.size(); i++) {
                String a = addresses.get(i);
                String problem = IpAddresses.problem(a);
                if (problem != null) {
                    throw new InvalidNetworkException("addresses[" + i + "]", problem);
                }
                if (!keys.add(IpAddresses.hostKey(a))) {
                    throw new InvalidNetworkException("addresses[" + i + "]", "duplicate address '" + a + "'");
                }
            }
            addresses = List.copyOf(addresses);
        }
    }

    /** An end with an interface name and no addresses. */
    public static LinkEnd of(String interfaceName) {
        return new LinkEnd(interfaceName, List.of());
    }

    /** An end with an interface name (may be null) and addresses. */
    public static LinkEnd of(String interfaceName, List<String> addresses) {
        return new LinkEnd(interfaceName, addresses);
    }

    /** Whether the interface name is known. */
    public boolean hasInterfaceName() {
        return interfaceName != null;
    }

    /** Whether nothing is known about this end (it equals {@link #NONE}). */
    public boolean unknown() {
        return interfaceName == null && addresses.isEmpty();
    }

    /**
     * Jackson's {@code JsonInclude.Include.CUSTOM} value filter used on {@link Link}'s ends: an end
     * that is null or {@link #NONE} is left out of the JSON, so a link without ends is written
     * exactly as before ends existed.
     */
    public static final class OmitUnknown {
        /** Jackson creates the filter. */
        public OmitUnknown() {
        }

        @Override
        public boolean equals(Object other) {
            return other == null || (other instanceof LinkEnd e && e.unknown());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
