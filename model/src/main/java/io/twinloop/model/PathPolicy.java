package io.twinloop.model;

import java.util.List;

/**
 * An explicit routing policy for the traffic from {@code src} to {@code dst} (SR-TE style, see
 * RFC 9256): the traffic of that pair is split over {@code paths} by their fractions instead of
 * following the IGP shortest paths. On each hop of a path the traffic is split equally over the
 * parallel links between the two nodes that carry traffic, as an adjacency-SID set or a node SID
 * to a neighbour would do.
 *
 * <p>The record only checks its shape; {@link Network} validates the policy against the
 * topology (see {@link Network#pathPolicies()}).
 *
 * @param src   source node name
 * @param dst   destination node name (different from {@code src})
 * @param paths the weighted paths (not empty)
 */
public record PathPolicy(String src, String dst, List<WeightedPath> paths) {

    /** Validates the shape and copies the path list. */
    public PathPolicy {
        Checks.name("pathPolicy.src", src);
        Checks.name("pathPolicy.dst", dst);
        if (src.equals(dst)) {
            throw new InvalidNetworkException("pathPolicies[" + src + "->" + dst + "]", "source and destination must differ");
        }
        if (paths == null || paths.isEmpty()) {
            throw new InvalidNetworkException("pathPolicies[" + src + "->" + dst + "].paths", "must not be empty");
        }
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i) == null) {
                throw new InvalidNetworkException("pathPolicies[" + src + "->" + dst + "].paths[" + i + "]", "must not be null");
            }
        }
        paths = List.copyOf(paths);
    }

    /** The (src, dst) pair the policy applies to. */
    public OdPair pair() {
        return new OdPair(src, dst);
    }
}
