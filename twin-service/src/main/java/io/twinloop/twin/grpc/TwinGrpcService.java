package io.twinloop.twin.grpc;

import io.twinloop.model.TimeLabels;
import io.twinloop.platform.proto.Translator;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.model.Demand;
import io.twinloop.model.ImportException;
import io.twinloop.model.Network;
import io.twinloop.model.NetworkName;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyFormat;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.plan.Churn;
import io.twinloop.model.plan.NetworkDiff;
import io.twinloop.model.plan.Plan;
import io.twinloop.platform.grpc.CallContext;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ApplyPlanResponse;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteNetworkResponse;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.ListVersionsResponse;
import io.twinloop.proto.twin.v1.NetworkSummary;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;
import io.twinloop.twin.simulation.SimulationResult;
import io.twinloop.twin.simulation.Simulator;
import io.twinloop.twin.simulation.WhatIf;
import io.twinloop.twin.store.NetworkDeletion;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.store.VersionInfo;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The twin's gRPC API. Every method validates its request fully before it writes anything,
 * and runs on a worker thread (parsing, JDBC and routing are blocking work).
 */
@GrpcService
public class TwinGrpcService extends TwinServiceGrpc.TwinServiceImplBase {
    /** Largest topology or traffic file accepted in one request. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;
    /** Largest number of samples returned by one GetTrafficHistory call. */
    static final int MAX_HISTORY_SAMPLES = 10_000;

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    io.twinloop.twin.limits.TwinLimits limits;
    @Inject
    NetworkDeletion deletion;
    @Inject
    io.twinloop.twin.telemetry.OperStateRegistry operStates;
    @Inject
    io.twinloop.twin.telemetry.DivergenceDetector divergence;
    @Inject
    MeterRegistry registry;

    /** Counts the failure sweeps stopped early because their caller gave up (deadline passed, call cancelled). */
    public static final String SWEEPS_GIVEN_UP = "twinloop_sweeps_given_up";

