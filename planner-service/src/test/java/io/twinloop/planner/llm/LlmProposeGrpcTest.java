package io.twinloop.planner.llm;

import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.planner.grpc.FakeTwinService;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.common.v1.TrafficMatrix;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Propose with {@code use_llm} through the real planner service, configured with a scripted
 * OpenAI-compatible server: the LLM's candidate, its token use and tool calls in the response,
 * and the optimizer standing in when the model's answers are rejected.
 */
@QuarkusTest
@TestProfile(LlmProposeGrpcTest.WithLlm.class)
class LlmProposeGrpcTest {

    static ScriptedOpenAiServer server;

    /** Starts the scripted model and points the planner at it. */
    public static final class Model implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                server = new ScriptedOpenAiServer(req -> ScriptedOpenAiServer.text("{}", 1, 1));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("twinloop.planner.llm.base-url", server.baseUrl(), "twinloop.planner.llm.timeout", "5s");
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    /** A profile of its own, so that the LLM configuration does not leak into other tests. */
    public static final class WithLlm implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(Model.class));
        }
    }

    @GrpcClient("planner")
    Channel channel;

    private ProposeRequest request() {
        return ProposeRequest.newBuilder().setNetwork(FakeTwinService.NETWORK).setUseLlm(true)
                .setTraffic(TrafficMatrix.newBuilder()
                        .addDemands(io.twinloop.proto.common.v1.Demand.newBuilder().setSrc("A").setDst("B").setRateBps(15e9))
                        .addDemands(io.twinloop.proto.common.v1.Demand.newBuilder().setSrc("C").setDst("D").setRateBps(1e9)))
                .build();
    }

    @Test
    void anAcceptedLlmPlanIsACandidateWithItsTrace() {
        AtomicInteger step = new AtomicInteger();
        server.script(req -> step.getAndIncrement() == 0
                ? ScriptedOpenAiServer.toolCalls(120, 30, "optimize", "{\"objective\": \"min-mlu\"}")
                : ScriptedOpenAiServer.text("{\"plan\": " + plan(ScriptedOpenAiServer.lastToolResult(req))
                        + ", \"rationale\": \"use the optimizer's split\"}", 400, 60));
        ProposeResponse r = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .propose(request());
        assertEquals("ok", r.getLlmStatus(), r.getLlmTrace().getFallbackReason());
        Candidate llm = r.getCandidatesList().stream().filter(c -> c.getId().equals("llm")).findFirst().orElseThrow();
        assertEquals("llm", llm.getSource());
        assertTrue(llm.getKpis().getMaxLinkUtilization() < 1.5, llm.getKpis().toString());
        assertEquals(520, r.getUsage().getPromptTokens());
        assertEquals(90, r.getUsage().getCompletionTokens());
        assertEquals(2, r.getUsage().getLlmCalls());
        assertEquals(1, r.getLlmTrace().getToolCallsCount());
        assertEquals("optimize", r.getLlmTrace().getToolCalls(0).getName());
        assertTrue(r.getLlmTrace().getLatencyMs() >= r.getLlmTrace().getModelMs());
    }

    @Test
    void theDiagnoseToolWorksOnTheTwinsStoredTelemetry() throws Exception {
        AtomicInteger step = new AtomicInteger();
        server.script(req -> step.getAndIncrement() == 0
                ? ScriptedOpenAiServer.toolCalls(10, 10, "diagnose", "{}")
                : ScriptedOpenAiServer.text("{\"plan\": {\"actions\": []}}", 10, 10));
        ProposeResponse r = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .propose(request());
        assertEquals("diagnose", r.getLlmTrace().getToolCalls(0).getName());
        assertTrue(r.getLlmTrace().getToolCalls(0).getOk(), r.getLlmTrace().getToolCalls(0).getError());
        var d = ScriptedOpenAiServer.JSON.readTree(ScriptedOpenAiServer.lastToolResult(server.requests().get(
                server.requests().size() - 1)));
        assertEquals(10, d.get("links_reporting").asInt(), d.toString());
        var top = d.get("hypotheses").get(0);
        assertEquals("LINK_DOWN", top.get("kind").asText(), d.toString());
        assertTrue(top.get("elements").toString().contains("A_B"), d.toString());
    }

    @Test
    void rejectedAnswersLeaveTheOptimizerAndSayWhy() {
        server.script(req -> ScriptedOpenAiServer.text("{\"plan\": {\"actions\": [{\"setLinkWeight\": {\"linkId\": "
                + "\"nope\", \"igpWeight\": 2}}]}}", 10, 10));
        ProposeResponse r = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .propose(request());
        assertTrue(r.getLlmStatus().startsWith("invalid output"), r.getLlmStatus());
        assertFalse(r.getCandidatesList().stream().anyMatch(c -> c.getSource().equals("llm")));
        assertTrue(r.getCandidatesList().stream().anyMatch(c -> c.getSource().equals("optimizer")));
        assertEquals(3, r.getLlmTrace().getAnswers());
        assertTrue(r.getLlmTrace().getFallbackReason().contains("unknown link 'nope'"), r.getLlmTrace().getFallbackReason());
    }

    @Test
    void naturalLanguageIntentsGoThroughTheLlmAndItsAnswerIsParsedStrictly() {
        server.script(req -> ScriptedOpenAiServer.text("{\"objective\": \"min-power\", \"constraints\": [\"mlu<=0.7\"]}",
                80, 20));
        var r = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).parseIntent(
                io.twinloop.proto.planner.v1.ParseIntentRequest.newBuilder()
                        .setText("keep every link under 70% and save power at night").build());
        assertEquals("llm", r.getParser());
        assertEquals("ok", r.getLlmStatus());
        assertEquals(io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_POWER, r.getObjective());
        assertEquals(0.7, r.getConstraints(0).getValue(), 0.0);
        assertEquals(100, r.getUsage().getTotalTokens());

        // a model that answers with something else: its answer is refused and the rule set stands in
        server.script(req -> ScriptedOpenAiServer.text("{\"objective\": \"min-power\", \"shutdown_all\": true}", 5, 5));
        r = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).parseIntent(
                io.twinloop.proto.planner.v1.ParseIntentRequest.newBuilder().setText("save power, keep links below 60%").build());
        assertEquals("rules", r.getParser());
        assertTrue(r.getLlmStatus().startsWith("invalid output"), r.getLlmStatus());
        assertEquals(0.6, r.getConstraints(0).getValue(), 1e-12);
    }

    @Test
    void aDiagnosisKeepsItsRankingAndGetsTheModelsExplanation() {
        server.script(req -> ScriptedOpenAiServer.text("Cable A-B is down: check its optics.\u0007", 50, 12));
        var req = io.twinloop.proto.planner.v1.DiagnoseRequest.newBuilder().setNetwork(FakeTwinService.NETWORK).setUseLlm(true)
                .setTraffic(request().getTraffic());
        // observations with A->B and B->A silent and the A->B demand detoured: the ranking is the engine's
        for (String[] l : new String[][] {{"A", "C"}, {"C", "B"}}) {
            req.addObserved(io.twinloop.proto.planner.v1.ObservedLink.newBuilder().setSrc(l[0]).setDst(l[1]).setLoadBps(15e9));
        }
        var d = PlannerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).diagnose(req.build());
        assertEquals("ok", d.getLlmStatus());
        assertEquals("Cable A-B is down: check its optics.", d.getLlmExplanation(), "control characters removed");
        assertEquals(62, d.getUsage().getTotalTokens());
        assertTrue(d.getHypothesesCount() > 0);
        String prompt = server.requests().get(server.requests().size() - 1).get("messages").get(1).get("content").asText();
        assertTrue(prompt.contains("1. " + d.getHypotheses(0).getKind().name().replace("HYPOTHESIS_KIND_", "")
                .replace("NO_FAULT", "NONE")), prompt);
    }

    private static String plan(String toolResult) {
        try {
            return ScriptedOpenAiServer.JSON.readTree(toolResult).get("plan").toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
