package io.twinloop.model.io;

/**
 * The limits and defaults shared by all importers, in one place so that services can quote them
 * (for example when rejecting an upload) and so that the import rules cannot drift apart between
 * formats.
 */
public final class ImportRules {

    /** Largest accepted input: 64 MiB. Larger files are refused with an {@code ImportException}. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** Largest accepted topology: 100,000 directed links (after undirected edges are doubled). */
    public static final int MAX_LINKS = 100_000;

    /**
     * Capacity given to GML, GraphML and node-link JSON links that carry no capacity attribute:
     * 10 Gbit/s. Most Topology Zoo graphs have no capacities at all; a uniform, clearly documented
     * default keeps utilisation figures comparable instead of silently excluding those links.
     */
    public static final double DEFAULT_CAPACITY_BPS = 10e9;

    /**
     * Capacity 0: every imported link is up, and a link that is up needs a capacity, so a link whose file gives
     * capacity 0 (an explicit 0, or an SNDlib link without any module capacity) is refused with an
     * {@code ImportException} naming the link and the line. (A capacity that the file leaves out gets
     * {@link #DEFAULT_CAPACITY_BPS} where the format has a default.)
     */
    public static final String ZERO_CAPACITY_RULE = "a link that is up with capacity 0 is refused";

    /** IGP weight given to links whose source has no weight attribute. */
    public static final double DEFAULT_IGP_WEIGHT = 1.0;

    /**
     * Suffix of the id of the second directed link made from an undirected edge: an undirected
     * edge {@code X} between {@code a} and {@code b} (in this order in the file) becomes link
     * {@code X} ({@code a -> b}) and link {@code X~rev} ({@code b -> a}).
     */
    public static final String REVERSE_SUFFIX = "~rev";

    /**
     * Latency of links whose file gives none: when both endpoints have geographic coordinates
     * (longitude in [-180, 180], latitude in [-90, 90]; SNDlib only when the nodes are not declared
     * {@code coordinatesType="pixel"}), {@code latencyMs = }{@link io.twinloop.model.Geo#propagationLatencyMs
     * great-circle distance (haversine, R = 6371.0088 km) / (2/3 x 299,792.458 km/s)}, in ms; otherwise
     * it stays unknown ({@code NaN}). A lower bound: real fibre paths are longer than the great circle.
     */
    public static final String LATENCY_RULE = "haversine distance / (2/3 c) when both endpoints are geographic";

    /**
     * Power of links whose file gives none (all supported formats): {@code powerW = }
     * {@link io.twinloop.model.PowerModel#directedLinkPowerW(double) P0 + k x C_Gbps} per directed link,
     * i.e. half of the two-port physical link's {@code 2 (P0 + k C)}.
     */
    public static final String POWER_RULE = "PowerModel.directedLinkPowerW(capacity) per directed link";

    private ImportRules() {
    }
}
