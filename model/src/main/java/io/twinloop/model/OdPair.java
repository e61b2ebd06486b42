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

    /**
     * A well-mixed hash: the record default ({@code 31 * h(src) + h(dst)}) collides heavily for
     * short numeric node names (Topology Zoo networks name nodes "0".."753"), which turns hash
     * sets of a few hundred thousand pairs into linear scans.
     */
    @Override
    public int hashCode() {
        long h = src.hashCode() * 0x9E3779B97F4A7C15L + dst.hashCode();
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** The {@code SRC->DST} label used as CSV column name. */
    public String label() {
        return src + "->" + dst;
    }
}
