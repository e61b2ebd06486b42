package io.twinloop.forecast.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
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
import io.twinloop.proto.common.v1.OdPair;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.ListModelsRequest;
import io.twinloop.proto.forecast.v1.ModelInfo;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecast-service through real gRPC stubs, reading history from {@link FakeTwin}. */
@QuarkusTest
class ForecastGrpcServiceTest {
    static final int DAY = 24;

    @GrpcClient("forecast")
    ForecastServiceGrpc.ForecastServiceBlockingStub forecast;

    @GrpcClient("health")
    Channel healthChannel;

    @GrpcClient("reflection")
    Channel reflectionChannel;

    // ---- independent computation of the expected forecast (the spec, written out) ----

    /** Column of the response for FakeTwin.PAIRS[p]: pairs sorted by (src, dst) are R1->R2, R1->R3, R2->R1. */
    static final int[] FAKE_PAIR_OF_COLUMN = {2, 1, 0};

    static double actual(int row, int column) {
        return FakeTwin.rate(row, FAKE_PAIR_OF_COLUMN[column]);
    }

    /** Seasonal naive for end + h (h <= 24): the row a day earlier, or the row before it when that one is missing. */
    static double point(int end, int h, int column) {
        int row = end + h - DAY;
        return actual(row == FakeTwin.MISSING_ROW ? row - 1 : row, column);
    }

    /** max(0, point + type-7 quantile of the one-step residuals over the last two days before end). */
    static double quantile(int end, int h, int column, double q) {
        List<Double> residuals = new ArrayList<>();
        for (int t = Math.max(DAY, end - 2 * DAY + 1); t <= end; t++) {
            if (t != FakeTwin.MISSING_ROW) {
                residuals.add(actual(t, column) - point(t - 1, 1, column));
            }
        }
        double[] r = residuals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = (r.length - 1) * q;
        int lo = (int) Math.floor(pos);
        double offset = lo + 1 < r.length ? r[lo] + (pos - lo) * (r[lo + 1] - r[lo]) : r[lo];
        return Math.max(0, point(end, h, column) + offset);
    }

    // ---- tests ----

