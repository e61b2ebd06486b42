package io.twinloop.planner.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.te.MinMluSolver;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.planner.v1.ParetoFrontRequest;
import io.twinloop.proto.planner.v1.ParetoFrontResponse;
import io.twinloop.proto.planner.v1.ParetoPoint;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * The ParetoFront RPC: the non-dominated TE plans of one planning problem for two objectives
 * ({@link MultiObjectivePlanner#pareto}: epsilon-constraints over a sweep of MLU bounds).
 * The problem is read and checked as a Propose request's ({@link PlanningProblems}).
 */
@Singleton
class ParetoFrontRpc {
    /** Most MLU bounds a Pareto sweep may ask for. */
    static final int MAX_PARETO_POINTS = 20;

    @Inject
    PlanningProblems problems;

    ParetoFrontResponse paretoFront(ParetoFrontRequest req) {
        Objective first = paretoObjective(req.getFirst(), "first");
        Objective second = paretoObjective(req.getSecond(), "second");
        if (first == second) {
            throw new RequestException("second", "SAME_OBJECTIVE", "the two objectives of a Pareto front must differ, "
                    + "both are " + req.getFirst());
        }
        if (req.getPoints() < 0 || req.getPoints() > MAX_PARETO_POINTS) {
            throw new RequestException("points", "points must be 0.." + MAX_PARETO_POINTS + " (0 = 6), got "
                    + req.getPoints());
        }
        double maxMlu = req.getMaxMlu();
        if (!Double.isFinite(maxMlu) || maxMlu < 0 || maxMlu > PlanningProblems.MAX_UTILIZATION_GUARDRAIL) {
            throw new RequestException("max_mlu", "max_mlu is a fraction in [0, "
                    + (int) PlanningProblems.MAX_UTILIZATION_GUARDRAIL + "] (0 = 1.0), got " + maxMlu);
        }
        ProposeRequest problem = req.getProblem();
        PlanningProblems.Validated v = problems.validate(problem);
        GetNetworkResponse snapshot = problems.snapshot(problem, v.network(), "problem.");
        Network network = PlanningProblems.network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);
        PlanningProblems.checkNodes(network, v.traffic(), "problem.traffic");
        Set<String> protectedLinks = PlanningProblems.protectedLinks(network, problem.getGuardrails());
        List<List<Demand>> samples = v.all();
        TePlanner te = new TePlanner(MinMluSolver.Options.minMlu().withFrozenLinks(protectedLinks));
        List<MultiObjectivePlanner.ParetoPoint> front = new MultiObjectivePlanner(te).pareto(network, down, samples,
                first, second, req.getPoints() == 0 ? 6 : req.getPoints(), maxMlu == 0 ? 1.0 : maxMlu, protectedLinks,
                v.maxChanges());
        ParetoFrontResponse.Builder b = ParetoFrontResponse.newBuilder();
        int i = 0;
        for (MultiObjectivePlanner.ParetoPoint p : front) {
            TePlanner.Result r = p.result();
            b.addPoints(ParetoPoint.newBuilder().setFirst(p.x()).setSecond(p.y())
                    .setCandidate(PlannerProtoMapper.candidate(new PlanCandidate("pareto-" + (++i), "optimizer",
                            r.plan(), r.kpis(), r.rationale(), p.x()))));
        }
        return b.build();
    }

    private static Objective paretoObjective(io.twinloop.proto.common.v1.Objective o, String field) {
        return switch (o) {
            case OBJECTIVE_MIN_MLU -> Objective.MLU;
            case OBJECTIVE_MIN_LATENCY -> Objective.LATENCY;
            case OBJECTIVE_MIN_POWER -> Objective.POWER;
            case OBJECTIVE_MIN_CHURN -> Objective.CHURN;
            default -> throw new RequestException(field, "UNSUPPORTED_OBJECTIVE", field + " objective " + o
                    + " cannot be an axis of a Pareto front; use MIN_MLU, MIN_LATENCY, MIN_POWER or MIN_CHURN");
        };
    }
}
