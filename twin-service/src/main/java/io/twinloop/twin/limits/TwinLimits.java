package io.twinloop.twin.limits;

import io.twinloop.model.Network;
import io.twinloop.model.io.ImportRules;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.twin.config.TwinConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Size limits of what the twin accepts: topologies (nodes, directed links, static demands), traffic
 * matrices (OD pairs), plans (actions) and traffic estimates (intervals x OD pairs). Exceeding one is {@code INVALID_ARGUMENT} naming the count,
 * the limit and the property that sets it; nothing is stored. The importers parse at most 64 MiB and
 * {@link ImportRules#MAX_LINKS} links before any of this is checked, so a huge file is refused while
 * it is parsed, not after.
 */
@ApplicationScoped
public class TwinLimits {
    static final String MAX_NODES = "twinloop.twin.max-nodes";
    static final String MAX_LINKS = "twinloop.twin.max-links";
    static final String MAX_DEMANDS = "twinloop.twin.max-demands";
    static final String MAX_PLAN_ACTIONS = "twinloop.twin.max-plan-actions";
    static final String MAX_VERIFY_PAIRS = "twinloop.twin.max-verify-pairs";
    static final String MAX_ESTIMATE_VALUES = "twinloop.twin.max-estimate-values";
    /** Default of {@link #MAX_ESTIMATE_VALUES}. */
    public static final long DEFAULT_MAX_ESTIMATE_VALUES = 20_000_000L;

    private final int maxNodes;
    private final int maxLinks;
    private final int maxDemands;
    private final int maxPlanActions;
    private final int maxVerifyPairs;
    private final long maxEstimateValues;

    @Inject
    public TwinLimits(TwinConfig config) {
        this(config.twin().maxNodes(), config.twin().maxLinks(), config.twin().maxDemands(),
                config.twin().maxPlanActions(), config.twin().maxVerifyPairs(), config.twin().maxEstimateValues());
    }

    public TwinLimits(int maxNodes, int maxLinks, int maxDemands, int maxPlanActions, int maxVerifyPairs) {
        this(maxNodes, maxLinks, maxDemands, maxPlanActions, maxVerifyPairs, DEFAULT_MAX_ESTIMATE_VALUES);
    }

    public TwinLimits(int maxNodes, int maxLinks, int maxDemands, int maxPlanActions, int maxVerifyPairs,
                      long maxEstimateValues) {
        positive(MAX_NODES, maxNodes);
        positive(MAX_LINKS, maxLinks);
        positive(MAX_DEMANDS, maxDemands);
        positive(MAX_PLAN_ACTIONS, maxPlanActions);
        positive(MAX_VERIFY_PAIRS, maxVerifyPairs);
        if (maxEstimateValues < 1) {
            throw new IllegalArgumentException(MAX_ESTIMATE_VALUES + " must be >= 1, got " + maxEstimateValues);
        }
        if (maxLinks > ImportRules.MAX_LINKS) {
            throw new IllegalArgumentException(MAX_LINKS + " must be <= " + ImportRules.MAX_LINKS
                    + " (what the importers parse at most), got " + maxLinks);
        }
        this.maxNodes = maxNodes;
        this.maxLinks = maxLinks;
        this.maxDemands = maxDemands;
        this.maxPlanActions = maxPlanActions;
        this.maxVerifyPairs = maxVerifyPairs;
        this.maxEstimateValues = maxEstimateValues;
    }

    /** Refuses a parsed topology larger than the limits. */
    public void checkTopology(Network network) {
        check("content", "nodes", network.nodes().size(), maxNodes, MAX_NODES, "the topology");
        check("content", "directed links", network.links().size(), maxLinks, MAX_LINKS, "the topology");
        check("content", "demands (OD pairs)", network.demands().size(), maxDemands, MAX_DEMANDS, "the topology");
    }

    /** Refuses a traffic matrix series with more OD pairs than the limit. */
    public void checkOdPairs(int pairs) {
        check("csv_content", "OD pairs", pairs, maxDemands, MAX_DEMANDS, "the traffic matrix");
    }

    /** Refuses a plan with more actions than the limit (before any of it is read). */
    public void checkPlan(io.twinloop.proto.common.v1.Plan plan) {
        check("plan", "actions", plan.getActionsCount(), maxPlanActions, MAX_PLAN_ACTIONS, "the plan");
    }

    /**
     * Refuses plan {@code field} (e.g. {@code plans[2]}) with more actions than the limit (before any of it is
     * read).
     */
    public void checkPlan(io.twinloop.proto.common.v1.Plan plan, String field) {
        check(field, "actions", plan.getActionsCount(), maxPlanActions, MAX_PLAN_ACTIONS, "the plan " + field);
    }

    /** Refuses a VerifyPlans request of more (plan, matrix) pairs than the limit. */
    public void checkVerifyPairs(int plans, int matrices) {
        check("plans", "plans x traffic matrices", (long) plans * matrices, maxVerifyPairs, MAX_VERIFY_PAIRS,
                "the request (" + plans + " plans, " + matrices + " matrices)");
    }

    /**
     * Refuses an EstimateTraffic call of more intervals x OD pairs than the limit (every estimated value is
     * held until the call ends); {@code field} names where the intervals come from.
     */
    public void checkEstimate(String field, int intervals, int pairs) {
        long values = (long) intervals * pairs;
        if (values > maxEstimateValues) {
            throw new RequestException(field, intervals + " intervals x " + pairs + " OD pairs is more than "
                    + maxEstimateValues + " values (" + MAX_ESTIMATE_VALUES + "); estimate fewer intervals per call");
        }
    }

    /** Values (intervals x OD pairs) one estimate may hold. */
    public long maxEstimateValues() {
        return maxEstimateValues;
    }

    public int maxPlanActions() {
        return maxPlanActions;
    }

    private static void check(String field, String what, long count, int limit, String property, String subject) {
        if (count > limit) {
            throw new RequestException(field, subject + " has " + count + " " + what + "; the limit is " + limit
                    + " (" + property + ")");
        }
    }

    private static void positive(String property, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be >= 1, got " + value);
        }
    }
}
