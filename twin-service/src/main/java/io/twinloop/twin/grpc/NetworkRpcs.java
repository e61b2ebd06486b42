package io.twinloop.twin.grpc;

import io.twinloop.model.Network;
import io.twinloop.model.NetworkName;
import io.twinloop.model.io.TopologyFormat;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.plan.NetworkDiff;
import io.twinloop.model.plan.Plan;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ApplyPlanResponse;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteNetworkResponse;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListNetworksResponse;
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.ListVersionsResponse;
import io.twinloop.proto.twin.v1.NetworkSummary;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.store.NetworkDeletion;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import io.twinloop.twin.store.VersionInfo;
import io.twinloop.twin.telemetry.DivergenceDetector;
import io.twinloop.twin.telemetry.OperStateRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

import static io.twinloop.twin.grpc.RequestFields.author;
import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * The network and version RPCs of the twin: importing a topology, deleting a network, listing and
 * reading networks, their version history and the diff between two versions, and applying a plan
 * as a new version. {@link TwinGrpcService} delegates to these methods.
 */
@ApplicationScoped
public class NetworkRpcs {

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    TwinLimits limits;
    @Inject
    NetworkDeletion deletion;
    @Inject
    io.twinloop.twin.telemetry.DataQuality quality;
    @Inject
    OperStateRegistry operStates;
    @Inject
    DivergenceDetector divergence;

    public ImportTopologyResponse importTopology(ImportTopologyRequest req) {
        String name = req.getNetwork();
        String problem = NetworkName.problem(name);
        if (problem != null) {
            throw new RequestException("network", problem); // a new network, or a new version: the full rule
        }
        byte[] content = RequestFields.fileContent(req.getContent(), "content");
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
        return ImportTopologyResponse.newBuilder()
                .setNetwork(name).setVersion(v.version()).setDroppedOdPairs(imported.droppedOdPairs())
                .setNodes(network.nodes().size()).setLinks(network.links().size())
                .setDemands(network.demands().size())
                .build();
    }

    public DeleteNetworkResponse deleteNetwork(DeleteNetworkRequest req) {
        String name = networkName(req.getNetwork());
        NetworkDeletion.Deleted d = deletion.delete(name);
        quality.forget(name);
        operStates.forget(name);
        divergence.forget(name);
        return DeleteNetworkResponse.newBuilder().setNetwork(name).setVersionsDeleted(d.versions())
                .setTrafficSamplesDeleted(d.trafficSamples()).setTelemetrySamplesDeleted(d.telemetrySamples()).build();
    }

    public ListNetworksResponse listNetworks(ListNetworksRequest req) {
        ListNetworksResponse.Builder b = ListNetworksResponse.newBuilder();
        for (TwinStore.NetworkHead head : store.networks()) {
            Snapshot s = store.snapshot(head.name(), head.latestVersion());
            b.addNetworks(NetworkSummary.newBuilder()
                    .setNetwork(head.name()).setLatestVersion(head.latestVersion())
                    .setNodes(s.network().nodes().size()).setLinks(s.network().links().size())
                    .setTrafficSamples(trafficStore.traffic(head.name()).size())
                    .setUpdatedUnixMs(s.info().createdUnixMs()));
        }
        return b.build();
    }

    public GetNetworkResponse getNetwork(GetNetworkRequest req) {
        Snapshot s = store.snapshot(networkName(req.getNetwork()), req.getVersion());
        GetNetworkResponse.Builder b = GetNetworkResponse.newBuilder()
                .setNetwork(s.networkName()).setVersion(s.version())
                .setTopology(Translator.topology(s.network()))
                .setTrafficSamples(trafficStore.traffic(s.networkName()).size());
        s.network().demands().forEach(d -> b.addStaticDemands(Translator.demand(d)));
        return b.build();
    }

    public ListVersionsResponse listVersions(ListVersionsRequest req) {
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
        return b.build();
    }

    public DiffVersionsResponse diffVersions(DiffVersionsRequest req) {
        String name = networkName(req.getNetwork());
        Snapshot from = store.snapshot(name, req.getFromVersion());
        Snapshot to = store.snapshot(name, req.getToVersion());
        DiffVersionsResponse.Builder b = DiffVersionsResponse.newBuilder()
                .setNetwork(name).setFromVersion(from.version()).setToVersion(to.version());
        DiffProtoMapper.addChanges(b, NetworkDiff.between(from.network(), to.network()));
        return b.build();
    }

    public ApplyPlanResponse applyPlan(ApplyPlanRequest req) {
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
        return ApplyPlanResponse.newBuilder().setNewVersion(v.version()).setActionsApplied(plan.actions().size()).build();
    }
}
