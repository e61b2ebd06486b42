package io.twinloop.gateway;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.gateway.v1.ApproveRoundRequest;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.planner.v1.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway with bearer tokens required: each role may do exactly its part over gRPC and REST,
 * health stays open, and who asked or decided is recorded as the token's owner: a different name in the
 * request is refused.
 */
@QuarkusTest
@TestProfile(AuthGrpcTest.WithTokens.class)
class AuthGrpcTest {
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String APPROVER = "approver-token-0123456789";
    /** The token `./twinloop up` gives its user: both roles, named local-user. */
    static final String LOCAL_USER = "local-user-token-0123456789";

    /** A tokens file with one token per role. */
    public static final class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path f = Files.createTempFile("twinloop-tokens", ".txt");
                Files.write(f, List.of("# test tokens", VIEWER + " viewer vera", OPERATOR + " operator otto",
                        APPROVER + " approver carol",
                        LOCAL_USER + " operator,approver local-user", LimitsGrpcTest.LIMITED + " viewer lily"));
                f.toFile().deleteOnExit();
                // the gateway calls the (in-process, equally protected) fake twin, forecaster and planner with its own
                // token; LimitsGrpcTest (same profile, one Quarkus start) needs a slow client and little round capacity
                return Map.of("twinloop.auth.tokens-file", f.toString(), "twinloop.auth.token", OPERATOR,
                        "twinloop.gateway.rate-limit.client.lily.requests-per-second", "0.1",
                        "twinloop.gateway.rate-limit.client.lily.burst", "3",
                        "twinloop.gateway.max-rounds-in-flight", "2");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;
    @GrpcClient("gateway")
    HealthGrpc.HealthBlockingStub health;

    @BeforeEach
    void reset() {
        resetWithOneGoodCandidate();
    }

