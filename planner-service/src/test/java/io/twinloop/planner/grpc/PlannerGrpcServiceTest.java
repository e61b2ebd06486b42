package io.twinloop.planner.grpc;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner through real gRPC stubs, against {@link FakeTwinService} served by the same test
 * process. Every MLU the planner reports is re-derived here by routing the fake topology, built
 * independently of the planner's mapper, with the plan's weights.
 */
@QuarkusTest
class PlannerGrpcServiceTest {

    static final double BASELINE_MLU = 1.5;

    @GrpcClient("planner")
    Channel channel;

    PlannerServiceGrpc.PlannerServiceBlockingStub planner() {
        return PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** 15 Gbit/s A->B (over the 10 Gbit/s direct link under IGP) and a little background. */
    static TrafficMatrix hotTraffic() {
        return TrafficMatrix.newBuilder()
                .addDemands(demand("A", "B", 15e9))
                .addDemands(demand("C", "D", 1e9))
                .addDemands(demand("E", "A", 2e9))
                .build();
    }

    static io.twinloop.proto.common.v1.Demand demand(String src, String dst, double rate) {
        return io.twinloop.proto.common.v1.Demand.newBuilder().setSrc(src).setDst(dst).setRateBps(rate).build();
    }

    static ProposeRequest.Builder request() {
        return ProposeRequest.newBuilder().setNetwork(FakeTwinService.NETWORK).setTraffic(hotTraffic());
    }

    /** The fake twin's topology as a model network, built here from its edge list. */
    static Network fakeNetwork(Map<String, Double> weights) {
        List<Link> links = new ArrayList<>();
        for (String[] e : FakeTwinService.EDGES) {
            for (String[] d : List.of(e, new String[] {e[1], e[0]})) {
                String id = d[0] + "_" + d[1];
                links.add(new Link(id, d[0], d[1], FakeTwinService.CAPACITY_BPS, weights.getOrDefault(id, 1.0)));
            }
        }
        return new Network("check", List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D"), new Node("E")),
                links, List.of());
    }

    static List<Demand> demands(TrafficMatrix m) {
        return m.getDemandsList().stream().map(d -> new Demand(d.getSrc(), d.getDst(), d.getRateBps())).toList();
    }

    /** MLU of the fake network with the plan's weights, routed here; also checks nothing is unrouted. */
    static double routedMlu(Candidate c, TrafficMatrix traffic) {
        for (PlanAction a : c.getPlan().getActionsList()) {
            assertTrue(a.hasSetLinkWeight(), "only weight changes expected: " + a);
        }
        return routedMluWithPolicies(c, traffic);
    }

    /** MLU of the fake network with the plan's weights and SR-TE path policies, routed here; nothing unrouted. */
    static double routedMluWithPolicies(Candidate c, TrafficMatrix traffic) {
        Map<String, Double> weights = new HashMap<>();
        List<io.twinloop.model.PathPolicy> policies = new ArrayList<>();
        for (PlanAction a : c.getPlan().getActionsList()) {
            if (a.hasSetLinkWeight()) {
                weights.put(a.getSetLinkWeight().getLinkId(), a.getSetLinkWeight().getIgpWeight());
            } else {
                assertTrue(a.hasSetPathPolicy(), "weights and path policies only: " + a);
                var p = a.getSetPathPolicy();
                policies.add(new io.twinloop.model.PathPolicy(p.getSrc(), p.getDst(), p.getPathsList().stream()
                        .map(w -> new io.twinloop.model.WeightedPath(w.getNodesList(), w.getFraction())).toList()));
            }
        }
        Network n = fakeNetwork(weights).withPathPolicies(policies);
        RoutingResult r = new EcmpRouter(n).route(demands(traffic));
        assertEquals(0.0, r.unroutedBps());
        double max = 0;
        for (int i = 0; i < n.links().size(); i++) {
            max = Math.max(max, r.load(i) / n.links().get(i).capacityBps());
        }
        return max;
    }

    static Candidate byId(ProposeResponse r, String id) {
        return r.getCandidatesList().stream().filter(c -> c.getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + id + " in " + r));
    }

