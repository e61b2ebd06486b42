package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.FailureScenario;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.common.v1.WeightedPath;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.FailureCase;
import io.twinloop.proto.twin.v1.FailureKind;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.SweepResult;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What-if overlays (failures, path policies) and N-1 sweeps through the real gRPC API on Abilene. */
@QuarkusTest
class WhatIfAndSweepGrpcTest {
    private static final String NET = "abilene-whatif";
    private static final int ROW = 1000;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @BeforeEach
    void load() throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        Path csv = SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork(NET).setFileName("abilene.xml")
                .setContent(ByteString.copyFrom(Files.readAllBytes(topo))).build());
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(NET).setReplace(true)
                .setCsvContent(ByteString.copyFrom(Files.readAllBytes(csv))).build());
    }

    @Test
    void sweepWorstCasesEqualTheSameFailuresSimulatedOneByOne() {
        SweepResult result = sweep(List.of(FailureKind.FAILURE_KIND_LINK, FailureKind.FAILURE_KIND_NODE), 30);
        assertEquals(15 + 12, result.getScenarios(), "15 physical links and 12 nodes");
        assertTrue(result.getWorstByMluCount() > 5);
        double previous = Double.MAX_VALUE;
        for (FailureCase c : result.getWorstByMluList()) {
            assertTrue(c.getKpis().getMaxLinkUtilization() <= previous, "worst first");
            previous = c.getKpis().getMaxLinkUtilization();
            if (c.getKind() != FailureKind.FAILURE_KIND_LINK) {
                continue;
            }
            SimulateResponse one = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET)
                    .setTraffic(TrafficSelector.newBuilder().setRow(ROW))
                    .setFailures(FailureScenario.newBuilder().addAllLinkIds(c.getScenario().getLinkIdsList())).build());
            assertEquals(one.getKpis().getMaxLinkUtilization(), c.getKpis().getMaxLinkUtilization(), 1e-9, c.getLabel());
            assertEquals(2, c.getScenario().getLinkIdsCount(), "a physical link fails in both directions");
        }
        // ATLAM5 hangs off ATLAng alone: losing ATLAng cuts ATLAM5 off from everyone.
        FailureCase atlang = result.getWorstByUnroutedList().stream()
                .filter(c -> c.getLabel().equals("node ATLAng")).findFirst().orElseThrow();
        assertTrue(atlang.getDisconnectedPairsList().stream().anyMatch(p -> p.getSrc().equals("ATLAM5")));
        assertTrue(result.getDisconnectingScenarios() >= 2, "node ATLAng and link ATLAM5-ATLAng both cut ATLAM5 off");
    }

    @Test
    void pathPolicyPinsADemandOntoItsPathsAndBadPoliciesListEveryViolation() {
        double rate = 1e9;
        TrafficSelector one = TrafficSelector.newBuilder().setMatrix(TrafficMatrix.newBuilder()
                .addDemands(Demand.newBuilder().setSrc("SNVAng").setDst("NYCMng").setRateBps(rate))).build();
        Plan pinned = Plan.newBuilder().addActions(PlanAction.newBuilder().setSetPathPolicy(SetPathPolicy.newBuilder()
                .setSrc("SNVAng").setDst("NYCMng")
                .addPaths(WeightedPath.newBuilder().addAllNodes(List.of("SNVAng", "DNVRng", "KSCYng", "IPLSng", "CHINng", "NYCMng"))
                        .setFraction(0.75))
                .addPaths(WeightedPath.newBuilder().addAllNodes(List.of("SNVAng", "LOSAng", "HSTNng", "ATLAng", "WASHng", "NYCMng"))
                        .setFraction(0.25)))).build();
        SimulateResponse r = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setTraffic(one).setPlan(pinned).build());
        Map<String, Double> expected = new HashMap<>();
        List<String> first = List.of("SNVAng", "DNVRng", "KSCYng", "IPLSng", "CHINng", "NYCMng");
        List<String> second = List.of("SNVAng", "LOSAng", "HSTNng", "ATLAng", "WASHng", "NYCMng");
        for (int i = 0; i + 1 < first.size(); i++) {
            expected.merge(first.get(i) + ">" + first.get(i + 1), 0.75 * rate, Double::sum);
        }
        for (int i = 0; i + 1 < second.size(); i++) {
            expected.merge(second.get(i) + ">" + second.get(i + 1), 0.25 * rate, Double::sum);
        }
        for (LinkLoad l : r.getLinksList()) {
            double want = expected.getOrDefault(l.getSrc() + ">" + l.getDst(), 0.0);
            assertEquals(want, l.getLoadBps(), 1e-6, l.getId());
        }

        Plan bad = Plan.newBuilder().addActions(PlanAction.newBuilder().setSetPathPolicy(SetPathPolicy.newBuilder()
                .setSrc("SNVAng").setDst("NYCMng")
                .addPaths(WeightedPath.newBuilder().addAllNodes(List.of("SNVAng", "NYCMng")).setFraction(0.5))
                .addPaths(WeightedPath.newBuilder().addAllNodes(List.of("SNVAng", "DNVRng", "KSCYng", "IPLSng", "CHINng", "NYCMng"))
                        .setFraction(0.3)))).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(
                SimulateRequest.newBuilder().setNetwork(NET).setTraffic(one).setPlan(bad).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        List<BadRequest.FieldViolation> violations = violations(e);
        assertTrue(violations.size() >= 2, "both the missing SNVAng-NYCMng link and the 0.8 sum: " + violations);
        String all = violations.toString();
        assertTrue(all.contains("NYCMng") && (all.contains("0.8") || all.contains("sum")), all);
    }

    @Test
    void unknownFailedElementsAreNotFoundAndNamed() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(
                SimulateRequest.newBuilder().setNetwork(NET)
                        .setFailures(FailureScenario.newBuilder().addLinkIds("ghost-1").addLinkIds("ghost-2")).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("ghost-1") && e.getStatus().getDescription().contains("ghost-2"));
        e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(SimulateRequest.newBuilder().setNetwork(NET)
                .setFailures(FailureScenario.newBuilder().addSrlgs("duct-9")).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("duct-9"));
    }

    @Test
    void latencyOfASingleDemandIsPropagationPlusQueueingAlongItsPath() {
        // One 1 Gbit/s demand between neighbours: its path is the one link (weight 1 everywhere).
        GetNetworkResponse net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NET).build());
        Map<String, Node> nodes = new HashMap<>();
        net.getTopology().getNodesList().forEach(n -> nodes.put(n.getName(), n));
        var link = net.getTopology().getLinksList().stream()
                .filter(l -> l.getSrc().equals("CHINng") && l.getDst().equals("NYCMng")).findFirst().orElseThrow();
        double rate = 1e9;
        SimulateResponse r = twin.simulate(SimulateRequest.newBuilder().setNetwork(NET)
                .setTraffic(TrafficSelector.newBuilder().setMatrix(TrafficMatrix.newBuilder()
                        .addDemands(Demand.newBuilder().setSrc("CHINng").setDst("NYCMng").setRateBps(rate)))).build());
        double km = haversineKm(nodes.get("CHINng"), nodes.get("NYCMng"));
        double propagationMs = km / (299_792.458 * 2 / 3) * 1000;
        double queueingMs = 8000.0 / (link.getCapacityBps() - rate) * 1000;
        assertEquals(propagationMs + queueingMs, r.getKpis().getMeanLatencyMs(), 1e-6);
        assertTrue(r.getKpis().getTotalPowerW() > 0, "links draw power");
    }

    private SweepResult sweep(List<FailureKind> kinds, int topK) {
        var it = twin.sweepFailures(SweepFailuresRequest.newBuilder().setNetwork(NET).addAllKinds(kinds).setTopK(topK)
                .setTraffic(TrafficSelector.newBuilder().setRow(ROW)).build());
        SweepResult result = null;
        while (it.hasNext()) {
            SweepFailuresResponse r = it.next();
            if (r.hasResult()) {
                result = r.getResult();
            }
        }
        return result;
    }

    private static double haversineKm(Node a, Node b) {
        double la1 = Math.toRadians(a.getLatitude());
        double la2 = Math.toRadians(b.getLatitude());
        double dLat = la2 - la1;
        double dLon = Math.toRadians(b.getLongitude() - a.getLongitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(la1) * Math.cos(la2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
    }

    private static List<BadRequest.FieldViolation> violations(StatusRuntimeException e) {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(BadRequest.class)) {
                try {
                    return any.unpack(BadRequest.class).getFieldViolationsList();
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        return List.of();
    }

    @SuppressWarnings("unused")
    private static String reason(StatusRuntimeException e) throws Exception {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                return any.unpack(ErrorInfo.class).getReason();
            }
        }
        return "";
    }
    @Test
    void churnCountsTheItemsThatReallyDifferFromTheBaseVersion() {
        long v1 = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(NET).build()).getVersion();
        // Abilene has weight 1 on every link: two real changes, and one that sets the value it already has
        long v2 = twin.applyPlan(ApplyPlanRequest.newBuilder().setNetwork(NET).setExpectedVersion(v1)
                .setPlan(weights(Map.of("ATLAng_IPLSng", 3.0, "ATLAng_IPLSng~rev", 3.0))).build()).getNewVersion();
        assertEquals(2, churn(0, v1, weights(Map.of("ATLAng_IPLSng", 3.0, "ATLAng_IPLSng~rev", 3.0, "ATLAng_WASHng", 1.0))),
                "a weight set to its current value is no change");
        assertEquals(2, churn(v2, v1, Plan.getDefaultInstance()), "the stored version against its parent");
        assertEquals(0, churn(v2, 0, Plan.getDefaultInstance()));
        assertEquals(1, churn(v2, v1, weights(Map.of("ATLAng_IPLSng", 1.0))), "one change undone by the plan");
        assertEquals(3, churn(v2, v2, weights(Map.of("ATLAng_IPLSng", 1.0, "ATLAng_WASHng", 2.0, "IPLSng_KSCYng", 4.0))));
        // failures are not configuration
        assertEquals(0, twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setVersion(v2).setChurnBaseVersion(v2)
                .setFailures(FailureScenario.newBuilder().addLinkIds("ATLAng_WASHng")).build()).getKpis().getChurn());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> churn(v2, v2 + 1000, Plan.getDefaultInstance()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(String.valueOf(v2 + 1000)), e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> churn(v2, -1, Plan.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("churn_base_version"), e.getStatus().getDescription());
    }

    private int churn(long version, long base, Plan plan) {
        return twin.simulate(SimulateRequest.newBuilder().setNetwork(NET).setVersion(version).setChurnBaseVersion(base)
                .setTraffic(TrafficSelector.newBuilder().setRow(ROW)).setPlan(plan).build()).getKpis().getChurn();
    }

    private static Plan weights(Map<String, Double> w) {
        Plan.Builder p = Plan.newBuilder();
        new java.util.TreeMap<>(w).forEach((id, x) -> p.addActions(PlanAction.newBuilder()
                .setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(id).setIgpWeight(x))));
        return p.build();
    }
}