    @Test
    void forecastsSeasonalNaiveWithCalibratedQuantiles() {
        ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder()
                .setNetwork("metro").setHorizonSteps(DAY).build());
        assertEquals("metro", r.getNetwork());
        assertEquals("seasonal-naive", r.getMethod());
        assertEquals("", r.getModel(), "a baseline served: no model");
        assertEquals("", r.getFallbackReason());
        assertEquals(3600, r.getStepSeconds());
        assertEquals(71, r.getHistoryEndRow());
        assertEquals("20240303-2300", r.getHistoryEndTime());
        assertEquals(List.of(pair("R1", "R2"), pair("R1", "R3"), pair("R2", "R1")), r.getOdPairsList());
        assertEquals(DAY, r.getStepsCount());
        for (ForecastStep step : r.getStepsList()) {
            int h = step.getStep();
            assertEquals(String.format("20240304-%02d00", h - 1), step.getTime());
            assertEquals(List.of(0.5, 0.9), step.getQuantilesList().stream().map(QuantileSeries::getQuantile).toList());
            for (int c = 0; c < 3; c++) {
                assertEquals(quantile(71, h, c, 0.5), step.getQuantiles(0).getRateBps(c), 1e-3, "h " + h + " col " + c);
                assertEquals(quantile(71, h, c, 0.9), step.getQuantiles(1).getRateBps(c), 1e-3, "h " + h + " col " + c);
            }
        }
        // h = 3 reads row 50, a missing measurement: row 49 stands in, not zeros.
        assertTrue(r.getSteps(2).getQuantiles(0).getRateBps(0) > 1e7);
    }

    @Test
    void replaysFromAPastRowAndKeepsQuantilesMonotoneInRequestOrder() {
        List<Double> qs = List.of(0.9, 0.1, 0.5, 0.99);
        ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder()
                .setNetwork("metro").setHorizonSteps(5).addAllQuantiles(qs).setHistoryEndRow(60).build());
        assertEquals(60, r.getHistoryEndRow());
        assertEquals(FakeTwin.time(60), r.getHistoryEndTime());
        for (ForecastStep step : r.getStepsList()) {
            assertEquals(qs, step.getQuantilesList().stream().map(QuantileSeries::getQuantile).toList());
            for (int c = 0; c < 3; c++) {
                double p90 = step.getQuantiles(0).getRateBps(c);
                double p10 = step.getQuantiles(1).getRateBps(c);
                double p50 = step.getQuantiles(2).getRateBps(c);
                double p99 = step.getQuantiles(3).getRateBps(c);
                assertTrue(p10 <= p50 && p50 <= p90 && p90 <= p99, "step " + step.getStep() + " col " + c);
                assertEquals(quantile(60, step.getStep(), c, 0.5), p50, 1e-3);
                assertEquals(quantile(60, step.getStep(), c, 0.1), p10, 1e-3);
            }
        }
    }

    @Test
    void aForecastCountsTheEstimatedSamplesOfTheHistoryItReadAndTheirWorstFit() {
        ForecastResponse measured = forecast.forecast(ForecastRequest.newBuilder().setNetwork("metro").setHorizonSteps(3).build());
        assertEquals(0, measured.getHistoryEstimatedSamples());
        assertEquals(0.0, measured.getHistoryMaxFitError());
        assertEquals(72, measured.getHistorySamples(), "the whole series is inside the eight days a baseline reads");

        // the window a baseline reads is every stored row up to the end row (the series is shorter than eight days)
        for (int end : new int[]{71, 40, 25, 4}) {
            for (String model : List.of("", "last-value", "ewma")) {
                ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder().setNetwork("estimated")
                        .setHorizonSteps(3).setHistoryEndRow(end).setModel(model).build());
                int count = 0;
                double max = 0;
                for (var e : FakeTwin.ESTIMATED_FITS.entrySet()) {
                    if (e.getKey() <= end) {
                        count++;
                        max = Math.max(max, e.getValue());
                    }
                }
                String what = "end row " + end + ", model '" + model + "'";
                assertEquals(end + 1, r.getHistorySamples(), what);
                assertEquals(count, r.getHistoryEstimatedSamples(), what);
                assertEquals(max, r.getHistoryMaxFitError(), what);
                // the mark changes what the forecast says about its input, not the forecast
                ForecastResponse same = forecast.forecast(ForecastRequest.newBuilder().setNetwork("metro")
                        .setHorizonSteps(3).setHistoryEndRow(end).setModel(model).build());
                assertEquals(same.getStepsList(), r.getStepsList(), what);
                assertEquals(same.getMethod(), r.getMethod(), what);
            }
        }
        ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder().setNetwork("estimated").setHistoryEndRow(40).build());
        assertEquals(3, r.getHistoryEstimatedSamples(), "rows 5, 20 and 33 are at or before row 40; 45, 61, 70 after it");
        assertEquals(Double.POSITIVE_INFINITY, r.getHistoryMaxFitError(), "row 33's counters all read 0");
        ForecastResponse early = forecast.forecast(ForecastRequest.newBuilder().setNetwork("estimated").setHistoryEndRow(30).build());
        assertEquals(2, early.getHistoryEstimatedSamples());
        assertEquals(0.031, early.getHistoryMaxFitError(), "row 20's fit, the worse of rows 5 and 20");
    }

    @Test
    void aShortHistoryFallsBackToLastValue() {
        ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder().setNetwork("short").build());
        assertEquals("last-value", r.getMethod());
        assertTrue(r.getFallbackReason().contains("less than one day"), r.getFallbackReason());
        assertEquals(1, r.getStepsCount());
        for (QuantileSeries q : r.getSteps(0).getQuantilesList()) {
            for (int c = 0; c < 3; c++) {
                assertEquals(actual(9, c), q.getRateBps(c), 1e-6);
            }
        }
    }

    @Test
    void unknownNetworkPassesTheTwinsNotFoundThrough() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> forecast.forecast(ForecastRequest.newBuilder().setNetwork("nowhere").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("network 'nowhere' not found", e.getStatus().getDescription());
        assertEquals("NETWORK_NOT_FOUND", errorInfo(e).getReason());
    }

    @Test
    void unknownModelIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> forecast.forecast(ForecastRequest.newBuilder().setNetwork("metro").setModel("lstm-7").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("MODEL_NOT_FOUND", errorInfo(e).getReason());
    }

    @Test
    void badRequestsAreRejectedWithAFieldViolationBeforeTheTwinIsCalled() {
        int calls = FakeTwin.CALLS.get();
        assertInvalid(ForecastRequest.newBuilder().setNetwork("metro").setHorizonSteps(1000), "horizon_steps");
        assertInvalid(ForecastRequest.newBuilder().setNetwork("metro").addQuantiles(0.5).addQuantiles(1.5), "quantiles");
        assertInvalid(ForecastRequest.newBuilder().setNetwork("metro").addQuantiles(0.0), "quantiles");
        assertInvalid(ForecastRequest.newBuilder().setNetwork("metro").setHistoryEndRow(-1), "history_end_row");
        assertInvalid(ForecastRequest.newBuilder(), "network");
        assertEquals(calls, FakeTwin.CALLS.get());
        // Beyond the series: known only after asking the twin.
        assertInvalid(ForecastRequest.newBuilder().setNetwork("metro").setHistoryEndRow(72), "history_end_row");
    }

    @Test
    void aNetworkWithoutTrafficIsAFailedPrecondition() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> forecast.forecast(ForecastRequest.newBuilder().setNetwork("empty").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("network empty has no traffic history; import a traffic CSV first", e.getStatus().getDescription());
        assertEquals("NO_TRAFFIC_HISTORY", errorInfo(e).getReason());
        assertEquals("twinloop.io", errorInfo(e).getDomain());
    }

    @Test
    void anUnavailableTwinIsUnavailable() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> forecast.forecast(ForecastRequest.newBuilder().setNetwork("down").build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("twin-service at 127.0.0.1:8081 is unavailable: the twin's database is not available; retry later",
                e.getStatus().getDescription());
        assertEquals("TWIN_UNAVAILABLE", errorInfo(e).getReason());
    }

    @Test
    void theCallersDeadlineIsPassedToTheTwin() {
        forecast.withDeadlineAfter(3, TimeUnit.SECONDS).forecast(ForecastRequest.newBuilder().setNetwork("metro").build());
        long withCaller = FakeTwin.LAST_DEADLINE_NANOS.get();
        assertTrue(withCaller > 0 && withCaller <= TimeUnit.SECONDS.toNanos(3), "remaining " + withCaller + " ns");
        forecast.forecast(ForecastRequest.newBuilder().setNetwork("metro").build());
        long withoutCaller = FakeTwin.LAST_DEADLINE_NANOS.get();
        assertTrue(withoutCaller > TimeUnit.SECONDS.toNanos(5) && withoutCaller <= TimeUnit.SECONDS.toNanos(10),
                "remaining " + withoutCaller + " ns");
    }

    @Test
    void aNetworkWithoutTrainedModelsListsNoneAndForecastsWithABaseline() {
        List<ModelInfo> models = forecast.listModels(ListModelsRequest.newBuilder().setNetwork("metro").build()).getModelsList();
        assertEquals(List.of(), models, "no test trains on metro");
        ForecastResponse r = forecast.forecast(ForecastRequest.newBuilder().setNetwork("metro").build());
        assertEquals("", r.getModel());
        assertEquals(0, r.getModelVersion());
        assertEquals("seasonal-naive", r.getMethod());
    }

    @Test
    void healthReportsTheServiceServing() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(healthChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("twinloop.forecast.v1.ForecastService").build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
    }

    @Test
    void reflectionListsTheForecastService() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(reflectionChannel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        services.complete(value.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        services.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        List<String> names = services.get(5, TimeUnit.SECONDS);
        assertTrue(names.contains("twinloop.forecast.v1.ForecastService"), names.toString());
    }

    // ---- helpers ----

    static OdPair pair(String src, String dst) {
        return OdPair.newBuilder().setSrc(src).setDst(dst).build();
    }

    private void assertInvalid(ForecastRequest.Builder request, String field) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> forecast.forecast(request.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        BadRequest bad = detail(e, BadRequest.class);
        assertEquals(List.of(field), bad.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).toList(),
                e.getStatus().getDescription());
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) {
        return detail(e, ErrorInfo.class);
    }

    static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertTrue(status != null, "no google.rpc.Status details in " + e.getStatus());
        return status.getDetailsList().stream().filter(a -> a.is(type)).findFirst().map(a -> {
            try {
                return a.unpack(type);
            } catch (InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
            }
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + Arrays.toString(
                status.getDetailsList().stream().map(com.google.protobuf.Any::getTypeUrl).toArray())));
    }
}
