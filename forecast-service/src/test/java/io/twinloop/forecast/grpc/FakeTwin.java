package io.twinloop.forecast.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.NetworkSummary;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake twin-service served by the test application on the same port as the forecast-service.
 * It implements ListNetworks and GetTrafficHistory (with the real twin's row, limit and error semantics) over
 * small deterministic series:
 * <ul>
 *   <li>{@code metro}: 3 days of hourly matrices of 3 OD pairs with a daily shape; row 50 is a
 *       missing measurement (no demands) and R1->R3 has zero traffic at row 40 (omitted);</li>
 *   <li>{@code short}: the first 10 rows of metro (less than a day);</li>
 *   <li>{@code trainable}: the same series as metro, for the tests that train models (a trained
 *       model would serve metro's forecasts instead of the baselines other tests check), and
 *       {@code gated}, the same again, for the test of a model that lost to a baseline;</li>
 *   <li>{@code estimated}: metro's series with the rows of {@link #ESTIMATED_FITS} marked estimated
 *       from link counters, with those fits (one of them +Infinity); {@code trainable}'s rows of
 *       {@link #TRAINABLE_ESTIMATED_FITS} are marked the same way;</li>
 *   <li>{@code empty}: a network without traffic;</li>
 *   <li>{@code down}: answers UNAVAILABLE; any other network is NOT_FOUND.</li>
 * </ul>
 */
@GrpcService
public class FakeTwin extends TwinServiceGrpc.TwinServiceImplBase {
    static final int STEP_SECONDS = 3600;
    static final int METRO_ROWS = 72;
    static final int MISSING_ROW = 50;
    static final int ZERO_ROW = 40;
    /** OD pairs in the order the fake writes demands (deliberately not sorted). */
    static final String[][] PAIRS = {{"R2", "R1"}, {"R1", "R3"}, {"R1", "R2"}};

    static final AtomicInteger CALLS = new AtomicInteger();
    /** Remaining deadline of the last call in ns, or -1 when it had none. */
    static final AtomicLong LAST_DEADLINE_NANOS = new AtomicLong();

    /** Rows of {@code estimated} marked estimated, with their fit to the counters. */
    static final Map<Integer, Double> ESTIMATED_FITS = Map.of(
            5, 0.004, 20, 0.031, 33, Double.POSITIVE_INFINITY, 45, 0.012, 61, 0.02, 70, 0.007);
    /** Rows of {@code trainable} marked estimated: the last two, so that every model's features read them. */
    static final Map<Integer, Double> TRAINABLE_ESTIMATED_FITS = Map.of(70, 0.05, 71, 0.002);

    private static final Map<String, List<TrafficMatrix>> NETWORKS = Map.of(
            "metro", metro(METRO_ROWS),
            "short", metro(10),
            "estimated", estimated(metro(METRO_ROWS), ESTIMATED_FITS),
            "trainable", estimated(metro(METRO_ROWS), TRAINABLE_ESTIMATED_FITS),
            "gated", metro(METRO_ROWS),
            "empty", List.of());

    /** Rate of PAIRS[pair] at a row in bit/s: a daily sine, a daily 5% growth and a deterministic wiggle. */
    static double rate(int row, int pair) {
        if (row == MISSING_ROW) {
            throw new IllegalArgumentException("row " + MISSING_ROW + " is missing");
        }
        if (row == ZERO_ROW && pair == 1) {
            return 0;
        }
        return 1e8 * (pair + 1) * (1.5 + Math.sin(2 * Math.PI * (row % 24) / 24.0)) * (1 + 0.05 * (row / 24))
                + 1e6 * ((row * 7 + pair * 5) % 13);
    }

    /** Label of a row: hourly from 2024-03-01 00:00. */
    static String time(int row) {
        return String.format("202403%02d-%02d00", 1 + row / 24, row % 24);
    }

    private static List<TrafficMatrix> metro(int rows) {
        List<TrafficMatrix> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            TrafficMatrix.Builder m = TrafficMatrix.newBuilder().setTime(time(r));
            if (r != MISSING_ROW) {
                for (int p = 0; p < PAIRS.length; p++) {
                    double v = rate(r, p);
                    if (v != 0) {
                        m.addDemands(Demand.newBuilder().setSrc(PAIRS[p][0]).setDst(PAIRS[p][1]).setRateBps(v));
                    }
                }
            }
            out.add(m.build());
        }
        return List.copyOf(out);
    }

    /** {@code series} with the rows of {@code fits} marked estimated with those fits. */
    private static List<TrafficMatrix> estimated(List<TrafficMatrix> series, Map<Integer, Double> fits) {
        List<TrafficMatrix> out = new ArrayList<>(series);
        fits.forEach((row, fit) -> out.set(row, out.get(row).toBuilder().setEstimated(true).setFitError(fit).build()));
        return List.copyOf(out);
    }

    @Override
    public void getTrafficHistory(GetTrafficHistoryRequest req, StreamObserver<GetTrafficHistoryResponse> out) {
        CALLS.incrementAndGet();
        Deadline deadline = Context.current().getDeadline();
        LAST_DEADLINE_NANOS.set(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.NANOSECONDS));
        if (req.getNetwork().equals("down")) {
            // as the real twin: its own refusals carry an ErrorInfo
            out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.UNAVAILABLE_VALUE).setMessage("the twin's database is not available; retry later")
                    .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("STORE_UNAVAILABLE").setDomain("twinloop.io").build()))
                    .build()));
            return;
        }
        List<TrafficMatrix> series = NETWORKS.get(req.getNetwork());
        if (series == null) {
            out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.NOT_FOUND_VALUE)
                    .setMessage("network '" + req.getNetwork() + "' not found")
                    .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("NETWORK_NOT_FOUND").setDomain("twinloop.io").build()))
                    .build()));
            return;
        }
        int total = series.size();
        int limit = req.getLimit() == 0 ? 10_000 : req.getLimit();
        int from;
        int to;
        if (req.hasFromRow() || req.hasToRow()) {
            from = req.hasFromRow() ? req.getFromRow() : 0;
            to = req.hasToRow() ? req.getToRow() : total;
            if (from < 0 || to > total || from > to) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("row range [" + from + ", " + to
                        + ") is outside the series of " + total + " samples").asRuntimeException());
                return;
            }
            to = Math.min(to, from + limit);
        } else {
            to = total;
            from = Math.max(0, total - limit);
        }
        out.onNext(GetTrafficHistoryResponse.newBuilder()
                .setNetwork(req.getNetwork()).setFirstRow(from).setTotalSamples(total)
                .setStepSeconds(total >= 2 ? STEP_SECONDS : 0)
                .addAllSamples(series.subList(from, to))
                .build());
        out.onCompleted();
    }

    @Override
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        ListNetworksResponse.Builder b = ListNetworksResponse.newBuilder();
        new java.util.TreeMap<>(NETWORKS).forEach((name, rows) -> b.addNetworks(NetworkSummary.newBuilder()
                .setNetwork(name).setTrafficSamples(rows.size())));
        out.onNext(b.build());
        out.onCompleted();
    }
}