    /** The scripted services as every test here starts: the planner proposes one plan the twin accepts. */
    static void resetWithOneGoodCandidate() {
        Script.reset();
        Script.candidates = List.of(Candidate.newBuilder().setId("good").setSource("optimizer")
                .setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder().setSetLinkWeight(
                        SetLinkWeight.newBuilder().setLinkId("L1").setIgpWeight(5)))).build());
    }

    private GatewayServiceGrpc.GatewayServiceBlockingStub as(String token) {
        return withToken(gateway, token);
    }

    /** {@code stub} sending {@code Authorization: Bearer token}. */
    static GatewayServiceGrpc.GatewayServiceBlockingStub withToken(GatewayServiceGrpc.GatewayServiceBlockingStub stub,
                                                                  String token) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void eachRoleMayDoItsPartAndNoMore() {
        ListRoundsRequest list = ListRoundsRequest.newBuilder().setNetwork("net").build();
        RunRoundRequest run = RunRoundRequest.newBuilder().setNetwork("net").setMode(RoundMode.ROUND_MODE_APPROVE).build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> gateway.listRounds(list)));
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> as("not-a-token-0123456789").listRounds(list)));
        var e = assertThrows(StatusRuntimeException.class, () -> gateway.runRound(run));
        assertTrue(e.getStatus().getDescription().contains("a bearer token is required"), e.getStatus().getDescription());
        as(VIEWER).listRounds(list);
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(VIEWER).runRound(run)));

        Round pending = as(OPERATOR).runRound(run).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_PENDING_APPROVAL, pending.getStatus());
        ApproveRoundRequest approve = ApproveRoundRequest.newBuilder().setRoundId(pending.getId()).setApprover("mallory").build();
        var denied = assertThrows(StatusRuntimeException.class, () -> as(OPERATOR).approveRound(approve));
        assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
        assertTrue(denied.getStatus().getDescription().contains("'otto' may not call"), denied.getStatus().getDescription());
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(APPROVER).runRound(run)));
        var borrowed = assertThrows(StatusRuntimeException.class, () -> as(APPROVER).approveRound(approve));
        assertEquals(Status.Code.INVALID_ARGUMENT, borrowed.getStatus().getCode());
        assertTrue(borrowed.getStatus().getDescription().contains("approver 'mallory' is not the caller")
                && borrowed.getStatus().getDescription().contains("'carol'"), borrowed.getStatus().getDescription());
        Round approved = as(APPROVER).approveRound(approve.toBuilder().clearApprover().build()).getRound();
        assertEquals(RoundStatus.ROUND_STATUS_APPLIED, approved.getStatus());
        assertEquals("carol", approved.getDecidedBy(), "the token's owner");
        assertEquals("otto", pending.getRequestedBy(), "the round's requester is the token's owner too");
        var claimed = assertThrows(StatusRuntimeException.class,
                () -> as(OPERATOR).runRound(run.toBuilder().setRequestedBy("mallory").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, claimed.getStatus().getCode());
        assertTrue(claimed.getStatus().getDescription().contains("requested_by 'mallory' is not the caller"),
                claimed.getStatus().getDescription());
        assertEquals("otto", as(OPERATOR).runRound(run.toBuilder().setRequestedBy("otto").build()).getRound()
                .getRequestedBy(), "the token's own name may be given");
        // health checks need no token (kubelet and load balancers have none)
        assertEquals("SERVING", health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name());
    }

    @Test
    void deletingANetworkNeedsAnOperator() throws Exception {
        var del = io.twinloop.proto.gateway.v1.DeleteNetworkRequest.newBuilder().setNetwork("net-auth-delete").build();
        assertEquals(Status.Code.UNAUTHENTICATED, code(() -> gateway.deleteNetwork(del)));
        var denied = assertThrows(StatusRuntimeException.class, () -> as(VIEWER).deleteNetwork(del));
        assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
        assertTrue(denied.getStatus().getDescription().contains("needs the role operator"), denied.getStatus().getDescription());
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(APPROVER).deleteNetwork(del)));
        assertFalse(FakeTwin.DELETED.contains("net-auth-delete"), "the refused calls deleted nothing");
        HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:8081/api/v1/networks/net-auth-delete"))
                .header("Authorization", "Bearer " + VIEWER).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, rest.statusCode(), rest.body());
        assertEquals(1, as(OPERATOR).deleteNetwork(del).getVersionsDeleted());
    }

    @Test
    void theRestViewAsksForTheSameCredentials() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:8081/api/v1/rounds?network=net";
        HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anon.statusCode());
        assertTrue(anon.body().contains("\"code\":\"UNAUTHENTICATED\""), anon.body());
        assertEquals("Bearer realm=\"twinloop\"", anon.headers().firstValue("WWW-Authenticate").orElse(null));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer not-a-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"twinloop\", "
                + "error=\"invalid_token\""), wrong.headers().toString());
        HttpResponse<String> viewer = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", "Bearer " + VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, viewer.statusCode(), viewer.body());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/api/v1/rounds"))
                .header("Authorization", "Bearer " + VIEWER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"network\": \"net\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, post.statusCode(), post.body());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the dashboard's static page itself is public; its data is not");
    }

    @Test
    void overRestTheTokensNameIsRecordedAndABorrowedNameIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String rounds = "http://127.0.0.1:8081/api/v1/rounds";
        HttpResponse<String> created = post(http, rounds, "{\"network\": \"net\", \"mode\": \"ROUND_MODE_APPROVE\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"requestedBy\":\"local-user\""), created.body());
        String id = created.body().replaceAll("(?s).*\"id\":\"(r-[0-9a-f]+)\".*", "$1");

        HttpResponse<String> borrowed = post(http, rounds + "/" + id + "/approve", "{\"approver\":\"bob-the-boss\"}");
        assertEquals(400, borrowed.statusCode(), borrowed.body());
        assertTrue(borrowed.body().contains("\"code\":\"INVALID_ARGUMENT\"") && borrowed.body().contains("bob-the-boss")
                && borrowed.body().contains("local-user"), borrowed.body());
        assertEquals(0, Script.applyCalls.get(), "nothing applied under a borrowed name");

        HttpResponse<String> approved = post(http, rounds + "/" + id + "/approve", "{}");
        assertEquals(200, approved.statusCode(), approved.body());
        assertTrue(approved.body().contains("\"status\":\"ROUND_STATUS_APPLIED\"")
                && approved.body().contains("\"decidedBy\":\"local-user\""), approved.body());

        HttpResponse<String> claimed = post(http, rounds, "{\"network\": \"net\", \"requestedBy\": \"bob-the-boss\"}");
        assertEquals(400, claimed.statusCode(), claimed.body());

        String other = post(http, rounds, "{\"network\": \"net\", \"mode\": \"ROUND_MODE_APPROVE\"}").body()
                .replaceAll("(?s).*\"id\":\"(r-[0-9a-f]+)\".*", "$1");
        assertEquals(400, post(http, rounds + "/" + other + "/reject", "{\"rejector\":\"bob-the-boss\"}").statusCode());
        HttpResponse<String> rejected = post(http, rounds + "/" + other + "/reject", "{\"reason\":\"not tonight\"}");
        assertEquals(200, rejected.statusCode(), rejected.body());
        assertTrue(rejected.body().contains("\"decidedBy\":\"local-user\""), rejected.body());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + LOCAL_USER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
