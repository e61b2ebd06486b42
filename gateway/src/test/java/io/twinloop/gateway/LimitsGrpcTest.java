package io.twinloop.gateway;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.platform.limits.Overload;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.ListRoundsRequest;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-client rate limits and round admission at the gateway, through real gRPC and HTTP. Shares
 * {@link AuthGrpcTest}'s profile (one Quarkus start): client 'lily' may make 3 requests and then one
 * every 10 s; at most 2 rounds run at once.
 */
@QuarkusTest
@TestProfile(AuthGrpcTest.WithTokens.class)
class LimitsGrpcTest {
    static final String LIMITED = "limited-token-0123456789";

    @GrpcClient("gateway")
    GatewayServiceGrpc.GatewayServiceBlockingStub gateway;
    @GrpcClient("gateway")
    HealthGrpc.HealthBlockingStub health;

    @BeforeEach
    void reset() {
        AuthGrpcTest.resetWithOneGoodCandidate();
    }

    private GatewayServiceGrpc.GatewayServiceBlockingStub as(String token) {
        return AuthGrpcTest.withToken(gateway, token);
    }

    @Test
    void aClientOverItsRateGetsResourceExhaustedWithRetryInfoOverGrpcAndRestWhileOthersGoOn() throws Exception {
        ListRoundsRequest list = ListRoundsRequest.newBuilder().setNetwork("net").build();
        for (int i = 0; i < 3; i++) {
            as(LIMITED).listRounds(list); // the burst
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> as(LIMITED).listRounds(list));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith(
                "rate limit of 0.1 requests/s (bursts of 3) for client 'lily' exceeded; retry in "), e.getStatus().getDescription());
        long retry = Overload.retryDelayNanos(e).orElseThrow(() -> new AssertionError("no RetryInfo"));
        assertTrue(retry > 0 && retry <= TimeUnit.SECONDS.toNanos(10), "retry " + retry);
        // another client has its own bucket; health is never limited
        for (int i = 0; i < 5; i++) {
            as(AuthGrpcTest.VIEWER).listRounds(list);
        }
        assertEquals("SERVING", health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name());

        // REST shares the bucket: 429 with Retry-After and the usual error body
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> limited = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/api/v1/rounds?network=net"))
                .header("Authorization", "Bearer " + LIMITED).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(429, limited.statusCode(), limited.body());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
        assertTrue(limited.body().contains("\"code\":\"RESOURCE_EXHAUSTED\""), limited.body());
        assertTrue(limited.body().contains("\"reason\":\"RATE_LIMITED\""), limited.body());
        assertTrue(limited.body().contains("for client 'lily' exceeded"), limited.body());
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081/api/v1/rounds?network=net"))
                .header("Authorization", "Bearer " + AuthGrpcTest.VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, other.statusCode(), other.body());
    }

    @Test
    void roundsBeyondTheAdmissionLimitAreShedWithRetryInfoAndNothingIsRecorded() throws Exception {
        RunRoundRequest run = RunRoundRequest.newBuilder().setNetwork("net").setMode(RoundMode.ROUND_MODE_DRY_RUN).build();
        CountDownLatch gate = new CountDownLatch(1);
        Script.plannerGate = gate;
        int before = as(AuthGrpcTest.VIEWER).listRounds(ListRoundsRequest.newBuilder().setNetwork("net").setLimit(500).build())
                .getRoundsCount();
        List<CompletableFuture<Round>> held = List.of(
                CompletableFuture.supplyAsync(() -> as(AuthGrpcTest.OPERATOR).runRound(run).getRound()),
                CompletableFuture.supplyAsync(() -> as(AuthGrpcTest.OPERATOR).runRound(run).getRound()));
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Script.plannerWaiting.get() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(2, Script.plannerWaiting.get(), "two rounds are in their plan stage");
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> as(AuthGrpcTest.OPERATOR).runRound(run));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith(
                    "the gateway is at its limit of 2 concurrent rounds (twinloop.gateway.max-rounds-in-flight); retry in "),
                    e.getStatus().getDescription());
            long retry = Overload.retryDelayNanos(e).orElseThrow(() -> new AssertionError("no RetryInfo"));
            assertTrue(retry >= TimeUnit.MILLISECONDS.toNanos(500) && retry <= TimeUnit.SECONDS.toNanos(60), "retry " + retry);
            // REST: 503 with Retry-After
            HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:8081/api/v1/rounds")).header("Authorization", "Bearer " + AuthGrpcTest.OPERATOR)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"network\": \"net\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, rest.statusCode(), rest.body());
            assertTrue(rest.headers().firstValue("Retry-After").isPresent());
            assertTrue(rest.body().contains("\"reason\":\"OVERLOADED\""), rest.body());
            // reads and health go on
            assertEquals("SERVING", health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name());
            as(AuthGrpcTest.VIEWER).listRounds(ListRoundsRequest.newBuilder().setNetwork("net").build());
        } finally {
            gate.countDown();
        }
        for (CompletableFuture<Round> f : held) {
            assertEquals(RoundStatus.ROUND_STATUS_DRY_RUN, f.get(30, TimeUnit.SECONDS).getStatus());
        }
        assertEquals(before + 2, as(AuthGrpcTest.VIEWER).listRounds(ListRoundsRequest.newBuilder().setNetwork("net")
                .setLimit(500).build()).getRoundsCount(), "the refused rounds left no record");
        Script.plannerGate = null;
        as(AuthGrpcTest.OPERATOR).runRound(run); // capacity is back
    }
}
