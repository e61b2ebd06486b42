package io.twinloop.twin.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ApplyPlanResponse;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteNetworkResponse;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetRetentionRequest;
import io.twinloop.proto.twin.v1.GetDataQualityRequest;
import io.twinloop.proto.twin.v1.GetDataQualityResponse;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceResponse;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesResponse;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.TelemetrySource;
import io.twinloop.proto.twin.v1.GetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.SetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.TrafficFollowStatus;
import io.twinloop.proto.twin.v1.GetRetentionResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.GetTelemetryResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.IngestTrafficRequest;
import io.twinloop.proto.twin.v1.IngestTrafficResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.ListVersionsResponse;
import io.twinloop.proto.twin.v1.SetRetentionRequest;
import io.twinloop.proto.twin.v1.SetRetentionResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.SweepFailuresRequest;
import io.twinloop.proto.twin.v1.SweepFailuresResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;
import io.twinloop.proto.twin.v1.WatchEventsRequest;
import io.twinloop.proto.twin.v1.WatchEventsResponse;
import jakarta.inject.Inject;

/**
 * The twin's gRPC API. Each group of RPCs lives in its own bean, and this class only hands every
 * call to it: networks and versions ({@link NetworkRpcs}), traffic series ({@link TrafficRpcs}) and their
 * estimation from link counters ({@link EstimateTrafficRpc}) and following telemetry with it
 * ({@link TrafficFollowRpcs}), Kafka telemetry sources ({@link TelemetrySourceRpcs}),
 * what-ifs ({@link WhatIfRpcs}), ingestion ({@link IngestRpcs}), telemetry reads and retention
 * ({@link TelemetryRpcs}) and the event stream ({@link EventWatchRpc}). Every method validates its
 * request fully before it writes anything, and runs on a worker thread (parsing, JDBC and routing are
 * blocking work); what a handler throws becomes a status through the platform's one exception mapping.
 */
@GrpcService
public class TwinGrpcService extends TwinServiceGrpc.TwinServiceImplBase {

    @Inject
    NetworkRpcs networks;
    @Inject
    TrafficRpcs traffic;
    @Inject
    EstimateTrafficRpc estimate;
    @Inject
    TrafficFollowRpcs follow;
    @Inject
    TelemetrySourceRpcs sources;
    @Inject
    WhatIfRpcs whatIf;
    @Inject
    IngestRpcs ingest;
    @Inject
    TelemetryRpcs telemetry;
    @Inject
    EventWatchRpc eventWatch;

    @Override
    @Blocking
    public void importTopology(ImportTopologyRequest req, StreamObserver<ImportTopologyResponse> out) {
        out.onNext(networks.importTopology(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteNetwork(DeleteNetworkRequest req, StreamObserver<DeleteNetworkResponse> out) {
        out.onNext(networks.deleteNetwork(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listNetworks(ListNetworksRequest req, StreamObserver<ListNetworksResponse> out) {
        out.onNext(networks.listNetworks(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getNetwork(GetNetworkRequest req, StreamObserver<GetNetworkResponse> out) {
        out.onNext(networks.getNetwork(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listVersions(ListVersionsRequest req, StreamObserver<ListVersionsResponse> out) {
        out.onNext(networks.listVersions(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void diffVersions(DiffVersionsRequest req, StreamObserver<DiffVersionsResponse> out) {
        out.onNext(networks.diffVersions(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void applyPlan(ApplyPlanRequest req, StreamObserver<ApplyPlanResponse> out) {
        out.onNext(networks.applyPlan(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void importTraffic(ImportTrafficRequest req, StreamObserver<ImportTrafficResponse> out) {
        out.onNext(traffic.importTraffic(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getTrafficHistory(GetTrafficHistoryRequest req, StreamObserver<GetTrafficHistoryResponse> out) {
        out.onNext(traffic.getTrafficHistory(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void estimateTraffic(EstimateTrafficRequest req, StreamObserver<EstimateTrafficResponse> out) {
        estimate.estimateTraffic(req, out);
    }

    @Override
    @Blocking
    public void setTrafficFollow(SetTrafficFollowRequest req, StreamObserver<TrafficFollowStatus> out) {
        out.onNext(follow.setTrafficFollow(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getTrafficFollow(GetTrafficFollowRequest req, StreamObserver<TrafficFollowStatus> out) {
        out.onNext(follow.getTrafficFollow(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void setTelemetrySource(SetTelemetrySourceRequest req, StreamObserver<TelemetrySource> out) {
        out.onNext(sources.setTelemetrySource(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void deleteTelemetrySource(DeleteTelemetrySourceRequest req, StreamObserver<DeleteTelemetrySourceResponse> out) {
        out.onNext(sources.deleteTelemetrySource(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void listTelemetrySources(ListTelemetrySourcesRequest req, StreamObserver<ListTelemetrySourcesResponse> out) {
        out.onNext(sources.listTelemetrySources(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getDataQuality(GetDataQualityRequest req, StreamObserver<GetDataQualityResponse> out) {
        out.onNext(telemetry.getDataQuality(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void simulate(SimulateRequest req, StreamObserver<SimulateResponse> out) {
        out.onNext(whatIf.simulate(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void verifyPlans(VerifyPlansRequest req, StreamObserver<VerifyPlansResponse> out) {
        out.onNext(whatIf.verifyPlans(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void sweepFailures(SweepFailuresRequest req, StreamObserver<SweepFailuresResponse> out) {
        whatIf.sweepFailures(req, out);
    }

    @Override
    @Blocking
    public StreamObserver<IngestTelemetryRequest> ingestTelemetry(StreamObserver<IngestTelemetryResponse> out) {
        return ingest.ingestTelemetry(out);
    }

    @Override
    @Blocking
    public StreamObserver<IngestTelemetryRequest> ingestTelemetryAcked(StreamObserver<IngestTelemetryAck> out) {
        return ingest.ingestTelemetryAcked(out);
    }

    @Override
    @Blocking
    public StreamObserver<IngestTrafficRequest> ingestTraffic(StreamObserver<IngestTrafficResponse> out) {
        return ingest.ingestTraffic(out);
    }

    @Override
    @Blocking
    public void getTelemetry(GetTelemetryRequest req, StreamObserver<GetTelemetryResponse> out) {
        out.onNext(telemetry.getTelemetry(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void setRetention(SetRetentionRequest req, StreamObserver<SetRetentionResponse> out) {
        out.onNext(telemetry.setRetention(req));
        out.onCompleted();
    }

    @Override
    @Blocking
    public void getRetention(GetRetentionRequest req, StreamObserver<GetRetentionResponse> out) {
        out.onNext(telemetry.getRetention(req));
        out.onCompleted();
    }

    @Override
    public void watchEvents(WatchEventsRequest req, StreamObserver<WatchEventsResponse> out) {
        eventWatch.watchEvents(req, out);
    }
}
