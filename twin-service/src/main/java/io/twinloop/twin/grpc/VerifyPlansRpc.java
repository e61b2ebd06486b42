package io.twinloop.twin.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.plan.Churn;
import io.twinloop.model.plan.Plan;
import io.twinloop.platform.grpc.GrpcErrors;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.PlanVerification;
import io.twinloop.proto.twin.v1.VerifiedTraffic;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.simulation.SimulationResult;
import io.twinloop.twin.simulation.Simulator;
import io.twinloop.twin.simulation.WhatIf;
import io.twinloop.twin.store.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongFunction;

/**
 * The VerifyPlans RPC: every plan under every traffic matrix on one snapshot, as Simulate would
 * answer each pair ({@link Simulator#simulateEach}: a plan is applied and its router built once,
 * then each matrix routed once). The whole request is checked before anything is routed: sizes,
 * then every matrix (selected as Simulate selects its traffic, and its nodes checked against the
 * snapshot). A plan that does not fit the snapshot is rejected on its own; the others are verified.
 */
final class VerifyPlansRpc {

    /** Words a rejected plan's reason as Simulate's error for it would be. */
    private static final GrpcErrors ERRORS = new GrpcErrors("twin-service");

    private VerifyPlansRpc() {
    }

    /** Refuses, naming the field, a request with no plan or matrix, too many pairs or too large a plan. */
    static void checkSizes(VerifyPlansRequest req, TwinLimits limits) {
        if (req.getPlansCount() == 0) {
            throw new RequestException("plans", "no plans to verify; give at least one (an empty plan is the baseline)");
        }
        if (req.getTrafficCount() == 0) {
            throw new RequestException("traffic", "no traffic matrices to verify under; give at least one");
        }
        limits.checkVerifyPairs(req.getPlansCount(), req.getTrafficCount());
        for (int i = 0; i < req.getPlansCount(); i++) {
            limits.checkPlan(req.getPlans(i), "plans[" + i + "]");
        }
        if (req.getChurnBaseVersion() < 0) {
            throw new RequestException("churn_base_version", "churn_base_version must be >= 0 (0 = the verified version), got "
                    + req.getChurnBaseVersion());
        }
    }

    /**
     * @param s         the snapshot verified (after {@link #checkSizes})
     * @param select    Simulate's traffic selection on {@code s}
     * @param snapshots other versions of the network, for {@code churn_base_version}
     */
    static VerifyPlansResponse run(VerifyPlansRequest req, Snapshot s,
                                   BiFunction<Snapshot, TrafficSelector, TrafficSelection.SelectedTraffic> select,
                                   LongFunction<Network> snapshots) {
        List<List<Demand>> matrices = new ArrayList<>();
        VerifyPlansResponse.Builder b = VerifyPlansResponse.newBuilder().setNetwork(s.networkName()).setVersion(s.version());
        for (int j = 0; j < req.getTrafficCount(); j++) {
            String field = "traffic[" + j + "]";
            TrafficSelection.SelectedTraffic t;
            try {
                t = select.apply(s, req.getTraffic(j));
                Simulator.checkNodes(s.network(), t.demands());
            } catch (RequestException e) {
                throw new RequestException(e.field() == null ? field : e.field().replaceFirst("^traffic", field),
                        field + ": " + e.getMessage());
            } catch (InvalidNetworkException e) {
                throw new RequestException(field, field + ": " + e.getMessage());
            }
            matrices.add(t.demands());
            VerifiedTraffic.Builder v = VerifiedTraffic.newBuilder().setTrafficTime(t.time());
            if (t.row() >= 0) {
                v.setTrafficRow(t.row());
            }
            b.addTraffic(v);
        }
        Network churnBase = req.getChurnBaseVersion() == 0 || req.getChurnBaseVersion() == s.version()
                ? s.network() : snapshots.apply(req.getChurnBaseVersion());
        for (int i = 0; i < req.getPlansCount(); i++) {
            b.addPlans(verify(s.network(), churnBase, req.getPlans(i), matrices));
        }
        return b.build();
    }

    /** One plan under every matrix, or its rejection when it does not fit the network. */
    private static PlanVerification verify(Network network, Network churnBase, io.twinloop.proto.common.v1.Plan proto,
                                           List<List<Demand>> matrices) {
        List<SimulationResult> results;
        try {
            Plan plan = Translator.plan(proto);
            results = Simulator.simulateEach(network, new WhatIf(List.of(), plan, Set.of(), Set.of(), Set.of()), matrices);
        } catch (IllegalArgumentException e) {
            // what Simulate answers as an error for this plan: unknown elements, an inconsistent network, an
            // action this twin cannot simulate
            return PlanVerification.newBuilder().setRejection(ERRORS.toStatus(e).getStatus().getDescription()).build();
        }
        int churn = Churn.between(churnBase, results.get(0).network());
        PlanVerification.Builder v = PlanVerification.newBuilder();
        for (SimulationResult r : results) {
            v.addKpis(Translator.kpis(r.kpis(), churn));
        }
        return v.build();
    }
}
