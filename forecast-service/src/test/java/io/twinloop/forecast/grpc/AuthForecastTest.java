package io.twinloop.forecast.grpc;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import io.twinloop.proto.forecast.v1.TrainRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecaster with bearer tokens required, as the twin and the gateway: forecasts are reads, training needs
 * the operator role, health stays open; it reads the twin (here the in-process fake, protected by the same
 * tokens) with the services' own token; and with open-metrics off, /q/metrics needs a token too.
 */
@QuarkusTest
@TestProfile(AuthForecastTest.WithTokens.class)
class AuthForecastTest {
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";
    static final String SERVICE = "service-token-0123456789";

    /** A tokens file with a viewer, an operator and the services' token, which this service presents. */
    public static final class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path f = Files.createTempFile("twinloop-tokens", ".txt");
                f.toFile().deleteOnExit();
                Files.write(f, List.of(VIEWER + " viewer vera", OPERATOR + " operator otto", SERVICE + " operator services"));
                return Map.of("twinloop.auth.tokens-file", f.toString(), "twinloop.auth.token", SERVICE,
                        "twinloop.auth.open-metrics", "false");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;

    @GrpcClient("health")
    Channel health;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static <S extends AbstractStub<S>> S as(S stub, String token) {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
    }

    private static ForecastRequest lastValue() {
        return ForecastRequest.newBuilder().setNetwork("metro").setModel("last-value").build();
    }

    @Test
    void aForecastWithoutATokenIsUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> forecast.forecast(lastValue()));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("ForecastService/Forecast"), e.getStatus().getDescription());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> as(forecast, "not-a-token-0123456789").listModels(ListModelsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAUTHENTICATED, bad.getStatus().getCode());
    }

    @Test
    void trainingNeedsTheOperatorRole() {
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> forecast
                .train(TrainRequest.newBuilder().setNetwork("trainable").build()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        StatusRuntimeException viewer = assertThrows(StatusRuntimeException.class, () -> as(forecast, VIEWER)
                .train(TrainRequest.newBuilder().setNetwork("trainable").build()).hasNext());
        assertEquals(Status.Code.PERMISSION_DENIED, viewer.getStatus().getCode());
        assertTrue(viewer.getStatus().getDescription().contains("'vera'"), viewer.getStatus().getDescription());
    }

    @Test
    void deletingANetworksModelsNeedsTheOperatorRole() {
        var request = io.twinloop.proto.forecast.v1.DeleteNetworkModelsRequest.newBuilder().setNetwork("trainable").build();
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> forecast.deleteNetworkModels(request));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        StatusRuntimeException viewer = assertThrows(StatusRuntimeException.class,
                () -> as(forecast, VIEWER).deleteNetworkModels(request));
        assertEquals(Status.Code.PERMISSION_DENIED, viewer.getStatus().getCode());
        assertTrue(viewer.getStatus().getDescription().contains("DeleteNetworkModels"), viewer.getStatus().getDescription());
    }

    @Test
    void aViewerForecastsFromTheTwinReadWithTheServicesToken() {
        int before = FakeTwin.CALLS.get();
        ForecastResponse r = as(forecast, VIEWER).forecast(ForecastRequest.newBuilder().setNetwork("short")
                .setModel("last-value").build());
        assertTrue(FakeTwin.CALLS.get() > before, "the (protected) twin was read");
        assertEquals("last-value", r.getMethod());
        for (QuantileSeries q : r.getSteps(0).getQuantilesList()) {
            for (int c = 0; c < 3; c++) {
                assertEquals(ForecastGrpcServiceTest.actual(9, c), q.getRateBps(c), 1e-6, "the last of short's 10 rows");
            }
        }
    }

    @Test
    void healthStaysOpen() {
        assertEquals("SERVING", HealthGrpc.newBlockingStub(health).check(HealthCheckRequest.getDefaultInstance())
                .getStatus().name());
    }

    @Test
    void closedMetricsNeedAToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(none.body().contains("GET /q/metrics"), none.body());
        HttpResponse<String> vera = http.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + VIEWER)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, vera.statusCode());
        assertTrue(vera.body().contains("# TYPE"), "Prometheus text");
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), "health stays open for probes");
    }
}
