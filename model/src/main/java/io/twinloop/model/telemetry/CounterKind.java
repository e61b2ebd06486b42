package io.twinloop.model.telemetry;

/**
 * What a cumulative interface counter counts, and so the unit of its rate: octet counters give
 * bit/s ({@code 8 * delta octets / delta t}), packet counters give packet/s
 * ({@code delta packets / delta t}).
 */
public enum CounterKind {
    /** Octets received (IF-MIB ifHCInOctets, OpenConfig in-octets, IOS-XR bytes-received); rate in bit/s. */
    IN_OCTETS(8),
    /** Octets sent (ifHCOutOctets, out-octets, bytes-sent); rate in bit/s. */
    OUT_OCTETS(8),
    /** Packets received (in-pkts / in-unicast-pkts, packets-received); rate in packet/s. */
    IN_PACKETS(1),
    /** Packets sent (out-pkts / out-unicast-pkts, packets-sent); rate in packet/s. */
    OUT_PACKETS(1);

    private final int unitsPerCount;

    CounterKind(int unitsPerCount) {
        this.unitsPerCount = unitsPerCount;
    }

    /** Rate units per counted unit: 8 bits per octet, 1 packet per packet. */
    public int unitsPerCount() {
        return unitsPerCount;
    }

    /** Whether this counts octets (rate in bit/s) rather than packets (rate in packet/s). */
    public boolean octets() {
        return unitsPerCount == 8;
    }
}
