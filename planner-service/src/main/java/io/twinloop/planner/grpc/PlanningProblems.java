package io.twinloop.planner.grpc;

import io.grpc.Status;
import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.NetworkName;
import io.twinloop.planner.client.TwinCallException;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.planner.optimizer.IgpPlanner;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.Objective;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The planning problem of a {@code Propose} request (also the {@code problem} of a Pareto sweep), read
 * and checked: the parts that need no network first ({@link #validate}), then the snapshot it plans on
 * and the checks against that network (demand endpoints, protected elements). Every refusal is a
 * {@link RequestException} naming the field.
 */
@Singleton
class PlanningProblems {
    /** Largest {@code max_candidates} accepted. */
    static final int MAX_CANDIDATES = 10;
    /** Largest {@code guardrails.max_changes} accepted. */
    static final int MAX_CHANGES = 1000;
    /** Largest {@code guardrails.max_link_utilization} accepted (1000 %). */
    static final double MAX_UTILIZATION_GUARDRAIL = 10;

    @Inject
    TwinClient twin;

    @Inject
    PlannerConfig config;

    /** The parts of a Propose request that do not need the network, checked. */
    record Validated(String network, List<Demand> traffic, List<List<Demand>> samples, int maxChanges,
                     int maxCandidates) {

        /** The matrices planned for: the traffic alone, or the traffic then every sample. */
        List<List<Demand>> all() {
            if (samples.isEmpty()) {
                return List.of(traffic);
            }
            List<List<Demand>> all = new ArrayList<>(samples.size() + 1);
            all.add(traffic);
            all.addAll(samples);
            return all;
        }
    }

    Validated validate(ProposeRequest req) {
        String nameProblem = NetworkName.storedProblem(req.getNetwork()); // the planner only reads the network
        if (nameProblem != null) {
            throw new RequestException("network", nameProblem);
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        if (req.getObjective() == io.twinloop.proto.common.v1.Objective.UNRECOGNIZED) {
            throw new RequestException("objective", "UNSUPPORTED_OBJECTIVE", "objective " + req.getObjectiveValue()
                    + " is unknown; use MIN_MLU, MIN_LATENCY, MIN_POWER, MIN_CHURN or WEIGHTED");
        }
        var w = req.getObjectiveWeights();
        for (double x : new double[] {w.getUtilization(), w.getLatency(), w.getPower(), w.getChurn()}) {
            if (!Double.isFinite(x) || x < 0) {
                throw new RequestException("objective_weights", "objective weights must be finite and >= 0, got " + w);
            }
        }
        if (req.getMaxCandidates() < 0 || req.getMaxCandidates() > MAX_CANDIDATES) {
            throw new RequestException("max_candidates", "max_candidates must be 0.." + MAX_CANDIDATES
                    + " (0 = " + config.planner().defaultMaxCandidates() + "), got " + req.getMaxCandidates());
        }
        Guardrails g = req.getGuardrails();
        double mlu = g.getMaxLinkUtilization();
        if (!Double.isFinite(mlu) || mlu < 0 || mlu > MAX_UTILIZATION_GUARDRAIL) {
            throw new RequestException("guardrails.max_link_utilization", "max_link_utilization is a fraction in [0, "
                    + (int) MAX_UTILIZATION_GUARDRAIL + "] (0 = default), got " + mlu);
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > MAX_CHANGES) {
            throw new RequestException("guardrails.max_changes", "max_changes must be 0.." + MAX_CHANGES
                    + " (0 = " + config.planner().defaultMaxChanges() + "), got " + g.getMaxChanges());
        }
        for (int i = 0; i < req.getConstraintsCount(); i++) {
            checkConstraint(req.getConstraints(i), "constraints[" + i + "]");
        }
        if (!req.hasTraffic() && req.getTrafficSamplesCount() == 0) {
            throw new RequestException("traffic", "traffic is required: give traffic and/or traffic_samples");
        }
        List<Demand> traffic = req.hasTraffic() ? Translator.demands(req.getTraffic(), "traffic") : List.of();
        List<List<Demand>> samples = new ArrayList<>(req.getTrafficSamplesCount());
        for (int s = 0; s < req.getTrafficSamplesCount(); s++) {
            samples.add(Translator.demands(req.getTrafficSamples(s), "traffic_samples[" + s + "]"));
        }
        return new Validated(req.getNetwork(), traffic, samples,
                g.getMaxChanges() == 0 ? config.planner().defaultMaxChanges() : g.getMaxChanges(),
                req.getMaxCandidates() == 0 ? config.planner().defaultMaxCandidates() : req.getMaxCandidates());
    }

    private static void checkConstraint(Constraint c, String field) {
        if (c.getMetric() == ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED
                || c.getMetric() == ConstraintMetric.UNRECOGNIZED) {
            throw new RequestException(field + ".metric", field + " needs a metric");
        }
        if (c.getOp() == ConstraintOp.CONSTRAINT_OP_UNSPECIFIED || c.getOp() == ConstraintOp.UNRECOGNIZED) {
            throw new RequestException(field + ".op", field + " needs an op (LE or GE)");
        }
        if (!Double.isFinite(c.getValue())) {
            throw new RequestException(field + ".value", field + " value must be a finite number, got " + c.getValue());
        }
    }

    /**
     * The snapshot a request plans on: its own {@code topology} when it carries one (at its {@code version},
     * which must then be set), else the twin's.
     *
     * @param prefix the request's field prefix in error messages ("" or "problem.")
     */
    GetNetworkResponse snapshot(ProposeRequest req, String network, String prefix) {
        if (!req.hasTopology()) {
            return twin.getNetwork(network, req.getVersion());
        }
        if (req.getVersion() <= 0) {
            throw new RequestException(prefix + "version", "a request that carries its topology must name its version "
                    + "(> 0), got " + req.getVersion());
        }
        if (req.getTopology().getNodesCount() == 0) {
            throw new RequestException(prefix + "topology", "the topology has no nodes");
        }
        return GetNetworkResponse.newBuilder().setNetwork(network).setVersion(req.getVersion())
                .setTopology(req.getTopology()).build();
    }

    /** The model network of a snapshot; an inconsistent one is the twin's fault (INTERNAL). */
    static Network network(GetNetworkResponse snapshot) {
        try {
            return PlannerProtoMapper.network(snapshot);
        } catch (InvalidNetworkException e) {
            throw new TwinCallException(Status.Code.INTERNAL, "twin-service sent an inconsistent snapshot of network '"
                    + snapshot.getNetwork() + "': " + e.getMessage(), null);
        }
    }

    /** Refuses, naming the demand's field, a demand whose source or destination is not in the network. */
    static void checkNodes(Network network, List<Demand> demands, String field) {
        for (int i = 0; i < demands.size(); i++) {
            Demand d = demands.get(i);
            if (network.nodeIndex(d.src()) < 0) {
                throw unknownNode(network, field + ".demands[" + i + "].src", d.src(), i, field);
            }
            if (network.nodeIndex(d.dst()) < 0) {
                throw unknownNode(network, field + ".demands[" + i + "].dst", d.dst(), i, field);
            }
        }
    }

    private static RequestException unknownNode(Network network, String f, String node, int i, String field) {
        return new RequestException(f, "UNKNOWN_NODE", "node '" + node + "' of demand " + i + " of " + field
                + " is not in network '" + network.name() + "'");
    }

    /** The protected links of the guardrails (nodes expanded to their links), every name checked. */
    static Set<String> protectedLinks(Network network, Guardrails g) {
        for (int i = 0; i < g.getProtectedLinkIdsCount(); i++) {
            if (network.linkIndex(g.getProtectedLinkIds(i)) < 0) {
                throw new RequestException("guardrails.protected_link_ids[" + i + "]", "UNKNOWN_LINK",
                        "protected link '" + g.getProtectedLinkIds(i) + "' is not in network '"
                                + network.name() + "'");
            }
        }
        for (int i = 0; i < g.getProtectedNodeNamesCount(); i++) {
            if (network.nodeIndex(g.getProtectedNodeNames(i)) < 0) {
                throw new RequestException("guardrails.protected_node_names[" + i + "]", "UNKNOWN_NODE",
                        "protected node '" + g.getProtectedNodeNames(i) + "' is not in network '"
                                + network.name() + "'");
            }
        }
        return IgpPlanner.protectedLinks(network, g.getProtectedLinkIdsList(), g.getProtectedNodeNamesList());
    }

    /**
     * The model's guardrails of a request, which the optimizer's plans and the LLM's plans
     * ({@link io.twinloop.planner.llm.PlanGuard}) are both checked against.
     */
    static io.twinloop.model.rules.Guardrails rules(Guardrails g, int maxChanges) {
        return new io.twinloop.model.rules.Guardrails(g.getMaxLinkUtilization(), maxChanges,
                new LinkedHashSet<>(g.getProtectedLinkIdsList()),
                new LinkedHashSet<>(g.getProtectedNodeNamesList()), g.getAllowUnrouted());
    }

    /** The objective the TE optimizer minimises. */
    static Objective objective(ProposeRequest req) {
        return switch (req.getObjective()) {
            case OBJECTIVE_MIN_LATENCY -> Objective.LATENCY;
            case OBJECTIVE_MIN_POWER -> Objective.POWER;
            case OBJECTIVE_MIN_CHURN -> Objective.CHURN;
            default -> Objective.MLU;
        };
    }

    /** The upper-bound constraints as epsilon bounds; other metrics are checked by the gateway on the twin. */
    static List<MultiObjectivePlanner.Bound> bounds(ProposeRequest req) {
        List<MultiObjectivePlanner.Bound> out = new ArrayList<>();
        for (int i = 0; i < req.getConstraintsCount(); i++) {
            Constraint c = req.getConstraints(i);
            if (c.getOp() != ConstraintOp.CONSTRAINT_OP_LE) {
                continue;
            }
            Objective o = switch (c.getMetric()) {
                case CONSTRAINT_METRIC_MAX_LINK_UTILIZATION -> Objective.MLU;
                case CONSTRAINT_METRIC_MEAN_LATENCY_MS -> Objective.LATENCY;
                case CONSTRAINT_METRIC_TOTAL_POWER_W -> Objective.POWER;
                case CONSTRAINT_METRIC_CHURN -> Objective.CHURN;
                default -> null;
            };
            if (o != null) {
                try {
                    out.add(new MultiObjectivePlanner.Bound(o, c.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new RequestException("constraints[" + i + "].value", e.getMessage());
                }
            }
        }
        return out;
    }
}
