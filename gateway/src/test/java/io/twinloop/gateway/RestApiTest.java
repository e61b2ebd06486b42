package io.twinloop.gateway;

import com.google.protobuf.util.JsonFormat;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetRoundRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.planner.v1.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The REST view (/api/v1), its OpenAPI document and the dashboard's static files, through real
 * HTTP against the gateway with the scripted twin, forecaster and planner ({@link FakeTwin} etc.).
 */
@QuarkusTest
class RestApiTest {
    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub grpc;

    private static final Candidate GOOD = Candidate.newBuilder().setId("good").setSource("optimizer")
            .setPlan(io.twinloop.proto.common.v1.Plan.newBuilder().addActions(PlanAction.newBuilder()
                    .setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId("L1").setIgpWeight(5)))).build();
    private static final Candidate WORSE = Candidate.newBuilder().setId("worse").setSource("optimizer")
            .setPlan(io.twinloop.proto.common.v1.Plan.newBuilder().addActions(PlanAction.newBuilder()
                    .setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId("L2").setIgpWeight(9)))).build();

    @BeforeEach
    void reset() {
        Script.reset();
        FakeTwin.lastSimulate = null;
    }

    // ---------- networks and topology ----------

    @Test
    void networksAreTheTwinsListAsProtoJson() {
        Script.version.set(3);
        given().get("/api/v1/networks").then().statusCode(200).contentType(ContentType.JSON)
                .body("networks", hasSize(1))
                .body("networks[0].network", equalTo("net"))
                .body("networks[0].latestVersion", equalTo("3")) // int64 is a string in proto JSON
                .body("networks[0].links", equalTo(4))
                .body("networks[0].trafficSamples", equalTo(6));
    }

    @Test
    void topologyHasCoordinatesAndUtilisationFromASimulationOfTheLatestVersionAndSample() {
        Script.version.set(4);
        JsonPath t = given().get("/api/v1/networks/net/topology").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
        assertEquals("net", t.getString("network"));
        assertEquals(4, t.getLong("version"));
        assertEquals(List.of("A", "B", "C"), t.getList("nodes.name"));
        assertEquals(-122.42, t.getDouble("nodes[0].longitude"), 1e-9);
        assertEquals(37.77, t.getDouble("nodes[0].latitude"), 1e-9);
        assertNull(t.get("nodes[2].longitude"), "a node without coordinates has none");
        assertEquals(List.of("L1", "L2", "L3", "L4"), t.getList("links.id"));
        assertEquals("A", t.getString("links[0].src"));
        assertEquals("B", t.getString("links[0].dst"));
        assertEquals(1000, t.getDouble("links[0].capacityBps"), 1e-9);
        assertEquals(0.9, t.getDouble("links[0].utilization"), 1e-9);
        assertEquals(900, t.getDouble("links[0].loadBps"), 1e-9);
        assertEquals(0.25, t.getDouble("links[2].utilization"), 1e-9);
        assertEquals("LINK_STATE_UP", t.getString("links[0].state"));
        assertEquals("LINK_STATE_DOWN", t.getString("links[3].state"), "the simulation's effective state");
        assertEquals(0.9, t.getDouble("kpis.maxLinkUtilization"), 1e-9);
        assertEquals(5, t.getInt("trafficRow"));
        assertEquals("t5", t.getString("trafficTime"));
        assertNull(t.get("note"));
        // the simulation was of the latest version's own configuration under the latest sample
        assertEquals(4, FakeTwin.lastSimulate.getVersion());
        assertEquals(TrafficSelector.SelectorCase.LATEST, FakeTwin.lastSimulate.getTraffic().getSelectorCase());
        assertEquals(0, FakeTwin.lastSimulate.getPlan().getActionsCount());
        assertFalse(FakeTwin.lastSimulate.hasFailures());
    }

    @Test
    void topologyWithoutTrafficHasNoUtilisationAndSaysWhy() {
        Script.trafficSamples = 0;
        JsonPath t = given().get("/api/v1/networks/net/topology").then().statusCode(200).extract().jsonPath();
        assertEquals(4, t.getList("links").size());
        Map<String, Object> l1 = t.getMap("links[0]");
        assertTrue(l1.containsKey("utilization") && l1.get("utilization") == null, l1.toString());
        assertEquals(List.of(), t.getList("links.utilization").stream().filter(u -> u != null).toList());
        assertEquals("LINK_STATE_UP", t.getString("links[3].state"), "without a simulation: the configured state");
        assertNull(t.get("kpis"));
        assertTrue(t.getString("note").contains("no traffic"), t.getString("note"));
        assertNull(FakeTwin.lastSimulate, "nothing to simulate without traffic");
    }

    @Test
    void unknownNetworkIs404AndTwinDownIs503() {
        given().get("/api/v1/networks/nope/topology").then().statusCode(404).contentType(ContentType.JSON)
                .body("code", equalTo("NOT_FOUND")).body("message", containsString("nope"));
        Script.twinDown = true;
        given().get("/api/v1/networks").then().statusCode(503).body("code", equalTo("UNAVAILABLE"))
                .body("message", containsString("twin"));
        given().get("/api/v1/networks/net/topology").then().statusCode(503).body("code", equalTo("UNAVAILABLE"));
    }

    // ---------- rounds ----------

    @Test
    void aRoundRunOverRestIsTheRoundGrpcReturns() throws Exception {
        Script.candidates = List.of(GOOD, WORSE);
        Response created = given().contentType(ContentType.JSON)
                .body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_DRY_RUN\", \"requestedBy\": \"rest-test\"}")
                .post("/api/v1/rounds");
        created.then().statusCode(201).contentType(ContentType.JSON)
                .body("status", equalTo("ROUND_STATUS_DRY_RUN"))
                .body("chosenCandidateId", equalTo("good"))
                .body("baseVersion", equalTo("1"))
                .body("appliedVersion", equalTo("0")) // fields at their default are printed too
                .body("kpisBefore.maxLinkUtilization", equalTo(0.9f))
                .body("candidates.id", equalTo(List.of("good", "worse")))
                .body("requestedBy", equalTo("rest-test"));
        String id = created.jsonPath().getString("id");
        created.then().header("Location", endsWith("/api/v1/rounds/" + id));
        assertEquals(0, Script.applyCalls.get());

        String shown = given().get("/api/v1/rounds/" + id).then().statusCode(200).extract().asString();
        Round.Builder parsed = Round.newBuilder();
        JsonFormat.parser().merge(shown, parsed);
        assertEquals(grpc.getRound(GetRoundRequest.newBuilder().setRoundId(id).build()).getRound(), parsed.build(),
                "the REST view is the proto JSON of the gRPC round, field for field");
    }

    @Test
    void aRoundOnAnEstimatedRowSaysSoWithItsFitAndKeepsItWhenStored() {
        Script.storedRowFit = 0.0031;
        Response created = given().contentType(ContentType.JSON)
                .body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_DRY_RUN\"}").post("/api/v1/rounds");
        created.then().statusCode(201).body("trafficTime", equalTo("t5"))
                .body("trafficEstimated", equalTo(true)).body("trafficFitError", equalTo(0.0031f));
        String id = created.jsonPath().getString("id");
        // read back from the round store, over REST and gRPC
        given().get("/api/v1/rounds/" + id).then().statusCode(200)
                .body("trafficEstimated", equalTo(true)).body("trafficFitError", equalTo(0.0031f));
        Round r = grpc.getRound(GetRoundRequest.newBuilder().setRoundId(id).build()).getRound();
        assertTrue(r.getTrafficEstimated());
        assertEquals(0.0031, r.getTrafficFitError(), 0);
        String observe = r.getTimingsList().stream().filter(t -> t.getStage() == Stage.STAGE_OBSERVE)
                .findFirst().orElseThrow().getNote();
        assertTrue(observe.endsWith(", traffic estimated from counters (fit 0.3%)"), observe);

        Script.storedRowFit = Double.NaN; // a measured row
        given().contentType(ContentType.JSON).body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_DRY_RUN\"}")
                .post("/api/v1/rounds").then().statusCode(201)
                .body("trafficEstimated", equalTo(false)).body("trafficFitError", equalTo(0.0f));
    }

    @Test
    void approveAppliesAPendingRoundOnceAndAgainIs409() {
        Script.candidates = List.of(GOOD);
        String id = runPending();
        given().get("/api/v1/rounds?network=net&status=pending_approval&view=basic").then().statusCode(200)
                .body("rounds.id", hasItem(id))
                .body("rounds.status", not(hasItem("ROUND_STATUS_DRY_RUN")));

        given().contentType(ContentType.JSON).body("{\"approver\": \"alice\"}").post("/api/v1/rounds/" + id + "/approve")
                .then().statusCode(200)
                .body("status", equalTo("ROUND_STATUS_APPLIED"))
                .body("decidedBy", equalTo("alice"))
                .body("appliedVersion", equalTo("2"));
        assertEquals(List.of(GOOD.getPlan()), Script.applied);

        given().contentType(ContentType.JSON).body("{\"approver\": \"alice\"}").post("/api/v1/rounds/" + id + "/approve")
                .then().statusCode(409).contentType(ContentType.JSON)
                .body("code", equalTo("FAILED_PRECONDITION"))
                .body("reason", equalTo("ROUND_NOT_PENDING"))
                .body("message", containsString("not PENDING_APPROVAL"));
        assertEquals(1, Script.applyCalls.get(), "nothing is applied twice");
    }

    @Test
    void rejectRecordsWhoAndWhyAndAppliesNothing() {
        Script.candidates = List.of(GOOD);
        String id = runPending();
        given().contentType(ContentType.JSON).body("{\"rejector\": \"bob\", \"reason\": \"not tonight\"}")
                .post("/api/v1/rounds/" + id + "/reject").then().statusCode(200)
                .body("status", equalTo("ROUND_STATUS_REJECTED"))
                .body("decidedBy", equalTo("bob"))
                .body("rejectionReason", equalTo("not tonight"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/rounds/" + id + "/reject").then().statusCode(409)
                .body("code", equalTo("FAILED_PRECONDITION"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/rounds/" + id + "/approve").then().statusCode(409);
        assertEquals(0, Script.applyCalls.get());
    }

    @Test
    void aNetworkThatChangedMeanwhileIs409Aborted() {
        Script.bumpVersionOnVerify = true;
        Script.candidates = List.of(GOOD);
        given().contentType(ContentType.JSON).body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_AUTO\"}")
                .post("/api/v1/rounds").then().statusCode(409).body("code", equalTo("ABORTED"));
        assertTrue(Script.applied.isEmpty());
    }

    @Test
    void twinDownFailsTheRoundWith503AndRecordsIt() {
        Script.twinDown = true;
        String message = given().contentType(ContentType.JSON).body("{\"network\": \"net\"}").post("/api/v1/rounds")
                .then().statusCode(503).body("code", equalTo("UNAVAILABLE"))
                .body("reason", equalTo("DEPENDENCY_UNAVAILABLE")).extract().path("message");
        Matcher m = Pattern.compile("r-[0-9a-f]{12}").matcher(message);
        assertTrue(m.find(), "the error names the recorded round: " + message);
        given().get("/api/v1/rounds/" + m.group()).then().statusCode(200).body("status", equalTo("ROUND_STATUS_FAILED"));
    }

    @Test
    void listsArePagedNewestFirstAndTheBasicViewKeepsOnlyTheChosenCandidate() {
        Script.candidates = List.of(GOOD, WORSE);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"network\": \"net\"}").post("/api/v1/rounds").then().statusCode(201);
        }
        JsonPath first = given().get("/api/v1/rounds?network=net&limit=2&view=basic").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, first.getList("rounds").size());
        String token = first.getString("nextPageToken");
        assertFalse(token.isEmpty());
        List<Long> started = first.getList("rounds.startedUnixMs", String.class).stream().map(Long::parseLong).toList();
        assertTrue(started.get(0) >= started.get(1), "newest first: " + started);
        assertEquals(List.of("good"), first.getList("rounds[0].candidates.id"), "basic: the chosen candidate only");
        JsonPath second = given().queryParam("network", "net").queryParam("limit", 1).queryParam("pageToken", token)
                .get("/api/v1/rounds").then().statusCode(200).extract().jsonPath();
        Set<String> ids = new HashSet<>(first.getList("rounds.id"));
        assertEquals(1, second.getList("rounds").size());
        assertTrue(ids.add(second.getString("rounds[0].id")), "pages do not overlap");
        assertTrue(Long.parseLong(second.getString("rounds[0].startedUnixMs")) <= started.get(1));
        assertEquals(List.of("good", "worse"), second.getList("rounds[0].candidates.id"),
                "the full view (the default) has every candidate");
    }

    @Test
    void badRequestsGet400WithAJsonErrorThatSaysWhatIsWrong() {
        given().contentType(ContentType.JSON).body("{\"network\": \"net\", ").post("/api/v1/rounds").then()
                .statusCode(400).contentType(ContentType.JSON).body("code", equalTo("INVALID_ARGUMENT"))
                .body("message", containsString("malformed JSON body"))
                .body("message", not(containsString("com.google")))
                .body("message", not(containsString("Exception")));
        given().contentType(ContentType.JSON).body("{\"network\": \"net\", \"mood\": 1}").post("/api/v1/rounds").then()
                .statusCode(400).body("message", containsString("mood"));
        given().contentType(ContentType.JSON).body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_YOLO\"}")
                .post("/api/v1/rounds").then().statusCode(400).body("message", containsString("ROUND_MODE_YOLO"));
        given().contentType(ContentType.JSON).body("").post("/api/v1/rounds").then().statusCode(400)
                .body("message", containsString("body is required"));
        given().contentType(ContentType.JSON).body("{\"network\": \"no spaces allowed\"}").post("/api/v1/rounds").then()
                .statusCode(400).body("code", equalTo("INVALID_ARGUMENT")).body("message", containsString("invalid"));
        given().contentType(ContentType.JSON).body("{\"network\": \"elsewhere\"}").post("/api/v1/rounds").then()
                .statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().contentType(ContentType.JSON).body("{\"roundId\": \"r-other\"}").post("/api/v1/rounds/r-this/approve")
                .then().statusCode(400).body("message", containsString("r-other"));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/rounds/r-nope/approve").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        given().get("/api/v1/rounds/r-nope").then().statusCode(404).body("code", equalTo("NOT_FOUND"))
                .body("message", containsString("r-nope"));
        given().get("/api/v1/rounds?limit=ten").then().statusCode(400).body("message", containsString("ten"));
        given().get("/api/v1/rounds?limit=9999").then().statusCode(400).body("message", containsString("limit"));
        given().get("/api/v1/rounds?status=SOMETIMES").then().statusCode(400).body("message", containsString("PENDING_APPROVAL"));
        given().get("/api/v1/rounds?pageToken=zz").then().statusCode(400).body("message", containsString("page_token"));
        given().get("/api/v1/rounds?view=everything").then().statusCode(400).body("message", containsString("basic"));
        given().delete("/api/v1/rounds").then().statusCode(405).contentType(ContentType.JSON);
        given().contentType(ContentType.TEXT).body("network=net").post("/api/v1/rounds").then().statusCode(415)
                .contentType(ContentType.JSON);
    }

    @Test
    void oversizedBodiesGet413WithTheJsonErrorBodyAndRunNothing() throws Exception {
        long size = 5L * 1024 * 1024;
        // The headers alone, with Expect: 100-continue, as curl sends a large body: the gateway refuses on the
        // declared length before any of the body is sent. (A raw socket: the JDK client waits for a body it never
        // reads when the answer to an Expect: 100-continue request is a final status with a body.)
        String head = "POST /api/v1/rounds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + size + "\r\nExpect: 100-continue\r\n\r\n";
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertTrue(headers.contains("content-type: application/json"), headers);
        JsonPath error = JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("RESOURCE_EXHAUSTED", error.getString("code"), "the same error body as every other error");
        assertEquals("BODY_TOO_LARGE", error.getString("reason"));
        assertTrue(error.getString("message").contains(size + " bytes; the limit is " + 4 * 1024 * 1024),
                error.getString("message"));
        assertNull(FakeTwin.lastSimulate, "no round ran");
    }

    @Test
    void theRestBodyLimitDoesNotApplyToGrpc() {
        RunRoundRequest req = RunRoundRequest.newBuilder().setNetwork("net").setMode(RoundMode.ROUND_MODE_DRY_RUN)
                .setIntent("x".repeat(5 * 1024 * 1024)).build();
        assertTrue(req.getSerializedSize() > 4 * 1024 * 1024, "larger than the REST limit: " + req.getSerializedSize());
        Round r = grpc.runRound(req).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_COMPLETED, r.getStatus(), "no candidate: the configuration stays");
        assertEquals(0.9, r.getKpisBefore().getMaxLinkUtilization(), 1e-9);
        assertEquals(req.getIntent().length(), r.getIntent().length());
    }

    // ---------- OpenAPI and dashboard ----------

    @Test
    void theOpenApiDocumentDescribesEveryPathWithASummary() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, List<String>> operations = Map.of(
                "/api/v1/networks", List.of("get"),
                "/api/v1/networks/{network}", List.of("delete"),
                "/api/v1/networks/{network}/topology", List.of("get"),
                "/api/v1/rounds", List.of("get", "post"),
                "/api/v1/rounds/{id}", List.of("get"),
                "/api/v1/rounds/{id}/approve", List.of("post"),
                "/api/v1/rounds/{id}/reject", List.of("post"));
        Map<String, Object> paths = doc.getMap("paths");
        assertEquals(operations.keySet(), paths.keySet());
        operations.forEach((path, methods) -> {
            for (String method : methods) {
                String summary = doc.getString("paths.'" + path + "'." + method + ".summary");
                assertTrue(summary != null && !summary.isBlank(), method + " " + path + " has no summary");
            }
        });
        assertNotNull(doc.getMap("components.schemas.Round"));
        assertEquals("object", doc.getString("components.schemas.Round.type"));
        assertTrue(doc.getMap("paths.'/api/v1/rounds'.get").toString().contains("pageToken"));
        assertTrue(doc.getMap("paths.'/api/v1/rounds/{id}/approve'.post.responses").containsKey("409"));
    }

    @Test
    void theOpenApiDocumentNamesItsServerTheBearerSchemeAndTheRefusalsEveryCallCanGet() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("/"), doc.getList("servers.url"), "relative: the gateway that serves the document");
        assertEquals("http", doc.getString("components.securitySchemes.bearerAuth.type"));
        assertEquals("bearer", doc.getString("components.securitySchemes.bearerAuth.scheme"));
        assertEquals(List.of(Map.of("bearerAuth", List.of())), doc.getList("security"));
        Set<String> operationIds = new HashSet<>();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        paths.forEach((path, ops) -> ops.keySet().forEach(method -> {
            String at = "paths.'" + path + "'." + method;
            Map<String, Object> responses = doc.getMap(at + ".responses");
            for (String code : List.of("401", "403", "429")) {
                assertTrue(responses.containsKey(code), method + " " + path + " lacks " + code);
                assertEquals("#/components/schemas/Error", doc.getString(at + ".responses.'" + code
                        + "'.content.'application/json'.schema.$ref"), method + " " + path + " " + code);
            }
            assertEquals(method.equals("post"), responses.containsKey("413"), method + " " + path + ": 413 iff a body");
            assertTrue(doc.getMap(at + ".responses.'401'.headers").containsKey("WWW-Authenticate"));
            assertTrue(doc.getMap(at + ".responses.'429'.headers").containsKey("Retry-After"));
            assertTrue(operationIds.add(doc.getString(at + ".operationId")), method + " " + path + ": operationId "
                    + doc.getString(at + ".operationId") + " missing or repeated");
        }));
        assertEquals(8, operationIds.size(), "one per operation: " + operationIds);
        assertEquals("#/components/schemas/Round", doc.getString(
                "paths.'/api/v1/rounds/{id}'.get.responses.'200'.content.'application/json'.schema.$ref"));
    }

    @Test
    void theDashboardIsServedAtTheRootAndLoadsNothingFromElsewhere() {
        String index = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertTrue(index.contains("<svg id=\"topology\""), index);
        for (String chart : List.of("chart-mlu", "chart-latency", "chart-power")) {
            assertTrue(index.contains("id=\"" + chart + "\""), chart);
        }
        String js = given().get("/app.js").then().statusCode(200).extract().asString();
        String css = given().get("/app.css").then().statusCode(200).extract().asString();
        assertTrue(js.contains("dataset.ready"));
        Pattern external = Pattern.compile("(?i)(https?:)?//(?!www\\.w3\\.org/2000/svg)[a-z0-9.-]+\\.[a-z]{2,}");
        for (Map.Entry<String, String> f : Map.of("index.html", index, "app.js", js, "app.css", css).entrySet()) {
            Matcher m = external.matcher(f.getValue().replaceAll("(?m)^\\s*//.*$", ""));
            if (m.find()) {
                fail(f.getKey() + " refers to another host: " + m.group());
            }
            assertFalse(f.getValue().contains("@import"), f.getKey());
        }
    }

    private String runPending() {
        String id = given().contentType(ContentType.JSON).body("{\"network\": \"net\", \"mode\": \"ROUND_MODE_APPROVE\"}")
                .post("/api/v1/rounds").then().statusCode(201).body("status", equalTo("ROUND_STATUS_PENDING_APPROVAL"))
                .body("requestedBy", equalTo("anonymous")) // authentication off and no name given
                .extract().path("id");
        assertEquals(0, Script.applyCalls.get());
        return id;
    }
}