    @Test
    void theOptimizerLowersTheMluAndTheNoOpIsReturnedForComparison() {
        ProposeResponse r = planner().propose(request().build());

        assertEquals(List.of("optimizer-te", "optimizer-igp", "no-op"),
                r.getCandidatesList().stream().map(Candidate::getId).toList(), "best score first");
        // the SR-TE candidate: its MLU is what the plan's policies give when routed here, and no worse than IGP's
        Candidate te = r.getCandidates(0);
        assertEquals("optimizer", te.getSource());
        double teMlu = routedMluWithPolicies(te, hotTraffic());
        assertEquals(teMlu, te.getKpis().getMaxLinkUtilization(), 1e-9);
        assertEquals(teMlu, te.getScore(), 1e-9);
        assertTrue(teMlu <= byId(r, "optimizer-igp").getScore() + 1e-9);
        assertEquals("min-mlu", te.getRationale().getObjective());
        Candidate opt = byId(r, "optimizer-igp");
        assertEquals("optimizer", opt.getSource());
        assertTrue(opt.getPlan().getActionsCount() > 0);
        double after = routedMlu(opt, hotTraffic());
        assertEquals(after, opt.getKpis().getMaxLinkUtilization(), 1e-9);
        assertEquals(after, opt.getScore(), 1e-9);
        assertTrue(after < BASELINE_MLU - 1e-6, "MLU after " + after);
        assertEquals(opt.getPlan().getActionsCount(), opt.getKpis().getChurn());
        assertEquals(List.of("A_B"), opt.getRationale().getBindingLinkIdsList());
        assertEquals("min-mlu", opt.getRationale().getObjective());
        assertEquals(opt.getPlan().getActionsCount(), opt.getRationale().getChangesCount());
        for (int i = 0; i < opt.getPlan().getActionsCount(); i++) {
            var w = opt.getPlan().getActions(i).getSetLinkWeight();
            String id = w.getLinkId();
            assertEquals("weight of " + id + " (" + id.replace("_", "->") + ") 1 -> " + (long) w.getIgpWeight(),
                    opt.getRationale().getChanges(i));
        }
        assertTrue(opt.getRationale().getSummary().startsWith("MLU 150.0% -> "), opt.getRationale().getSummary());

        Candidate noOp = r.getCandidates(2);
        assertEquals("baseline", noOp.getSource());
        assertEquals(0, noOp.getPlan().getActionsCount());
        assertEquals(BASELINE_MLU, routedMlu(noOp, hotTraffic()), 1e-9);
        assertEquals(BASELINE_MLU, noOp.getKpis().getMaxLinkUtilization(), 1e-9);
        assertEquals(BASELINE_MLU, noOp.getScore(), 1e-9);
        assertTrue(noOp.getRationale().getSummary().startsWith("keep the current configuration"));
        assertEquals("not requested", r.getLlmStatus());
    }

    @Test
    void withoutAnLlmTheOptimizerPlansAloneAndSaysSo() {
        ProposeResponse r = planner().propose(request().setUseLlm(true).setIntent("cool down A-B").build());
        assertEquals("no LLM configured: optimizer only", r.getLlmStatus());
        assertEquals("optimizer", r.getCandidates(0).getSource());
        assertEquals(0, r.getUsage().getTotalTokens());
    }

    @Test
    void robustPlanningCoversTheLargestSample() {
        // The p50 fits under IGP; the p90 sample does not: the plan must be made for the p90.
        TrafficMatrix p50 = TrafficMatrix.newBuilder().addDemands(demand("A", "B", 5e9)).build();
        TrafficMatrix p90 = TrafficMatrix.newBuilder().addDemands(demand("A", "B", 15e9)).build();
        ProposeResponse r = planner().propose(ProposeRequest.newBuilder()
                .setNetwork(FakeTwinService.NETWORK).setTraffic(p50).addTrafficSamples(p90).build());

        Candidate noOp = byId(r, "no-op");
        assertEquals(BASELINE_MLU, noOp.getKpis().getMaxLinkUtilization(), 1e-9);
        Candidate opt = byId(r, "optimizer-igp");
        assertEquals(routedMlu(opt, p90), opt.getKpis().getMaxLinkUtilization(), 1e-9);
        assertTrue(routedMlu(opt, p90) < BASELINE_MLU - 1e-6);
        assertTrue(routedMlu(opt, p50) <= routedMlu(opt, p90));
    }