    @Override
    @Blocking
    public void importTopology(ImportTopologyRequest req, StreamObserver<ImportTopologyResponse> out) {
        String name = req.getNetwork();
        String problem = NetworkName.problem(name);
        if (problem != null) {
            throw new RequestException("network", problem); // a new network, or a new version: the full rule
        }
        byte[] content = fileContent(req.getContent(), "content");
        TopologyFormat format = switch (req.getFormat()) {
            case TOPOLOGY_FORMAT_SNDLIB_XML -> TopologyFormat.SNDLIB_XML;
            case TOPOLOGY_FORMAT_GML -> TopologyFormat.GML;
            case TOPOLOGY_FORMAT_GRAPHML -> TopologyFormat.GRAPHML;
            case TOPOLOGY_FORMAT_NODE_LINK_JSON -> TopologyFormat.NODE_LINK_JSON;
            case TOPOLOGY_FORMAT_UNSPECIFIED -> TopologyFormat.detect(req.getFileName(), content);
            default -> throw new RequestException("format", "unknown topology format " + req.getFormatValue());
        };
        Network network = TopologyImporters.read(format, name, content);
        if (network.nodes().isEmpty()) {
            throw new RequestException("content", "the file has no nodes");
        }
        limits.checkTopology(network);
        String reason = req.getReason().isBlank()
                ? "import " + (req.getFileName().isBlank() ? format.name() : req.getFileName())
                : req.getReason();
        TwinStore.Imported imported = store.importNetwork(name, network, reason, author(req.getAuthor()),
                req.getReplace());
        VersionInfo v = imported.version();
        out.onNext(ImportTopologyResponse.newBuilder()
                .setNetwork(name).setVersion(v.version()).setDroppedOdPairs(imported.droppedOdPairs())
                .setNodes(network.nodes().size()).setLinks(network.links().size())
                .setDemands(network.demands().size())
                .build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteNetwork(DeleteNetworkRequest req, StreamObserver<DeleteNetworkResponse> out) {
        String name = networkName(req.getNetwork());
        NetworkDeletion.Deleted d = deletion.delete(name);
        operStates.forget(name);
        divergence.forget(name);
        out.onNext(DeleteNetworkResponse.newBuilder().setNetwork(name).setVersionsDeleted(d.versions())
                .setTrafficSamplesDeleted(d.trafficSamples()).setTelemetrySamplesDeleted(d.telemetrySamples()).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        ListNetworksResponse.Builder b = ListNetworksResponse.newBuilder();
        for (TwinStore.NetworkHead head : store.networks()) {
            Snapshot s = store.snapshot(head.name(), head.latestVersion());
            b.addNetworks(NetworkSummary.newBuilder()
                    .setNetwork(head.name()).setLatestVersion(head.latestVersion())
                    .setNodes(s.network().nodes().size()).setLinks(s.network().links().size())
                    .setTrafficSamples(trafficStore.traffic(head.name()).size())
                    .setUpdatedUnixMs(s.info().createdUnixMs()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getNetwork(GetNetworkRequest req, StreamObserver<GetNetworkResponse> out) {
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        GetNetworkResponse.Builder b = GetNetworkResponse.newBuilder()
                .setNetwork(s.networkName()).setVersion(s.version())
                .setTopology(Translator.topology(s.network()))
                .setTrafficSamples(trafficStore.traffic(s.networkName()).size());
        s.network().demands().forEach(d -> b.addStaticDemands(Translator.demand(d)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listVersions(ListVersionsRequest req, StreamObserver<ListVersionsResponse> out) {
        if (req.getLimit() < 0) {
            throw new RequestException("limit", "limit must be >= 0, got " + req.getLimit());
        }
        String name = networkName(req.getNetwork());
        List<VersionInfo> versions = store.versions(name);
        // The store lists oldest first; the API answers newest first, the newest `limit` of them.
        int from = req.getLimit() == 0 ? 0 : Math.max(0, versions.size() - req.getLimit());
        ListVersionsResponse.Builder b = ListVersionsResponse.newBuilder().setNetwork(name);
        for (int i = versions.size() - 1; i >= from; i--) {
            VersionInfo v = versions.get(i);
            b.addVersions(io.twinloop.proto.twin.v1.VersionInfo.newBuilder()
                    .setVersion(v.version()).setParentVersion(v.parentVersion())
                    .setReason(v.reason()).setAuthor(v.author()).setCreatedUnixMs(v.createdUnixMs()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void diffVersions(DiffVersionsRequest req, StreamObserver<DiffVersionsResponse> out) {
        String name = networkName(req.getNetwork());
        Snapshot from = store.snapshot(name, req.getFromVersion());
        Snapshot to = store.snapshot(name, req.getToVersion());
        DiffVersionsResponse.Builder b = DiffVersionsResponse.newBuilder()
                .setNetwork(name).setFromVersion(from.version()).setToVersion(to.version());
        DiffProtoMapper.addChanges(b, NetworkDiff.between(from.network(), to.network()));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void importTraffic(ImportTrafficRequest req, StreamObserver<ImportTrafficResponse> out) {
        String name = networkName(req.getNetwork());
        if (req.getAppend() && req.getReplace()) {
            throw new RequestException("replace", "append and replace contradict each other: appending is the "
                    + "default, set only replace to replace the stored series");
        }
        byte[] content = fileContent(req.getCsvContent(), "csv_content");
        Snapshot latest = store.snapshot(name, 0);
        TrafficSeries series = TrafficCsvImporter.read(content);
        String file = req.getFileName().isBlank() ? "the file" : req.getFileName();
        if (series.size() == 0) {
            throw new ImportException(TrafficCsvImporter.FORMAT, 1, file + " has a header but no samples: nothing to load, "
                    + "and the stored series is kept" + (req.getReplace() ? " (a series is never replaced by nothing)" : ""));
        }
        limits.checkOdPairs(series.pairs().size());
        series.validateAgainst(latest.network());
        IntFunction<String> where = i -> "line " + TrafficCsvImporter.lineOf(i);
        int missing = (int) series.samples().stream().filter(TrafficSample::missing).count();
        ImportTrafficResponse.Builder b = ImportTrafficResponse.newBuilder()
                .setSamples(series.size()).setOdPairs(series.pairs().size()).setReplaced(req.getReplace())
                .setFirstTime(series.samples().get(0).time()).setLastTime(series.samples().get(series.size() - 1).time());
        if (req.getReplace()) {
            trafficStore.replaceTraffic(name, series, where);
            b.setMissingSamples(missing).setFirstRow(0).setTotalSamples(series.size());
        } else {
            TrafficStore.TrafficLoad load = trafficStore.appendTraffic(name, series, where);
            b.setMissingSamples(missing + load.gapRows()).setGapRows(load.gapRows())
                    .setFirstRow((int) load.firstRow()).setTotalSamples((int) load.totalRows());
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getTrafficHistory(GetTrafficHistoryRequest req, StreamObserver<GetTrafficHistoryResponse> out) {
        String name = networkName(req.getNetwork());
        TrafficSeries series = trafficStore.traffic(name);
        int total = series.size();
        if (req.getLimit() < 0) {
            throw new RequestException("limit", "limit must be >= 0, got " + req.getLimit());
        }
        int limit = req.getLimit() == 0 ? MAX_HISTORY_SAMPLES : Math.min(req.getLimit(), MAX_HISTORY_SAMPLES);
        int from;
        int to;
        if (req.hasFromRow() || req.hasToRow()) {
            from = req.hasFromRow() ? req.getFromRow() : 0;
            to = req.hasToRow() ? req.getToRow() : total;
            if (from < 0 || to > total || from > to) {
                throw new RequestException("from_row", "row range [" + from + ", " + to
                        + ") is outside the series of " + total + " samples");
            }
            to = Math.min(to, from + limit);
        } else if (!req.getFromTime().isBlank() || !req.getToTime().isBlank()) {
            long lo = req.getFromTime().isBlank() ? Long.MIN_VALUE : time(req.getFromTime(), "from_time");
            long hi = req.getToTime().isBlank() ? Long.MAX_VALUE : time(req.getToTime(), "to_time");
            from = total;
            to = total;
            for (int i = 0; i < total; i++) {
                long t = TimeLabels.epochSeconds(series.samples().get(i).time()).orElse(Long.MIN_VALUE);
                if (t >= lo && from == total) {
                    from = i;
                }
                if (t >= hi) {
                    to = i;
                    break;
                }
            }
            from = Math.min(from, to);
            to = Math.min(to, from + limit);
        } else {
            to = total;
            from = Math.max(0, total - limit);
        }
        GetTrafficHistoryResponse.Builder b = GetTrafficHistoryResponse.newBuilder()
                .setNetwork(name).setFirstRow(from).setTotalSamples(total)
                .setStepSeconds(TimeLabels.stepSeconds(series.samples().stream().map(TrafficSample::time).toList()));
        for (int i = from; i < to; i++) {
            TrafficMatrix.Builder m = TrafficMatrix.newBuilder().setTime(series.samples().get(i).time());
            if (!series.samples().get(i).missing()) {
                    series.demandsAt(i).forEach(d -> m.addDemands(Translator.demand(d)));
            }
            b.addSamples(m);
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    private static long time(String label, String field) {
        return TimeLabels.epochSeconds(label).orElseThrow(() -> new RequestException(field,
                "cannot read time '" + label + "'; use ISO-8601 (2004-03-01T00:05:00Z) or yyyyMMdd-HHmm"));
    }

    @Override
    @Blocking
    public void simulate(SimulateRequest req, StreamObserver<SimulateResponse> out) {
        limits.checkPlan(req.getPlan());
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        SelectedTraffic traffic = selectTraffic(s, req.hasTraffic() ? req.getTraffic() : null);
        Plan plan = Translator.plan(req.getPlan());
        WhatIf whatIf = new WhatIf(traffic.demands(), plan,
                new HashSet<>(req.getFailures().getLinkIdsList()),
                new HashSet<>(req.getFailures().getNodeNamesList()),
                new HashSet<>(req.getFailures().getSrlgsList()));
        if (req.getChurnBaseVersion() < 0) {
            throw new RequestException("churn_base_version", "churn_base_version must be >= 0 (0 = the simulated version), got "
                    + req.getChurnBaseVersion());
        }
        Network churnBase = req.getChurnBaseVersion() == 0 || req.getChurnBaseVersion() == s.version()
                ? s.network() : store.snapshot(s.networkName(), req.getChurnBaseVersion()).network();
        CallContext.checkNotGivenUp("the simulation"); // reading the network and traffic may have taken the time
        SimulationResult r = Simulator.simulate(s.network(), whatIf);
        int churn = Churn.between(churnBase, plan.applyTo(s.network()));
        SimulateResponse.Builder b = SimulateResponse.newBuilder()
                .setNetwork(s.networkName()).setVersion(s.version())
                .setKpis(Translator.kpis(r.kpis(), churn))
                .addAllLinks(TwinProtoMapper.linkLoads(r))
                .setTrafficTime(traffic.time());
        r.routing().unroutedDemands().forEach(d -> b.addUnroutedDemands(Translator.demand(d)));
        if (traffic.row() >= 0) {
            b.setTrafficRow(traffic.row());
        }
        if (req.getIncludeTraffic()) {
            b.setTraffic(Translator.matrix(traffic.time(), traffic.demands()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void verifyPlans(VerifyPlansRequest req, StreamObserver<VerifyPlansResponse> out) {
        VerifyPlansRpc.checkSizes(req, limits);
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        out.onNext(VerifyPlansRpc.run(req, s, this::selectTraffic, v -> store.snapshot(s.networkName(), v).network()));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void applyPlan(ApplyPlanRequest req, StreamObserver<ApplyPlanResponse> out) {
        String name = networkName(req.getNetwork());
        if (req.getExpectedVersion() <= 0) {
            throw new RequestException("expected_version",
                    "expected_version is required (the version the plan was verified on)");
        }
        limits.checkPlan(req.getPlan());
            Plan plan = Translator.plan(req.getPlan());
        if (plan.actions().isEmpty()) {
            throw new RequestException("plan", "the plan has no actions; nothing to apply");
        }
        Snapshot base = store.snapshot(name, req.getExpectedVersion());
        Network next = plan.applyTo(base.network());
        String reason = req.getReason().isBlank() ? "apply plan of " + plan.actions().size() + " actions" : req.getReason();
        VersionInfo v = store.commit(name, req.getExpectedVersion(), next, reason, author(req.getAuthor()));
        out.onNext(ApplyPlanResponse.newBuilder().setNewVersion(v.version()).setActionsApplied(plan.actions().size()).build());
        out.onCompleted();
    }

    @Override
    @Blocking
    public void sweepFailures(SweepFailuresRequest req, StreamObserver<SweepFailuresResponse> out) {
        limits.checkPlan(req.getPlan());
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        SelectedTraffic traffic = selectTraffic(s, req.hasTraffic() ? req.getTraffic() : null);
        SweepRpc.run(s.network(), s.version(), traffic.demands(), traffic.time(), req, out,
                () -> registry.counter(SWEEPS_GIVEN_UP).increment());
    }

    /** The demands a simulation routes, with where they came from. Row is -1 when not from the series. */
    record SelectedTraffic(List<Demand> demands, String time, int row) {
    }

    SelectedTraffic selectTraffic(Snapshot s, TrafficSelector selector) {
        double scale = selector == null || selector.getScale() == 0 ? 1.0 : selector.getScale();
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new RequestException("traffic.scale", "scale must be a finite number > 0, got " + scale);
        }
        SelectedTraffic base;
        TrafficSeries series = trafficStore.traffic(s.networkName());
        if (selector != null && selector.hasMatrix()) {
            base = new SelectedTraffic(Translator.demands(selector.getMatrix().getDemandsList(), "traffic.matrix.demands"),
                    selector.getMatrix().getTime(), -1);
        } else if (selector != null && selector.hasRow()) {
            int row = selector.getRow();
            if (row < 0 || row >= series.size()) {
                throw new RequestException("traffic.row", "row " + row + " is outside the traffic series of network '"
                        + s.networkName() + "' (" + series.size() + " samples; rows are 0-based)");
            }
            if (series.samples().get(row).missing()) {
                throw new RequestException("traffic.row", "row " + row + " (" + series.samples().get(row).time()
                        + ") is a missing measurement, not zero traffic; choose another row");
            }
            base = new SelectedTraffic(series.demandsAt(row), series.samples().get(row).time(), row);
        } else {
            int row = latestRow(series);
            base = row >= 0
                    ? new SelectedTraffic(series.demandsAt(row), series.samples().get(row).time(), row)
                    : new SelectedTraffic(s.network().demands(), "", -1);
        }
        if (scale == 1.0) {
            return base;
        }
        List<Demand> scaled = base.demands().stream()
                .map(d -> new Demand(d.src(), d.dst(), d.rateBps() * scale)).toList();
        return new SelectedTraffic(scaled, base.time(), base.row());
    }

    /** The last row that is not a missing measurement, or -1. */
    static int latestRow(TrafficSeries series) {
        for (int i = series.size() - 1; i >= 0; i--) {
            if (!series.samples().get(i).missing()) {
                return i;
            }
        }
        return -1;
    }

    private static String networkName(String name) {
        return TelemetryRpcs.networkName(name, false);
    }

    private static byte[] fileContent(com.google.protobuf.ByteString content, String field) {
        if (content.isEmpty()) {
            throw new RequestException(field, "the file is empty");
        }
        if (content.size() > MAX_FILE_BYTES) {
            throw new RequestException(field, "the file is " + content.size() + " bytes; the limit is " + MAX_FILE_BYTES);
        }
        return content.toByteArray();
    }

    private static String author(String author) {
        return author == null || author.isBlank() ? "anonymous" : author;
    }

    // --- Observed state and events: logic in TelemetryRpcs and EventWatchRpc. ---

    @Inject
    TelemetryRpcs telemetryRpcs;

    @Inject
    EventWatchRpc eventWatchRpc;

    @Override
    @Blocking
    public io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTelemetryRequest> ingestTelemetry(
            io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTelemetryResponse> out) {
        return telemetryRpcs.ingestTelemetry(out);
    }

    @Override
    @Blocking
    public io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTelemetryRequest> ingestTelemetryAcked(
            io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTelemetryAck> out) {
        return telemetryRpcs.ingestTelemetryAcked(out);
    }

    @Override
    @Blocking
    public io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTrafficRequest> ingestTraffic(
            io.grpc.stub.StreamObserver<io.twinloop.proto.twin.v1.IngestTrafficResponse> out) {
        return telemetryRpcs.ingestTraffic(out);
    }

    @Override
    @Blocking
    public void getTelemetry(io.twinloop.proto.twin.v1.GetTelemetryRequest req,
                             StreamObserver<io.twinloop.proto.twin.v1.GetTelemetryResponse> out) {
        out.onNext(telemetryRpcs.getTelemetry(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void setRetention(io.twinloop.proto.twin.v1.SetRetentionRequest req,
                             StreamObserver<io.twinloop.proto.twin.v1.SetRetentionResponse> out) {
        out.onNext(telemetryRpcs.setRetention(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getRetention(io.twinloop.proto.twin.v1.GetRetentionRequest req,
                             StreamObserver<io.twinloop.proto.twin.v1.GetRetentionResponse> out) {
        out.onNext(telemetryRpcs.getRetention(req));
        out.onCompleted();
    }

    @Override
    public void watchEvents(io.twinloop.proto.twin.v1.WatchEventsRequest req,
                            StreamObserver<io.twinloop.proto.twin.v1.WatchEventsResponse> out) {
        eventWatchRpc.watchEvents(req, out);
    }
}
