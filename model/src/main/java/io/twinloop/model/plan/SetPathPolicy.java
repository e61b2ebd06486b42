package io.twinloop.model.plan;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.WeightedPath;

import java.util.List;

/**
 * Installs, replaces or removes the explicit path policy (SR-TE style) of one (src, dst) pair.
 * With paths, the pair's traffic is split over them by fraction; with no paths the policy is
 * removed and the pair falls back to IGP ECMP. The paths are validated against the network when
 * the plan is applied ({@link Plan#applyTo(io.twinloop.model.Network)}), with every violation
 * reported at once.
 *
 * @param src   source node name, non-blank
 * @param dst   destination node name, non-blank, different from {@code src}
 * @param paths the weighted paths, or empty to remove the policy
 */
public record SetPathPolicy(String src, String dst, List<WeightedPath> paths) implements PlanAction {

    /** Validates the endpoints and copies the paths. */
    public SetPathPolicy {
        if (src == null || src.isBlank() || dst == null || dst.isBlank()) {
            throw new InvalidNetworkException("setPathPolicy." + (src == null || src.isBlank() ? "src" : "dst"),
                    "must not be null or blank");
        }
        if (src.equals(dst)) {
            throw new InvalidNetworkException("setPathPolicy[" + src + "->" + dst + "]", "source and destination must differ");
        }
        if (paths == null) {
            throw new InvalidNetworkException("setPathPolicy[" + src + "->" + dst + "].paths", "must not be null");
        }
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i) == null) {
                throw new InvalidNetworkException("setPathPolicy[" + src + "->" + dst + "].paths[" + i + "]",
                        "must not be null");
            }
        }
        paths = List.copyOf(paths);
    }

    /** A path policy is not a single-link change: always {@code ""}. */
    @Override
    public String linkId() {
        return "";
    }

    /** Whether this action removes the policy (no paths). */
    public boolean removes() {
        return paths.isEmpty();
    }
}
