package io.twinloop.planner.optimizer;

import io.twinloop.model.Demand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic a robust plan is computed on: for every origin-destination pair, the largest rate it
 * has in any of the given matrices (the element-wise maximum). Under IGP/ECMP routing the split
 * ratios of each pair are fixed by the weights, so a link's load is a sum of non-negative per-pair
 * contributions that grow with each pair's rate: a plan's link loads under the envelope bound its
 * loads under every single matrix, and its MLU on the envelope bounds its MLU on each sample.
 */
public final class TrafficEnvelope {

    private TrafficEnvelope() {
    }

    /**
     * The element-wise maximum over {@code matrices}. Within one matrix, repeated pairs add up
     * (as the router treats them); pairs are returned in order of first appearance.
     *
     * @param matrices the matrices, each a list of demands; may be empty (then the result is empty)
     */
    public static List<Demand> of(List<List<Demand>> matrices) {
        Map<String, Demand> max = new LinkedHashMap<>();
        for (List<Demand> matrix : matrices) {
            Map<String, Demand> summed = new LinkedHashMap<>();
            for (Demand d : matrix) {
                summed.merge(key(d), d, (a, b) -> new Demand(a.src(), a.dst(), a.rateBps() + b.rateBps()));
            }
            for (Map.Entry<String, Demand> e : summed.entrySet()) {
                max.merge(e.getKey(), e.getValue(), (a, b) -> a.rateBps() >= b.rateBps() ? a : b);
            }
        }
        return List.copyOf(new ArrayList<>(max.values()));
    }

    private static String key(Demand d) {
        // '\n' cannot occur in a node name of an imported file, so the key is unambiguous.
        return d.src() + '\n' + d.dst();
    }
}
