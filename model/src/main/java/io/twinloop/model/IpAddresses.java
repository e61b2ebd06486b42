package io.twinloop.model;

import java.util.Locale;

/**
 * IPv4 and IPv6 interface addresses as routers and inventories write them: a host address
 * ({@code 192.0.2.1}, {@code 2001:db8::1}) optionally followed by a prefix length
 * ({@code 192.0.2.1/31}, {@code 2001:db8::1/127}). Parsed by hand, never through
 * {@code InetAddress.getByName}, which would fall back to a DNS lookup for anything that is not a
 * literal.
 *
 * <p>{@link #hostKey(String)} gives the form addresses are compared in: the host part only (the
 * prefix length does not identify the interface), IPv4 as dotted quad without leading zeros, IPv6
 * as eight lower-case hexadecimal groups without leading zeros ({@code 2001:db8:0:0:0:0:0:1}), so
 * that {@code 2001:DB8::1/64} and {@code 2001:db8:0::1} match. IPv6 zone ids ({@code %eth0}) are
 * refused: a link-local address is not a stable name for a link.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** Whether {@code s} is a valid address as described in the class comment. */
    public static boolean isValid(String s) {
        return problem(s) == null;
    }

    /** Why {@code s} is not a valid address, or {@code null} if it is. */
    public static String problem(String s) {
        if (s == null || s.isBlank()) {
            return "is blank";
        }
        try {
            hostKey(s);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The comparison key of an address (see the class comment).
     *
     * @throws IllegalArgumentException if {@code s} is not an IPv4 or IPv6 address with an optional prefix length
     */
    public static String hostKey(String s) {
        if (s == null) {
            throw new IllegalArgumentException("is null");
        }
        String t = s.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        boolean v6 = host.indexOf(':') >= 0;
        if (slash >= 0) {
            prefix(t.substring(slash + 1), v6 ? 128 : 32, s);
        }
        if (v6) {
            return v6Key(host, s);
        }
        int[] q = v4(host, s);
        return q[0] + "." + q[1] + "." + q[2] + "." + q[3];
    }

    private static void prefix(String p, int max, String s) {
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(s, "prefix length is not a number");
        }
        if (Integer.parseInt(p) > max) {
            throw bad(s, "prefix length is larger than " + max);
        }
    }

    private static int[] v4(String host, String s) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(s, "not an IPv4 (a.b.c.d) or IPv6 address");
        }
        int[] q = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(s, "not an IPv4 (a.b.c.d) or IPv6 address");
            }
            q[i] = Integer.parseInt(p);
            if (q[i] > 255) {
                throw bad(s, "IPv4 part " + p + " is larger than 255");
            }
        }
        return q;
    }

    private static String v6Key(String host, String s) {
        if (host.indexOf('%') >= 0) {
            throw bad(s, "IPv6 zone ids are not accepted");
        }
        int[] groups = new int[8];
        int dc = host.indexOf("::");
        if (dc >= 0 && host.indexOf("::", dc + 1) >= 0) {
            throw bad(s, "'::' appears more than once");
        }
        String head = dc < 0 ? host : host.substring(0, dc);
        String tail = dc < 0 ? "" : host.substring(dc + 2);
        int[] h = v6Groups(head, s, dc < 0);
        int[] t = v6Groups(tail, s, true);
        if (dc < 0 && h.length != 8) {
            throw bad(s, "an IPv6 address without '::' needs 8 groups");
        }
        if (dc >= 0 && h.length + t.length > 7) {
            throw bad(s, "too many IPv6 groups");
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        StringBuilder b = new StringBuilder(40);
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Groups of one side of '::'; an embedded IPv4 address may end the last side. */
    private static int[] v6Groups(String part, String s, boolean last) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] p = part.split(":", -1);
        int n = p.length;
        boolean embedded = last && p[n - 1].indexOf('.') >= 0;
        int[] out = new int[embedded ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            if (embedded && i == n - 1) {
                int[] q = v4(p[i], s);
                out[i] = q[0] << 8 | q[1];
                out[i + 1] = q[2] << 8 | q[3];
                break;
            }
            String g = p[i];
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(IpAddresses::isHex)) {
                throw bad(s, "IPv6 group '" + g + "' is not 1 to 4 hexadecimal digits");
            }
            out[i] = Integer.parseInt(g, 16);
        }
        return out;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static IllegalArgumentException bad(String s, String why) {
        String shown = s.length() <= 60 ? s : s.substring(0, 57) + "...";
        return new IllegalArgumentException("'" + shown + "' is not an IP address: " + why);
    }
}