    @Test
    void protectedLinksAndNodesAreNeverChanged() {
        Guardrails g = Guardrails.newBuilder().addProtectedLinkIds("A_B").addProtectedNodeNames("E").build();
        ProposeResponse r = planner().propose(request().setGuardrails(g).build());

        for (Candidate c : r.getCandidatesList()) {
            for (PlanAction a : c.getPlan().getActionsList()) {
                String id = a.getSetLinkWeight().getLinkId();
                assertFalse(id.equals("A_B") || id.contains("E"), "protected link changed: " + id);
            }
            if (c.getId().equals("optimizer-igp")) {
                assertEquals(routedMlu(c, hotTraffic()), c.getKpis().getMaxLinkUtilization(), 1e-9);
                assertTrue(c.getKpis().getMaxLinkUtilization() < BASELINE_MLU - 1e-6);
            }
        }
        assertEquals("no-op", r.getCandidates(r.getCandidatesCount() - 1).getId());
    }

    @Test
    void anSrTePlanOverAProtectedLinkIsNotProposed() {
        Candidate te = byId(planner().propose(request().build()), "optimizer-te");
        var hop = te.getPlan().getActionsList().stream().filter(PlanAction::hasSetPathPolicy)
                .flatMap(a -> a.getSetPathPolicy().getPathsList().stream()).filter(p -> p.getNodesCount() >= 2)
                .findFirst().orElseThrow();
        String used = hop.getNodes(0) + "_" + hop.getNodes(1);
        ProposeResponse r = planner().propose(request()
                .setGuardrails(Guardrails.newBuilder().addProtectedLinkIds(used)).build());
        // the TE optimizer routes around the protected link, so its candidate is proposed, not dropped
        Candidate around = byId(r, "optimizer-te");
        assertTrue(around.getPlan().getActionsCount() > 0, around.toString());
        assertEquals(routedMluWithPolicies(around, hotTraffic()), around.getKpis().getMaxLinkUtilization(), 1e-9);
        assertTrue(around.getKpis().getMaxLinkUtilization() < BASELINE_MLU - 1e-6);
        for (Candidate c : r.getCandidatesList()) {
            for (PlanAction a : c.getPlan().getActionsList()) {
                for (var p : a.getSetPathPolicy().getPathsList()) {
                    for (int k = 1; k < p.getNodesCount(); k++) {
                        assertFalse((p.getNodes(k - 1) + "_" + p.getNodes(k)).equals(used),
                                c.getId() + " routes over protected link " + used + ": " + c.getPlan());
                    }
                }
            }
        }
    }

