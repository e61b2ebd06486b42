package io.twinloop.twin.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.TrafficEstimator;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;
import io.twinloop.platform.auth.Role;
import io.twinloop.platform.grpc.CallContext;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.twin.v1.EstimateProgress;
import io.twinloop.proto.twin.v1.EstimateSummary;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficResponse;
import io.twinloop.proto.twin.v1.EstimatedTraffic;
import io.twinloop.proto.twin.v1.LinkResidual;
import io.twinloop.twin.auth.AuthInterceptor;
import io.twinloop.twin.estimate.CounterFiles;
import io.twinloop.twin.estimate.EstimatedRows;
import io.twinloop.twin.estimate.EstimationInput;
import io.twinloop.twin.estimate.StoredCounters;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.store.ResidualCodec;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TelemetryPages;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * EstimateTraffic: traffic matrices estimated from link counters (demand deduction) on a snapshot's exact
 * routing matrix ({@link RoutingMatrix} of the ECMP kernel), from uploaded counter files
 * ({@link CounterFiles}) or the stored telemetry of a window ({@link StoredCounters}). The whole request is
 * read and every interval estimated before anything is stored or streamed, so bad input, an estimate the
 * model refuses or rows the stored series refuses store nothing and send no interval. With {@code store},
 * the rows are appended in one transaction, marked as estimated with their fit
 * ({@link TrafficStore#appendEstimated}).
 */
@ApplicationScoped
public class EstimateTrafficRpc {

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    TelemetryPages pages;
    @Inject
    TwinLimits limits;
    @Inject
    AuthInterceptor auth;

    public void estimateTraffic(EstimateTrafficRequest req, StreamObserver<EstimateTrafficResponse> out) {
        long start = System.nanoTime();
        String name = networkName(req.getNetwork());
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        if (req.getStore()) {
            auth.require(Role.OPERATOR, "EstimateTraffic with store");
        }
        EstimationMethod method = EstimationMethod.parse(req.getMethod());
        Snapshot snapshot = store.snapshot(name, req.getVersion());
        Network net = snapshot.network();
        int n = net.nodes().size();
        int pairs = n * (n - 1);
        EstimationInput input = input(req, name, net, pairs);
        int total = input.intervals().size();
        progress(out, 0, total, start);
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(net));
        // progress at most once a second (and at the end); a caller that gave up stops the work
        long[] lastSent = {System.nanoTime()};
        List<EstimatedInterval> estimates = new TrafficEstimator(a).estimate(input.intervals(), input.calibration(), method,
                done -> {
                    CallContext.checkNotGivenUp("the estimation");
                    long now = System.nanoTime();
                    if (done < total && now - lastSent[0] >= 1_000_000_000L) {
                        lastSent[0] = now;
                        progress(out, done, total, start);
                    }
                });
        progress(out, total, total, start);

        EstimateSummary.Builder summary = EstimateSummary.newBuilder().setNetwork(name).setVersion(snapshot.version())
                .setMethod((method != null ? method : EstimationMethod.defaultFor(input.calibration() != null)).id())
                .setIntervals(total);
        net.nodes().forEach(v -> summary.addNodes(v.name()));
        if (req.getStore()) {
            EstimatedRows rows = EstimatedRows.of(a, input.intervals(), estimates);
            TrafficStore.TrafficLoad load = trafficStore.appendEstimated(name, rows.pairs(), rows.rows(), rows.residuals(),
                    i -> "interval " + i + " (" + input.labels().get(i) + ")");
            summary.setStoredRows((int) (load.lastRow() - load.firstRow() + 1)).setGapRows(load.gapRows())
                    .setFirstRow((int) load.firstRow()).setTotalSamples((int) load.totalRows());
        }
        double[] fits = new double[total];
        int withMissing = 0;
        for (int i = 0; i < total; i++) {
            EstimatedInterval e = estimates.get(i);
            fits[i] = e.fitError();
            withMissing += e.missingLinks().isEmpty() ? 0 : 1;
            send(out, EstimateTrafficResponse.newBuilder().setInterval(interval(i, input.labels().get(i), e, a, input)).build());
        }
        Arrays.sort(fits);
        summary.setMedianFitError(total % 2 == 1 ? fits[total / 2] : (fits[total / 2 - 1] + fits[total / 2]) / 2)
                .setMaxFitError(fits[total - 1]).setIntervalsWithMissingLinks(withMissing);
        send(out, EstimateTrafficResponse.newBuilder().setSummary(summary).build());
        out.onCompleted();
    }

    private EstimationInput input(EstimateTrafficRequest req, String name, Network net, int pairs) {
        boolean window = !req.getFromTime().isBlank() || !req.getToTime().isBlank();
        if (!req.getLinksCsv().isEmpty()) {
            if (window) {
                throw new RequestException("from_time", "from_time and to_time select stored telemetry; with links_csv "
                        + "the intervals are the file's, so leave them empty");
            }
            EstimationInput input = CounterFiles.read(net, RequestFields.fileContent(req.getLinksCsv(), "links_csv"),
                    optional(req.getNodesCsv(), "nodes_csv"), optional(req.getKnownCsv(), "known_csv"),
                    optional(req.getCalibrationCsv(), "calibration_csv"));
            limits.checkEstimate("links_csv", input.intervals().size(), pairs);
            return input;
        }
        if (!req.getNodesCsv().isEmpty() || !req.getKnownCsv().isEmpty()) {
            throw new RequestException(req.getNodesCsv().isEmpty() ? "known_csv" : "nodes_csv", "node totals and known "
                    + "demands are matched to the intervals of links_csv; send links_csv with them");
        }
        if (req.getFromTime().isBlank() || req.getToTime().isBlank()) {
            throw new RequestException(req.getFromTime().isBlank() ? "from_time" : "to_time", "without links_csv the "
                    + "counters are the stored telemetry of a window: set both from_time and to_time");
        }
        long from = time(req.getFromTime(), "from_time");
        long to = time(req.getToTime(), "to_time");
        if (from >= to) {
            throw new RequestException("to_time", "to_time " + req.getToTime() + " must be after from_time " + req.getFromTime());
        }
        if (req.getIntervalSeconds() < 0) {
            throw new RequestException("interval_seconds", "interval_seconds must be >= 0 (0 = one interval per sample "
                    + "time), got " + req.getIntervalSeconds());
        }
        byte[] cal = optional(req.getCalibrationCsv(), "calibration_csv");
        EstimationInput stored = StoredCounters.read(pages, name, net, from, to, req.getIntervalSeconds(),
                k -> limits.checkEstimate("from_time", k, pairs));
        if (stored.intervals().isEmpty()) {
            throw new RequestException("from_time", "network '" + name + "' has no stored telemetry of its links from "
                    + req.getFromTime() + " to " + req.getToTime());
        }
        Calibration calibration = cal == null ? null : CounterFiles.calibration(net, cal);
        return new EstimationInput(stored.labels(), stored.intervals(), calibration);
    }

    private static byte[] optional(ByteString content, String field) {
        return content.isEmpty() ? null : RequestFields.fileContent(content, field);
    }

    private static long time(String label, String field) {
        OptionalLong seconds = TimeLabels.epochSeconds(label.strip());
        if (seconds.isEmpty()) {
            throw new RequestException(field, "cannot read time '" + label + "'; use ISO-8601 (2004-03-01T00:05:00Z) "
                    + "or yyyyMMdd-HHmm (UTC)");
        }
        return seconds.getAsLong() * 1000;
    }

    private static EstimatedTraffic interval(int index, String label, EstimatedInterval e, RoutingMatrix a,
                                             EstimationInput input) {
        Network net = a.network();
        List<Demand> demands = new ArrayList<>();
        double[] x = e.pairBps();
        for (int p = 0; p < x.length; p++) {
            if (x[p] != 0) {
                demands.add(new Demand(net.nodes().get(a.src(p)).name(), net.nodes().get(a.dst(p)).name(), x[p]));
            }
        }
        EstimatedTraffic.Builder b = EstimatedTraffic.newBuilder().setIndex(index)
                .setMatrix(Translator.matrix(label, demands, e.fitError()))
                .addAllMissingLinkIds(e.missingLinks()).setFitError(e.fitError());
        for (ResidualCodec.LinkFit f : EstimatedRows.residuals(net, input.intervals().get(index), e).links()) {
            b.addResiduals(LinkResidual.newBuilder().setLinkId(f.linkId()).setCountedBps(f.countedBps())
                    .setResidualBps(f.residualBps()));
        }
        return b.build();
    }

    private static void progress(StreamObserver<EstimateTrafficResponse> out, int done, int total, long start) {
        send(out, EstimateTrafficResponse.newBuilder().setProgress(EstimateProgress.newBuilder().setDone(done)
                .setTotal(total).setElapsedSeconds((System.nanoTime() - start) / 1e9)).build());
    }

    private static void send(StreamObserver<EstimateTrafficResponse> out, EstimateTrafficResponse msg) {
        if (!(out instanceof ServerCallStreamObserver<EstimateTrafficResponse> call) || !call.isCancelled()) {
            out.onNext(msg);
        }
    }
}
