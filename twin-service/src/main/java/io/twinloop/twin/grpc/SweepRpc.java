package io.twinloop.twin.grpc;

import io.twinloop.platform.proto.Translator;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.OdPair;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.FailureSweep;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.platform.grpc.CallContext;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.FailureScenario;
import io.twinloop.proto.twin.v1.FailureCase;
import io.twinloop.proto.twin.v1.FailureKind;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.SweepProgress;
import io.twinloop.proto.twin.v1.SweepResult;

import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The N-1 failure sweep RPC: every physical link, node and SRLG fails in turn (the model's
 * incremental {@link FailureSweep}), with progress streamed at most every 100 ms and one
 * result at the end. Scenarios are evaluated on both cores; once the caller gives up (its deadline
 * passed or it cancelled), no further scenario starts.
 */
final class SweepRpc {
    static final int MAX_TOP_K = 1000;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    private SweepRpc() {
    }

    /** @param givenUp told when the sweep stops because its caller gave up */
    static void run(Network base, long version, List<Demand> demands, String trafficTime, SweepFailuresRequest req,
                    StreamObserver<SweepFailuresResponse> out, Runnable givenUp) {
        if (req.getTopK() < 0 || req.getTopK() > MAX_TOP_K) {
            throw new RequestException("top_k", "top_k must be in [0, " + MAX_TOP_K + "] (0 = 10), got " + req.getTopK());
        }
        int topK = req.getTopK() == 0 ? 10 : req.getTopK();
        Set<FailureSweep.Kind> kinds = EnumSet.noneOf(FailureSweep.Kind.class);
        for (FailureKind k : req.getKindsList()) {
            kinds.add(switch (k) {
                case FAILURE_KIND_LINK -> FailureSweep.Kind.LINK;
                case FAILURE_KIND_NODE -> FailureSweep.Kind.NODE;
                case FAILURE_KIND_SRLG -> FailureSweep.Kind.SRLG;
                default -> throw new RequestException("kinds", "failure kind " + k + " is not supported; use LINK, NODE or SRLG");
            });
        }
        if (kinds.isEmpty()) {
            kinds = EnumSet.allOf(FailureSweep.Kind.class);
        }
        Plan plan = Translator.plan(req.getPlan());
        Network network = plan.applyTo(base);
        BitSet down = plan.downLinks(network);
        long start = System.nanoTime();
        FailureSweep sweep = new FailureSweep(network, demands, down);
        Set<FailureSweep.Kind> wanted = kinds;
        List<FailureSweep.Scenario> scenarios = sweep.scenarios().stream().filter(s -> wanted.contains(s.kind())).toList();
        AtomicLong lastProgress = new AtomicLong(start);
        ServerCallStreamObserver<SweepFailuresResponse> call = out instanceof ServerCallStreamObserver<SweepFailuresResponse> s ? s : null;
        // every scenario asks whether the caller still waits (deadline passed, call cancelled): a sweep can run long
        java.util.function.BooleanSupplier callerGone = CallContext.givenUp();
        FailureSweep.Result result;
        try {
            result = sweep.run(scenarios.size(), (done, total) -> {
                long now = System.nanoTime();
                long last = lastProgress.get();
                if (now - last >= PROGRESS_EVERY_NANOS && lastProgress.compareAndSet(last, now)) {
                    synchronized (out) {
                        if (call == null || !call.isCancelled()) {
                            out.onNext(SweepFailuresResponse.newBuilder().setProgress(SweepProgress.newBuilder()
                                    .setDone(done).setTotal(total).setElapsedSeconds((now - start) / 1e9)).build());
                        }
                    }
                }
            }, 2, wanted, callerGone);
        } catch (CancellationException e) {
            givenUp.run();
            throw CallContext.givenUp("the sweep (" + e.getMessage() + ")");
        }

        EcmpRouter router = new EcmpRouter(network, down);
        RoutingResult baseRouting = router.route(demands);
        Kpis baseKpis = Kpis.of(router, demands, baseRouting);
        SweepResult.Builder r = SweepResult.newBuilder().setVersion(version).setTrafficTime(trafficTime)
                .setBaselineKpis(Translator.kpis(baseKpis));
        List<FailureSweep.ScenarioResult> worst = result.worst().stream()
                .filter(s -> wanted.contains(s.scenario().kind())).toList();
        int overloading = (int) worst.stream().filter(s -> s.maxLinkUtilization() > 1.0).count();
        for (FailureSweep.ScenarioResult s : worst.subList(0, Math.min(topK, worst.size()))) {
            r.addWorstByMlu(failureCase(s));
        }
        List<FailureSweep.ScenarioResult> cut = result.disconnecting().stream()
                .filter(s -> wanted.contains(s.scenario().kind()))
                .sorted((a, b) -> Double.compare(b.unroutedBps(), a.unroutedBps())).toList();
        for (FailureSweep.ScenarioResult s : cut.subList(0, Math.min(topK, cut.size()))) {
            r.addWorstByUnrouted(failureCase(s));
        }
        r.setScenarios(scenarios.size()).setDisconnectingScenarios(cut.size()).setOverloadingScenarios(overloading)
                .setElapsedSeconds((System.nanoTime() - start) / 1e9);
        synchronized (out) {
            out.onNext(SweepFailuresResponse.newBuilder().setResult(r).build());
            out.onCompleted();
        }
    }

    private static FailureCase failureCase(FailureSweep.ScenarioResult s) {
        FailureSweep.Scenario sc = s.scenario();
        FailureScenario.Builder scenario = FailureScenario.newBuilder();
        FailureKind kind;
        switch (sc.kind()) {
            case LINK -> {
                kind = FailureKind.FAILURE_KIND_LINK;
                scenario.addAllLinkIds(sc.failedLinkIds());
            }
            case NODE -> {
                kind = FailureKind.FAILURE_KIND_NODE;
                scenario.addAllNodeNames(sc.failedNodes());
            }
            default -> {
                kind = FailureKind.FAILURE_KIND_SRLG;
                scenario.addSrlgs(sc.id());
            }
        }
        FailureCase.Builder c = FailureCase.newBuilder().setKind(kind).setScenario(scenario)
                .setLabel(sc.kind().name().toLowerCase() + " " + sc.id())
                .setKpis(io.twinloop.proto.common.v1.Kpis.newBuilder()
                        .setMaxLinkUtilization(s.maxLinkUtilization())
                        .setUnroutedBps(s.unroutedBps())
                        .setEstimatedLossBps(s.unroutedBps() + s.strandedBps()));
        if (!s.bottleneckLinkId().isEmpty()) {
            c.addBottleneckLinkIds(s.bottleneckLinkId());
        }
        for (OdPair p : s.disconnected()) {
            c.addDisconnectedPairs(io.twinloop.proto.common.v1.OdPair.newBuilder().setSrc(p.src()).setDst(p.dst()));
        }
        return c.build();
    }
}
