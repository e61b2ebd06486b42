package io.twinloop.planner.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.planner.client.TwinCallException;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.planner.optimizer.IgpPlanner;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.optimizer.TrafficEnvelope;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.TokenUsage;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.ParseIntentRequest;
import io.twinloop.proto.planner.v1.ParseIntentResponse;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The planner's gRPC API. {@code Propose} validates the whole request before it calls the twin,
 * then plans on a worker thread (routing and the weight search are blocking CPU work).
 * {@code Diagnose} and {@code ParseIntent} are not implemented yet.
 */
@GrpcService
public class PlannerGrpcService extends PlannerServiceGrpc.PlannerServiceImplBase {
    /** Largest {@code max_candidates} accepted. */
    static final int MAX_CANDIDATES = 10;
    /** Largest {@code guardrails.max_changes} accepted. */
    static final int MAX_CHANGES = 1000;
    /** Largest {@code guardrails.max_link_utilization} accepted (1000 %). */
    static final double MAX_UTILIZATION_GUARDRAIL = 10;
    /** {@code llm_status} when an LLM was asked for but none is configured. */
    static final String NO_LLM = "no LLM configured: optimizer only";
    /** {@code llm_status} when the caller did not ask for the LLM. */
    static final String LLM_NOT_REQUESTED = "not requested";

    @Inject
    TwinClient twin;

    @Inject
    PlannerConfig config;

    private final IgpPlanner planner = new IgpPlanner();

    @Override
    @Blocking
    public void propose(ProposeRequest req, StreamObserver<ProposeResponse> out) {
        respond(out, () -> {
            Validated v = validate(req);
            GetNetworkResponse snapshot = twin.getNetwork(v.network(), req.getVersion());
            Network network = network(snapshot);
            BitSet down = PlannerProtoMapper.downLinks(snapshot);

            checkNodes(network, v.traffic(), "traffic");
            for (int s = 0; s < v.samples().size(); s++) {
                checkNodes(network, v.samples().get(s), "traffic_samples[" + s + "]");
            }
            Guardrails g = req.getGuardrails();
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
            Set<String> protectedLinks = IgpPlanner.protectedLinks(network,
                    g.getProtectedLinkIdsList(), g.getProtectedNodeNamesList());

            List<Demand> planned = v.samples().isEmpty() ? v.traffic() : TrafficEnvelope.of(all(v));
            List<PlanCandidate> candidates = planner.propose(network, down, planned, new IgpPlanner.Settings(
                    v.maxChanges(), config.maxIterations(), protectedLinks, g.getMaxLinkUtilization()));

            ProposeResponse.Builder b = ProposeResponse.newBuilder()
                    .setLlmStatus(req.getUseLlm() ? NO_LLM : LLM_NOT_REQUESTED)
                    .setUsage(TokenUsage.getDefaultInstance());
            int proposed = 0;
            for (PlanCandidate c : candidates) {
                // max_candidates bounds the proposals; the baseline is always returned for comparison.
                boolean baseline = c.plan().isEmpty();
                if (baseline || proposed < v.maxCandidates()) {
                    b.addCandidates(PlannerProtoMapper.candidate(c));
                    proposed += baseline ? 0 : 1;
                }
            }
            return b.build();
        });
    }

    @Override
    public void diagnose(DiagnoseRequest req, StreamObserver<DiagnoseResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription("Diagnose is not implemented yet").asRuntimeException());
    }

    @Override
    public void parseIntent(ParseIntentRequest req, StreamObserver<ParseIntentResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription("ParseIntent is not implemented yet").asRuntimeException());
    }

    /** The parts of a Propose request that do not need the network, checked. */
    record Validated(String network, List<Demand> traffic, List<List<Demand>> samples, int maxChanges,
                     int maxCandidates) {
    }

    Validated validate(ProposeRequest req) {
        if (req.getNetwork().isBlank()) {
            throw new RequestException("network", "network name is required");
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        switch (req.getObjective()) {
            case OBJECTIVE_UNSPECIFIED, OBJECTIVE_MIN_MLU -> { }
            case UNRECOGNIZED -> throw new RequestException("objective", "UNSUPPORTED_OBJECTIVE",
                    "objective " + req.getObjectiveValue() + " is unknown; MIN_MLU is supported");
            default -> throw new RequestException("objective", "UNSUPPORTED_OBJECTIVE",
                    "objective " + req.getObjective().name() + " is not supported yet; MIN_MLU is");
        }
        if (req.getMaxCandidates() < 0 || req.getMaxCandidates() > MAX_CANDIDATES) {
            throw new RequestException("max_candidates", "max_candidates must be 0.." + MAX_CANDIDATES
                    + " (0 = " + config.defaultMaxCandidates() + "), got " + req.getMaxCandidates());
        }
        Guardrails g = req.getGuardrails();
        double mlu = g.getMaxLinkUtilization();
        if (!Double.isFinite(mlu) || mlu < 0 || mlu > MAX_UTILIZATION_GUARDRAIL) {
            throw new RequestException("guardrails.max_link_utilization", "max_link_utilization is a fraction in [0, "
                    + (int) MAX_UTILIZATION_GUARDRAIL + "] (0 = default), got " + mlu);
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > MAX_CHANGES) {
            throw new RequestException("guardrails.max_changes", "max_changes must be 0.." + MAX_CHANGES
                    + " (0 = " + config.defaultMaxChanges() + "), got " + g.getMaxChanges());
        }
        for (int i = 0; i < req.getConstraintsCount(); i++) {
            checkConstraint(req.getConstraints(i), "constraints[" + i + "]");
        }
        if (!req.hasTraffic() && req.getTrafficSamplesCount() == 0) {
            throw new RequestException("traffic", "traffic is required: give traffic and/or traffic_samples");
        }
        List<Demand> traffic = req.hasTraffic() ? PlannerProtoMapper.demands(req.getTraffic(), "traffic") : List.of();
        List<List<Demand>> samples = new ArrayList<>(req.getTrafficSamplesCount());
        for (int s = 0; s < req.getTrafficSamplesCount(); s++) {
            samples.add(PlannerProtoMapper.demands(req.getTrafficSamples(s), "traffic_samples[" + s + "]"));
        }
        return new Validated(req.getNetwork(), traffic, samples,
                g.getMaxChanges() == 0 ? config.defaultMaxChanges() : g.getMaxChanges(),
                req.getMaxCandidates() == 0 ? config.defaultMaxCandidates() : req.getMaxCandidates());
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

    private static Network network(GetNetworkResponse snapshot) {
        try {
            return PlannerProtoMapper.network(snapshot);
        } catch (InvalidNetworkException e) {
            throw new TwinCallException(Status.Code.INTERNAL, "twin-service sent an inconsistent snapshot of network '"
                    + snapshot.getNetwork() + "': " + e.getMessage(), null);
        }
    }

    private static void checkNodes(Network network, List<Demand> demands, String field) {
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

    private static List<List<Demand>> all(Validated v) {
        List<List<Demand>> all = new ArrayList<>(v.samples().size() + 1);
        all.add(v.traffic());
        all.addAll(v.samples());
        return all;
    }

    private static <T> void respond(StreamObserver<T> out, Supplier<T> work) {
        T result;
        try {
            result = Objects.requireNonNull(work.get());
        } catch (Throwable t) {
            out.onError(GrpcErrors.toStatus(t));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
