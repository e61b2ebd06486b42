package io.twinloop.twin.grpc;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.twinloop.model.Network;
import io.twinloop.model.plan.Churn;
import io.twinloop.model.plan.Plan;
import io.twinloop.platform.grpc.CallContext;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;
import io.twinloop.twin.grpc.TrafficSelection.SelectedTraffic;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.simulation.SimulationResult;
import io.twinloop.twin.simulation.Simulator;
import io.twinloop.twin.simulation.WhatIf;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * The what-if RPCs of the twin, none of which writes: Simulate (one plan, failures and traffic on a
 * version), VerifyPlans (many plans under many matrices, {@link VerifyPlansRpc}) and SweepFailures
 * (the N-1 sweep, {@link SweepRpc}). Traffic is chosen by {@link TrafficSelection}.
 * {@link TwinGrpcService} delegates to these methods.
 */
@ApplicationScoped
public class WhatIfRpcs {
    /** Counts the failure sweeps stopped early because their caller gave up (deadline passed, call cancelled). */
    public static final String SWEEPS_GIVEN_UP = "twinloop_sweeps_given_up";

    @Inject
    TwinStore store;
    @Inject
    TwinLimits limits;
    @Inject
    TrafficSelection traffic;
    @Inject
    MeterRegistry registry;

    public SimulateResponse simulate(SimulateRequest req) {
        limits.checkPlan(req.getPlan());
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        SelectedTraffic selected = traffic.select(s, req.hasTraffic() ? req.getTraffic() : null);
        Plan plan = Translator.plan(req.getPlan());
        WhatIf whatIf = new WhatIf(selected.demands(), plan,
                new HashSet<>(req.getFailures().getLinkIdsList()),
                new HashSet<>(req.getFailures().getNodeNamesList()),
                new HashSet<>(req.getFailures().getSrlgsList()));
        if (req.getChurnBaseVersion() < 0) {
            throw new RequestException("churn_base_version", "churn_base_version must be >= 0 (0 = the simulated version), got "
                    + req.getChurnBaseVersion());
        }
        Network churnBase = req.getChurnBaseVersion() == 0 || req.getChurnBaseVersion() == s.version()
                ? s.network() : store.snapshot(s.networkName(), req.getChurnBaseVersion()).network();
        CallContext.checkNotGivenUp("the simulation"); // reading the network and traffic may have taken the time
        SimulationResult r = Simulator.simulate(s.network(), whatIf);
        int churn = Churn.between(churnBase, plan.applyTo(s.network()));
        SimulateResponse.Builder b = SimulateResponse.newBuilder()
                .setNetwork(s.networkName()).setVersion(s.version())
                .setKpis(Translator.kpis(r.kpis(), churn))
                .addAllLinks(TwinProtoMapper.linkLoads(r))
                .setTrafficTime(selected.time());
        r.routing().unroutedDemands().forEach(d -> b.addUnroutedDemands(Translator.demand(d)));
        if (selected.row() >= 0) {
            b.setTrafficRow(selected.row());
        }
        if (req.getIncludeTraffic()) {
            b.setTraffic(selected.matrix());
        }
        return b.build();
    }

    public VerifyPlansResponse verifyPlans(VerifyPlansRequest req) {
        VerifyPlansRpc.checkSizes(req, limits);
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        return VerifyPlansRpc.run(req, s, traffic::select, v -> store.snapshot(s.networkName(), v).network());
    }

    /** Streams the sweep's progress and its result to {@code out}. */
    public void sweepFailures(SweepFailuresRequest req, StreamObserver<SweepFailuresResponse> out) {
        limits.checkPlan(req.getPlan());
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        SelectedTraffic selected = traffic.select(s, req.hasTraffic() ? req.getTraffic() : null);
        SweepRpc.run(s.network(), s.version(), selected.demands(), selected.time(), req, out,
                () -> registry.counter(SWEEPS_GIVEN_UP).increment());
    }
}
