package io.twinloop.gateway;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ApplyPlanResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.NetworkSummary;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

/**
 * A scripted twin for the gateway's tests. Network "net" has links L1..L4 (less
 * {@link Script#removedLinks}); so has every network
 * named "net-*" (tests that keep schedules or policies use their own network). Simulated MLU is
 * 0.9, minus 0.1 for each weight change on L1, plus 0.5 for each change on L2, times the
 * traffic scale (demand total / 100 for an explicit matrix). Admin-down actions leave 1 bit/s unrouted.
 * Nodes A and B have coordinates, C has none. Link loads (capacity 1000 bit/s): L1 at the MLU,
 * L2 500, L3 250, L4 0 and DOWN. It holds {@link Script#trafficSamples} traffic samples.
 */
@GrpcService
public class FakeTwin extends TwinServiceGrpc.TwinServiceImplBase {
    /** The last Simulate request (null until one arrives; tests reset it). */
    static volatile SimulateRequest lastSimulate;

    @Override
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        if (check(out)) {
            return;
        }
        out.onNext(ListNetworksResponse.newBuilder().addNetworks(NetworkSummary.newBuilder().setNetwork("net")
                .setLatestVersion(Script.version.get()).setNodes(3).setLinks(4)
                .setTrafficSamples(Script.trafficSamples)).build());
        out.onCompleted();
    }

    @Override
    public void getNetwork(GetNetworkRequest req, StreamObserver<GetNetworkResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        Topology.Builder t = Topology.newBuilder();
        t.addNodes(Node.newBuilder().setName("A").setLongitude(-122.42).setLatitude(37.77));
        t.addNodes(Node.newBuilder().setName("B").setLongitude(-87.63).setLatitude(41.88));
        t.addNodes(Node.newBuilder().setName("C"));
        for (Link l : java.util.List.of(link("L1", "A", "B"), link("L2", "B", "C"), link("L3", "A", "C"),
                link("L4", "C", "A"))) {
            if (!Script.removedLinks.contains(l.getId())) {
                t.addLinks(l);
            }
        }
        long v = req.getVersion() == 0 ? Script.version.get() : req.getVersion();
        out.onNext(GetNetworkResponse.newBuilder().setNetwork("net").setVersion(v).setTopology(t)
                .setTrafficSamples(Script.trafficSamples).build());
        out.onCompleted();
    }

    @Override
    public void simulate(SimulateRequest req, StreamObserver<SimulateResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        lastSimulate = req;
        out.onNext(scripted(req));
        out.onCompleted();
    }

    /** VerifyPlans: every (plan, matrix) pair as {@link #simulate} scripts it; a plan setting a weight of 404 is rejected. */
    @Override
    public void verifyPlans(io.twinloop.proto.twin.v1.VerifyPlansRequest req,
                            StreamObserver<io.twinloop.proto.twin.v1.VerifyPlansResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        VERIFY_CALLS.incrementAndGet();
        var b = io.twinloop.proto.twin.v1.VerifyPlansResponse.newBuilder().setNetwork(req.getNetwork())
                .setVersion(req.getVersion());
        for (var t : req.getTrafficList()) {
            b.addTraffic(io.twinloop.proto.twin.v1.VerifiedTraffic.newBuilder().setTrafficTime(t.hasMatrix() ? "" : "t5"));
        }
        for (var plan : req.getPlansList()) {
            var v = io.twinloop.proto.twin.v1.PlanVerification.newBuilder();
            if (plan.getActionsList().stream().anyMatch(a -> a.getSetLinkWeight().getIgpWeight() == 404)) {
                b.addPlans(v.setRejection("weight 404 not found (scripted)"));
                continue;
            }
            for (var t : req.getTrafficList()) {
                v.addKpis(scripted(SimulateRequest.newBuilder().setNetwork(req.getNetwork()).setVersion(req.getVersion())
                        .setPlan(plan).setTraffic(t).build()).getKpis());
            }
            b.addPlans(v);
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    /** VerifyPlans calls received (tests reset it). */
    static final java.util.concurrent.atomic.AtomicInteger VERIFY_CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The scripted simulation; with include_traffic, the routed matrix: the given one, or the {@link #stored()}
     * row, times the scale, with its estimated mark and fit.
     */
    private static SimulateResponse scripted(SimulateRequest req) {
        // Scripted effects: an L1 weight lowers the MLU and lengthens paths, an L3 weight shortens
        // them, an L2 weight overloads, taking a link down leaves demand unrouted and saves power.
        double mlu = 0.9;
        double unrouted = 0;
        double latency = 20;
        double power = 1000;
        for (PlanAction a : req.getPlan().getActionsList()) {
            if (a.hasSetLinkWeight() && a.getSetLinkWeight().getLinkId().equals("L1")) {
                mlu -= 0.1;
                latency += 1.5;
            }
            if (a.hasSetLinkWeight() && a.getSetLinkWeight().getLinkId().equals("L2")) {
                mlu += 0.5;
            }
            if (a.hasSetLinkWeight() && a.getSetLinkWeight().getLinkId().equals("L3")) {
                latency -= 2;
            }
            if (a.hasSetLinkAdminState()) {
                unrouted += 1;
                power -= 100;
            }
        }
        double scale = 1;
        if (req.getTraffic().hasMatrix()) {
            scale = req.getTraffic().getMatrix().getDemandsList().stream().mapToDouble(Demand::getRateBps).sum() / 100;
        }
        if (Script.bumpVersionOnVerify && req.getPlan().getActionsCount() > 0) {
            Script.version.incrementAndGet();
        }
        SimulateResponse.Builder b = SimulateResponse.newBuilder().setNetwork("net").setVersion(req.getVersion())
                .setKpis(Kpis.newBuilder().setMaxLinkUtilization(mlu * scale).setUnroutedBps(unrouted)
                        .setMeanLatencyMs(latency).setTotalPowerW(power).setChurn(req.getPlan().getActionsCount()))
                .setTrafficTime("t5")
                .addLinks(load("L1", "A", "B", 1000 * mlu * scale, LinkState.LINK_STATE_UP))
                .addLinks(load("L2", "B", "C", 500, LinkState.LINK_STATE_UP))
                .addLinks(load("L3", "A", "C", 250, LinkState.LINK_STATE_UP))
                .addLinks(load("L4", "C", "A", 0, LinkState.LINK_STATE_DOWN));
        if (!req.getTraffic().hasMatrix()) {
            b.setTrafficRow(req.getTraffic().hasRow() ? req.getTraffic().getRow() : 5);
        }
        if (req.getIncludeTraffic()) {
            double s = req.getTraffic().getScale() == 0 ? 1 : req.getTraffic().getScale();
            TrafficMatrix m = req.getTraffic().hasMatrix() ? req.getTraffic().getMatrix() : stored();
            TrafficMatrix.Builder routed = m.toBuilder().clearDemands();
            m.getDemandsList().forEach(d -> routed.addDemands(d.toBuilder().setRateBps(d.getRateBps() * s)));
            b.setTraffic(routed);
        }
        return b.build();
    }

    /** The stored row: A to C at 100 bit/s, time t5, estimated with {@link Script#storedRowFit} when that is set. */
    private static TrafficMatrix stored() {
        TrafficMatrix.Builder m = TrafficMatrix.newBuilder().setTime("t5")
                .addDemands(Demand.newBuilder().setSrc("A").setDst("C").setRateBps(100));
        return Double.isNaN(Script.storedRowFit) ? m.build() : m.setEstimated(true).setFitError(Script.storedRowFit).build();
    }

    @Override
    public void getTrafficHistory(GetTrafficHistoryRequest req, StreamObserver<GetTrafficHistoryResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        out.onNext(GetTrafficHistoryResponse.newBuilder().setNetwork("net").setFirstRow(req.getFromRow())
                .addSamples(stored()).build());
        out.onCompleted();
    }

    @Override
    @io.smallrye.common.annotation.Blocking // may wait at Script.applyGate: not on the event loop
    public void applyPlan(ApplyPlanRequest req, StreamObserver<ApplyPlanResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        java.util.concurrent.CountDownLatch gate = Script.applyGate;
        if (gate != null) {
            Script.applyWaiting.incrementAndGet();
            try {
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Script.applyCalls.incrementAndGet();
        synchronized (Script.version) {
            if (req.getExpectedVersion() != Script.version.get()) {
                out.onError(Status.ABORTED.withDescription("network 'net' is at version " + Script.version.get())
                        .asRuntimeException());
                return;
            }
            synchronized (Script.applied) {
                Script.applied.add(req.getPlan());
            }
            long v = Script.version.incrementAndGet();
            out.onNext(ApplyPlanResponse.newBuilder().setNewVersion(v).setActionsApplied(req.getPlan().getActionsCount()).build());
        }
        out.onCompleted();
    }

    private static LinkLoad load(String id, String src, String dst, double bps, LinkState state) {
        return LinkLoad.newBuilder().setId(id).setSrc(src).setDst(dst).setCapacityBps(1000).setLoadBps(bps)
                .setUtilization(bps / 1000).setState(state).build();
    }

    private static Link link(String id, String src, String dst) {
        return Link.newBuilder().setId(id).setSrc(src).setDst(dst).setCapacityBps(1000).setIgpWeight(1).build();
    }

    /** Networks DeleteNetwork removed; deleting one again is NOT_FOUND (tests use networks of their own). */
    static final java.util.Set<String> DELETED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void deleteNetwork(io.twinloop.proto.twin.v1.DeleteNetworkRequest req,
                              StreamObserver<io.twinloop.proto.twin.v1.DeleteNetworkResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        if (!DELETED.add(req.getNetwork())) {
            out.onError(Status.NOT_FOUND.withDescription("network '" + req.getNetwork() + "' does not exist").asRuntimeException());
            return;
        }
        out.onNext(io.twinloop.proto.twin.v1.DeleteNetworkResponse.newBuilder().setNetwork(req.getNetwork())
                .setVersionsDeleted(Script.version.get()).setTrafficSamplesDeleted(Script.trafficSamples)
                .setTelemetrySamplesDeleted(7).build());
        out.onCompleted();
    }

    private static boolean check(StreamObserver<?> out) {
        if (Script.twinDown) {
            out.onError(Status.UNAVAILABLE.withDescription("twin is down (scripted)").asRuntimeException());
            return true;
        }
        return false;
    }

    private static boolean unknown(String network, StreamObserver<?> out) {
        if (!network.equals("net") && !network.startsWith("net-")) {
            out.onError(Status.NOT_FOUND.withDescription("network '" + network + "' does not exist").asRuntimeException());
            return true;
        }
        return false;
    }

    /** Open WatchEvents streams, by network; {@link #emit} sends to them. */
    static final java.util.Map<String, java.util.List<StreamObserver<io.twinloop.proto.twin.v1.WatchEventsResponse>>> WATCHERS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** The last WatchEvents request per network. */
    static final java.util.Map<String, io.twinloop.proto.twin.v1.WatchEventsRequest> WATCH_REQUESTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void watchEvents(io.twinloop.proto.twin.v1.WatchEventsRequest req,
                            StreamObserver<io.twinloop.proto.twin.v1.WatchEventsResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        WATCH_REQUESTS.put(req.getNetwork(), req);
        WATCHERS.computeIfAbsent(req.getNetwork(), n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(out);
        if (out instanceof io.grpc.stub.ServerCallStreamObserver<io.twinloop.proto.twin.v1.WatchEventsResponse> call) {
            call.setOnCancelHandler(() -> WATCHERS.get(req.getNetwork()).remove(out));
        }
    }

    /** Sends an event to the network's open streams; returns how many got it. */
    static int emit(io.twinloop.proto.twin.v1.TwinEvent e) {
        int n = 0;
        for (var w : WATCHERS.getOrDefault(e.getNetwork(), java.util.List.of())) {
            try {
                synchronized (w) {
                    w.onNext(io.twinloop.proto.twin.v1.WatchEventsResponse.newBuilder().setEvent(e).build());
                }
                n++;
            } catch (RuntimeException cancelled) {
                WATCHERS.get(e.getNetwork()).remove(w);
            }
        }
        return n;
    }

    /** Telemetry: L1 silent (failed), the others at 10 bit/s with an older sample of 99 first. */
    @Override
    public void getTelemetry(io.twinloop.proto.twin.v1.GetTelemetryRequest req,
                             StreamObserver<io.twinloop.proto.twin.v1.GetTelemetryResponse> out) {
        if (check(out) || unknown(req.getNetwork(), out)) {
            return;
        }
        var b = io.twinloop.proto.twin.v1.GetTelemetryResponse.newBuilder().setNetwork(req.getNetwork());
        if (!Script.noTelemetry) {
            for (String l : new String[]{"L2", "L3", "L4"}) {
                b.addSamples(io.twinloop.proto.twin.v1.LinkSample.newBuilder().setLinkId(l).setTimeUnixMs(1000).setRateBps(99));
                b.addSamples(io.twinloop.proto.twin.v1.LinkSample.newBuilder().setLinkId(l).setTimeUnixMs(2000).setRateBps(10)
                        .setOperState(io.twinloop.proto.common.v1.LinkState.LINK_STATE_UP));
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }
}
