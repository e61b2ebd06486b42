package io.twinloop.model.telemetry;

/**
 * The width of a cumulative counter, which decides where it wraps: a 32-bit counter (IF-MIB
 * ifInOctets) wraps at 2^32, a 64-bit one (ifHCInOctets, OpenConfig and gNMI counters) at 2^64.
 */
public enum CounterWidth {
    /** Wraps at 2^32; a value above 2^32 - 1 is refused as invalid. */
    BITS_32,
    /** Wraps at 2^64 (the value is an unsigned 64-bit number). */
    BITS_64,
    /**
     * Not reported: inferred per counter. Once a value above 2^32 - 1 has been seen the counter is
     * 64-bit; until then a backward step is judged as a possible 32-bit wrap.
     */
    UNKNOWN
}