    @Test
    void maxChangesBoundsThePlan() {
        ProposeResponse r = planner().propose(request()
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(1)).build());
        Candidate opt = byId(r, "optimizer-igp");
        assertEquals(1, opt.getPlan().getActionsCount());
        assertEquals(routedMlu(opt, hotTraffic()), opt.getKpis().getMaxLinkUtilization(), 1e-9);
    }

    @Test
    void anUnknownNetworkIsNotFoundAsTheTwinSaid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> planner().propose(request().setNetwork("atlantis").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals(FakeTwinService.NOT_FOUND_REASON, errorInfo(e).getReason());
        assertTrue(e.getStatus().getDescription().contains("atlantis"), e.getStatus().getDescription());
    }

    @Test
    void aRequestCarryingItsTopologyIsPlannedOnItWithoutAskingTheTwin() {
        ProposeResponse fetched = planner().propose(request().build());
        // the fake twin knows no network "carried": a fetch would be NOT_FOUND
        ProposeResponse carried = planner().propose(request().setNetwork("carried").setVersion(3)
                .setTopology(FakeTwinService.topology()).build());
        assertEquals(fetched.getCandidatesList(), carried.getCandidatesList());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().propose(request()
                .setTopology(FakeTwinService.topology()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("version", fieldViolation(e).getField());
    }

    @Test
    void aDemandNamingAnUnknownNodeIsInvalid() {
        TrafficMatrix bad = hotTraffic().toBuilder().addDemands(demand("A", "Z", 1e9)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> planner().propose(request().setTraffic(bad).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("UNKNOWN_NODE", errorInfo(e).getReason());
        assertEquals("twinloop.io", errorInfo(e).getDomain());
        assertEquals("traffic.demands[3].dst", fieldViolation(e).getField());
        assertTrue(e.getStatus().getDescription().contains("'Z'"), e.getStatus().getDescription());
    }

    @Test
    void otherObjectivesAndEpsilonConstraintsPlanWithTheTeOptimizerAndInfeasibleOnesSayWhy() {
        // min power subject to MLU <= 1.0: links go to sleep, every demand stays routed, the bound holds
        ProposeResponse r = planner().propose(request().setObjective(Objective.OBJECTIVE_MIN_POWER)
                .addConstraints(io.twinloop.proto.common.v1.Constraint.newBuilder()
                        .setMetric(io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION)
                        .setOp(io.twinloop.proto.common.v1.ConstraintOp.CONSTRAINT_OP_LE).setValue(1.0))
                .build());
        Candidate best = r.getCandidates(0);
        Candidate noOp = byId(r, "no-op");
        assertEquals(best.getKpis().getTotalPowerW(), best.getScore(), 1e-9, "scored by power");
        assertTrue(best.getScore() <= noOp.getScore(), "no candidate ranks above the baseline with more power");
        for (Candidate c : r.getCandidatesList()) {
            assertEquals(0.0, c.getKpis().getUnroutedBps(), c.getId());
        }

        // an MLU bound below what any routing reaches is infeasible, with the reason
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().propose(request()
                .setObjective(Objective.OBJECTIVE_MIN_POWER)
                .addConstraints(io.twinloop.proto.common.v1.Constraint.newBuilder()
                        .setMetric(io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION)
                        .setOp(io.twinloop.proto.common.v1.ConstraintOp.CONSTRAINT_OP_LE).setValue(0.01))
                .build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertTrue(errorInfo(e).getReason().startsWith("MLU_BOUND") || errorInfo(e).getReason().equals("BOUND_UNREACHABLE"),
                errorInfo(e).getReason() + ": " + e.getStatus().getDescription());

        // an unknown objective is invalid and the message lists the valid ones
        e = assertThrows(StatusRuntimeException.class,
                () -> planner().propose(request().setObjectiveValue(42).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("MIN_POWER"), e.getStatus().getDescription());
        assertEquals("objective", fieldViolation(e).getField());
    }

    @Test
    void paretoFrontsAreNonDominatedSimulatedPlansAndBadAxesAreInvalid() {
        for (Objective[] axes : new Objective[][] {
                {Objective.OBJECTIVE_MIN_MLU, Objective.OBJECTIVE_MIN_POWER},
                {Objective.OBJECTIVE_MIN_POWER, Objective.OBJECTIVE_MIN_LATENCY}}) {
            io.twinloop.proto.planner.v1.ParetoFrontResponse r = planner().paretoFront(
                    io.twinloop.proto.planner.v1.ParetoFrontRequest.newBuilder().setProblem(request())
                            .setFirst(axes[0]).setSecond(axes[1]).setPoints(4).build());
            assertTrue(r.getPointsCount() >= 1, axes[0] + "/" + axes[1] + ": empty front");
            for (int i = 0; i < r.getPointsCount(); i++) {
                var p = r.getPoints(i);
                var k = p.getCandidate().getKpis();
                // the axes are the simulated KPIs of the point's own plan
                assertEquals(kpi(axes[0], p.getCandidate()), p.getFirst(), 1e-9 * Math.max(1, p.getFirst()));
                assertEquals(kpi(axes[1], p.getCandidate()), p.getSecond(), 1e-9 * Math.max(1, p.getSecond()));
                assertEquals(0.0, k.getUnroutedBps(), 0.0);
                if (i > 0) {
                    var q = r.getPoints(i - 1);
                    assertTrue(p.getFirst() >= q.getFirst() && p.getSecond() < q.getSecond(),
                            "dominated or unsorted: " + q.getFirst() + "/" + q.getSecond() + " then " + p.getFirst() + "/"
                                    + p.getSecond());
                }
            }
        }
        Map<String, io.twinloop.proto.planner.v1.ParetoFrontRequest> bad = Map.of(
                "second", io.twinloop.proto.planner.v1.ParetoFrontRequest.newBuilder().setProblem(request())
                        .setFirst(Objective.OBJECTIVE_MIN_MLU).setSecond(Objective.OBJECTIVE_MIN_MLU).build(),
                "first", io.twinloop.proto.planner.v1.ParetoFrontRequest.newBuilder().setProblem(request())
                        .setFirst(Objective.OBJECTIVE_WEIGHTED).setSecond(Objective.OBJECTIVE_MIN_MLU).build(),
                "points", io.twinloop.proto.planner.v1.ParetoFrontRequest.newBuilder().setProblem(request())
                        .setFirst(Objective.OBJECTIVE_MIN_MLU).setSecond(Objective.OBJECTIVE_MIN_POWER).setPoints(21).build());
        for (var c : bad.entrySet()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().paretoFront(c.getValue()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), c.getKey());
            assertEquals(c.getKey(), fieldViolation(e).getField());
        }
    }

    private static double kpi(Objective o, Candidate c) {
        var k = c.getKpis();
        return switch (o) {
            case OBJECTIVE_MIN_MLU -> k.getMaxLinkUtilization();
            case OBJECTIVE_MIN_LATENCY -> k.getMeanLatencyMs();
            case OBJECTIVE_MIN_POWER -> k.getTotalPowerW();
            default -> throw new AssertionError(o);
        };
    }

    @Test
    void intentsInTheStructuredFormOrPlainWordsBecomeObjectives() {
        var structured = planner().parseIntent(io.twinloop.proto.planner.v1.ParseIntentRequest.newBuilder()
                .setNetwork(FakeTwinService.NETWORK).setText("{\"objective\": \"min-power\", \"constraints\": "
                        + "[\"mlu<=0.7\"], \"max_changes\": 4, \"protected_nodes\": [\"A\"]}").build());
        assertEquals("structured", structured.getParser());
        assertEquals(Objective.OBJECTIVE_MIN_POWER, structured.getObjective());
        assertEquals(io.twinloop.proto.common.v1.ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION,
                structured.getConstraints(0).getMetric());
        assertEquals(0.7, structured.getConstraints(0).getValue(), 0.0);
        assertEquals(4, structured.getGuardrails().getMaxChanges());
        assertEquals(List.of("A"), structured.getGuardrails().getProtectedNodeNamesList());

        // no LLM here: the rule set reads the common phrasings and says what it did not understand
        var words = planner().parseIntent(io.twinloop.proto.planner.v1.ParseIntentRequest.newBuilder()
                .setText("keep every link under 70% and save power at night").build());
        assertEquals("rules", words.getParser());
        assertEquals(Objective.OBJECTIVE_MIN_POWER, words.getObjective());
        assertEquals(0.7, words.getConstraints(0).getValue(), 1e-12);
        assertTrue(words.getUnparsedList().stream().anyMatch(u -> u.contains("night")), words.getUnparsedList().toString());
        assertEquals(PlannerLlm.NO_LLM, words.getLlmStatus());

        Map<String, String> bad = Map.of(
                "{\"objective\": \"fastest\"}", "min-power",
                "{\"objective\": \"min-mlu\", \"approve_everything\": true}", "unknown fields",
                "{\"protected_links\": [\"no-such-link\"]}", "no-such-link",
                "{\"constraints\": [\"mlu<=-1\"]}", ">= 0",
                "hello there, how are you", "structured form");
        for (var c : bad.entrySet()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().parseIntent(
                    io.twinloop.proto.planner.v1.ParseIntentRequest.newBuilder().setNetwork(FakeTwinService.NETWORK)
                            .setText(c.getKey()).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), c.getKey());
            assertTrue(e.getStatus().getDescription().contains(c.getValue()), e.getStatus().getDescription());
        }
    }

    @Test
    void outOfRangeFieldsAreInvalidBeforeTheTwinIsAsked() {
        Map<String, ProposeRequest> bad = Map.of(
                "traffic", ProposeRequest.newBuilder().setNetwork(FakeTwinService.NETWORK).build(),
                "network", request().setNetwork("").build(),
                "version", request().setVersion(-1).build(),
                "max_candidates", request().setMaxCandidates(11).build(),
                "guardrails.max_link_utilization", request().setGuardrails(
                        Guardrails.newBuilder().setMaxLinkUtilization(10.5)).build(),
                "guardrails.max_changes", request().setGuardrails(Guardrails.newBuilder().setMaxChanges(1001)).build(),
                "traffic.demands[0].rate_bps", request().setTraffic(
                        TrafficMatrix.newBuilder().addDemands(demand("A", "B", Double.NaN))).build(),
                "guardrails.protected_link_ids[0]", request().setGuardrails(
                        Guardrails.newBuilder().addProtectedLinkIds("nope")).build());
        for (Map.Entry<String, ProposeRequest> c : bad.entrySet()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().propose(c.getValue()),
                    c.getKey());
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), c.getKey());
            assertEquals(c.getKey(), fieldViolation(e).getField());
        }
    }

    @Test
    void twinCallsCarryTheCallersDeadlineOrTheDefault() {
        planner().withDeadlineAfter(3, TimeUnit.SECONDS).propose(request().build());
        long withCaller = FakeTwinService.lastDeadlineMillis.get();
        assertTrue(withCaller > 0 && withCaller <= 3000, "twin saw " + withCaller + " ms left");

        PlannerServiceGrpc.newBlockingStub(channel).propose(request().build());
        long withoutCaller = FakeTwinService.lastDeadlineMillis.get();
        assertTrue(withoutCaller > 3000 && withoutCaller <= 10_000, "twin saw " + withoutCaller + " ms left");
    }

    @Test
    void diagnoseFindsASilentCableFailureAndRejectsBadObservations() {
        // the truth: cable A-B failed and sends nothing; every other link reports the re-routed load
        Network n = fakeNetwork(Map.of());
        BitSet failed = new BitSet();
        failed.set(n.linkIndex("A_B"));
        failed.set(n.linkIndex("B_A"));
        RoutingResult r = new EcmpRouter(n, failed).route(demands(hotTraffic()));
        DiagnoseRequest.Builder req = DiagnoseRequest.newBuilder().setNetwork(FakeTwinService.NETWORK).setTraffic(hotTraffic());
        for (int i = 0; i < n.links().size(); i++) {
            if (!failed.get(i)) {
                req.addObserved(io.twinloop.proto.planner.v1.ObservedLink.newBuilder().setSrc(n.links().get(i).src())
                        .setDst(n.links().get(i).dst()).setLoadBps(r.load(i)));
            }
        }
        var d = planner().diagnose(req.build());
        var top = d.getHypotheses(0);
        assertEquals(io.twinloop.proto.planner.v1.HypothesisKind.HYPOTHESIS_KIND_LINK_DOWN, top.getKind(), d.toString());
        assertEquals(java.util.Set.of("A_B", "B_A"), java.util.Set.copyOf(top.getElementsList()));
        double sum = d.getHypothesesList().stream().mapToDouble(io.twinloop.proto.planner.v1.Hypothesis::getScore).sum();
        assertEquals(1.0, sum, 1e-9, "relative likelihoods of the hypotheses returned");
        assertTrue(top.getScore() > 0.5, d.toString());

        // a link that does not exist, a negative load, no observations
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planner().diagnose(req.clone()
                .addObserved(io.twinloop.proto.planner.v1.ObservedLink.newBuilder().setSrc("A").setDst("Z").setLoadBps(1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("A->Z"), e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> planner().diagnose(DiagnoseRequest.newBuilder()
                .setNetwork(FakeTwinService.NETWORK).setTraffic(hotTraffic()).addObserved(io.twinloop.proto.planner.v1.ObservedLink
                        .newBuilder().setLinkId("A_B").setLoadBps(-5)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> planner().diagnose(DiagnoseRequest.newBuilder()
                .setNetwork(FakeTwinService.NETWORK).setTraffic(hotTraffic()).build()));
        assertEquals("observed", fieldViolation(e).getField());
    }

    @Test
    void healthIsServing() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
    }

    @Test
    void reflectionListsThePlannerService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new AssertionError("no reflection answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse r = answer.get(5, TimeUnit.SECONDS);
        requests.onCompleted();
        List<String> services = r.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).collect(Collectors.toList());
        assertTrue(services.contains("twinloop.planner.v1.PlannerService"), services.toString());
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        assertNotNull(s, "no google.rpc.Status in " + e);
        return s.getDetailsList().stream().filter(a -> a.is(ErrorInfo.class)).findFirst()
                .map(a -> unpack(a, ErrorInfo.class)).orElseThrow(() -> new AssertionError("no ErrorInfo"));
    }

    static BadRequest.FieldViolation fieldViolation(StatusRuntimeException e) {
        com.google.rpc.Status s = StatusProto.fromThrowable(e);
        assertNotNull(s, "no google.rpc.Status in " + e);
        BadRequest b = s.getDetailsList().stream().filter(a -> a.is(BadRequest.class)).findFirst()
                .map(a -> unpack(a, BadRequest.class)).orElseThrow(() -> new AssertionError("no BadRequest in " + s));
        assertEquals(1, b.getFieldViolationsCount());
        return b.getFieldViolations(0);
    }

    static <T extends com.google.protobuf.Message> T unpack(com.google.protobuf.Any a, Class<T> type) {
        try {
            return a.unpack(type);
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }
}
