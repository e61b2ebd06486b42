package io.twinloop.model;

import java.util.List;

/**
 * One explicit path of a {@link PathPolicy} and the fraction of the policy's traffic it carries
 * (an SR-TE segment list with its weight, RFC 9256 "Segment Routing Policy Architecture",
 * section 2.11 weighted ECMP over segment lists).
 *
 * <p>Only the shape is checked here (at least two non-blank node names, fraction finite); whether
 * the nodes and hops exist, the path is loop-free and the fractions add up is checked by
 * {@link Network}, which reports every violation at once.
 *
 * @param nodes    the node names from source to destination, at least two
 * @param fraction the share of the policy's traffic on this path
 */
public record WeightedPath(List<String> nodes, double fraction) {

    /** Copies the node list; rejects null or fewer than two entries. */
    public WeightedPath {
        if (nodes == null) {
            throw new InvalidNetworkException("path.nodes", "must not be null");
        }
        for (int i = 0; i < nodes.size(); i++) {
            String v = nodes.get(i);
            if (v == null || v.isBlank()) { // message built only on failure: plans can hold millions of names
                Checks.name("path", "", ".nodes[" + i + "]", v);
            }
        }
        if (nodes.size() < 2) {
            throw new InvalidNetworkException("path.nodes", "needs at least two nodes, got " + nodes);
        }
        nodes = List.copyOf(nodes);
    }
}
