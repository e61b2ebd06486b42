package io.twinloop.model;

/**
 * An ordered origin-destination pair: one column of a {@link TrafficSeries}.
 *
 * @param src origin node name
 * @param dst destination node name (different from {@code src})
 */
public record OdPair(String src, String dst) {

    /** Validates both names and that they differ. */
    public OdPair {
        Checks.name("odPair.src", src);
        Checks.name("odPair.dst", dst);
        if (src.equals(dst)) {
            throw new InvalidNetworkException("odPair[" + src + "->" + dst + "]", "source and destination must differ");
        }
    }

    /** The {@code SRC->DST} label used as CSV column name. */
    public String label() {
        return src + "->" + dst;
    }
}
