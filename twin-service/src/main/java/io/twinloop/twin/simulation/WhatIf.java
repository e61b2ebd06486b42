package io.twinloop.twin.simulation;

import io.twinloop.model.Demand;
import io.twinloop.model.plan.Plan;

import java.util.List;
import java.util.Set;

/**
 * One what-if question: route {@code demands} over a snapshot after applying {@code plan} and
 * failing the given links, nodes and shared-risk link groups.
 */
public record WhatIf(List<Demand> demands, Plan plan, Set<String> failedLinkIds, Set<String> failedNodeNames,
                     Set<String> failedSrlgs) {
    public WhatIf {
        demands = List.copyOf(demands);
        plan = plan == null ? Plan.empty() : plan;
        failedLinkIds = Set.copyOf(failedLinkIds);
        failedNodeNames = Set.copyOf(failedNodeNames);
        failedSrlgs = Set.copyOf(failedSrlgs);
    }

    public WhatIf(List<Demand> demands, Plan plan, Set<String> failedLinkIds, Set<String> failedNodeNames) {
        this(demands, plan, failedLinkIds, failedNodeNames, Set.of());
    }

    public static WhatIf of(List<Demand> demands) {
        return new WhatIf(demands, Plan.empty(), Set.of(), Set.of(), Set.of());
    }
}
