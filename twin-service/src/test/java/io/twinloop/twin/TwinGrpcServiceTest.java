package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.ApplyPlanRequest;
import io.twinloop.proto.twin.v1.ApplyPlanResponse;
import io.twinloop.proto.twin.v1.ChangeKind;
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
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.ListVersionsResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The twin through its real gRPC API, on the embedded store, with real topology and traffic files. */
@QuarkusTest
class TwinGrpcServiceTest {
    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @GrpcClient("twin")
    HealthGrpc.HealthBlockingStub health;

    @Test
    void servesHealth() {
        HealthCheckResponse r = health.check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, r.getStatus());
    }

    @Test
    void rfc8345AndNetboxJsonAreDetectedAndKeepInterfaceNamesThroughTheStore() {
        String rfc8345 = """
                {"ietf-network:networks": {"network": [{"network-id": "ip",
                  "network-types": {"ietf-l3-unicast-topology:l3-unicast-topology": {}},
                  "node": [{"node-id": "r1", "ietf-network-topology:termination-point": [{"tp-id": "et-0/0/0",
                      "ietf-l3-unicast-topology:l3-termination-point-attributes": {"ip-address": ["192.0.2.0/31"]}}]},
                    {"node-id": "r2"}],
                  "ietf-network-topology:link": [
                    {"link-id": "r1-r2", "source": {"source-node": "r1", "source-tp": "et-0/0/0"},
                     "destination": {"dest-node": "r2", "dest-tp": "Ethernet1"},
                     "ietf-te-topology:te": {"te-link-attributes": {"max-link-bandwidth": {"te-bandwidth": {"generic": "0x1.2a05f2p+30"}}}}},
                    {"link-id": "r2-r1", "source": {"source-node": "r2", "source-tp": "Ethernet1"},
                     "destination": {"dest-node": "r1", "dest-tp": "et-0/0/0"}}]}]}}
                """;
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("rfc8345-t").setFileName("backbone.json")
                .setContent(ByteString.copyFromUtf8(rfc8345)).build());
        var links = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("rfc8345-t").build()).getTopology()
                .getLinksList();
        assertEquals(List.of("r1-r2", "r2-r1"), links.stream().map(io.twinloop.proto.common.v1.Link::getId).toList());
        assertEquals("et-0/0/0", links.get(0).getSrcInterface());
        assertEquals("Ethernet1", links.get(0).getDstInterface());
        assertEquals(List.of("192.0.2.0/31"), links.get(0).getSrcAddressesList());
        assertEquals(List.of("192.0.2.0/31"), links.get(1).getDstAddressesList());
        assertEquals(10e9, links.get(0).getCapacityBps());

        String netbox = """
                {"devices": [{"id": 1, "name": "leaf1"}, {"id": 2, "name": "spine1"}],
                 "interfaces": [{"id": 10, "device": {"id": 1, "name": "leaf1"}, "name": "Ethernet49/1", "speed": 100000000},
                                {"id": 20, "device": {"id": 2, "name": "spine1"}, "name": "Ethernet1/1", "speed": 100000000}],
                 "cables": [{"id": 7, "status": {"value": "connected", "label": "Connected"},
                             "a_terminations": [{"object_type": "dcim.interface", "object_id": 10}],
                             "b_terminations": [{"object_type": "dcim.interface", "object_id": 20}]}]}
                """;
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("netbox-t").setFileName("export.json")
                .setContent(ByteString.copyFromUtf8(netbox)).build());
        var nb = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("netbox-t").build()).getTopology().getLinksList();
        assertEquals(List.of("cable-7", "cable-7~rev"), nb.stream().map(io.twinloop.proto.common.v1.Link::getId).toList());
        assertEquals("Ethernet49/1", nb.get(0).getSrcInterface());
        assertEquals("Ethernet1/1", nb.get(0).getDstInterface());
        assertEquals(100e9, nb.get(1).getCapacityBps());
    }

    @Test
    void importsSimulatesExactlyAndVersionsPlans() throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        Path csv = SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");

        ImportTopologyResponse imp = twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("abilene-t")
                .setFileName("abilene.xml").setContent(ByteString.copyFrom(Files.readAllBytes(topo))).build());
        assertEquals(1, imp.getVersion());
        assertEquals(12, imp.getNodes());
        assertEquals(30, imp.getLinks());

        GetNetworkResponse net = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("abilene-t").build());
        assertTrue(net.getTopology().getNodesList().stream().anyMatch(n -> n.getName().equals("ATLAM5")));
        assertTrue(net.getTopology().getNodes(0).hasLongitude(), "SNDlib coordinates must be kept");

        ImportTrafficResponse tr = twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork("abilene-t")
                .setCsvContent(ByteString.copyFrom(Files.readAllBytes(csv))).build());
        TrafficSeries series = TrafficCsvImporter.read(csv);
        assertEquals(series.size(), tr.getSamples());
        assertEquals(132, tr.getOdPairs());

        GetTrafficHistoryResponse hist = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder()
                .setNetwork("abilene-t").setFromRow(10).setToRow(12).build());
        assertEquals(10, hist.getFirstRow());
        assertEquals(2, hist.getSamplesCount());
        assertEquals(300, hist.getStepSeconds());
        assertEquals(series.demandsAt(10).size(), hist.getSamples(0).getDemandsCount());

        // Loads through the service equal the kernel on the same files, link by link.
        int row = 1000;
        SimulateResponse sim = twin.simulate(SimulateRequest.newBuilder().setNetwork("abilene-t")
                .setTraffic(TrafficSelector.newBuilder().setRow(row)).build());
        Network network = TopologyImporters.read(topo);
        RoutingResult expected = new EcmpRouter(network).route(series.demandsAt(row));
        Map<String, LinkLoad> byId = new HashMap<>();
        sim.getLinksList().forEach(l -> byId.put(l.getId(), l));
        double mlu = 0;
        for (int i = 0; i < network.links().size(); i++) {
            Link l = network.links().get(i);
            assertEquals(expected.loadBps()[i], byId.get(l.id()).getLoadBps(), 1e-6);
            mlu = Math.max(mlu, expected.loadBps()[i] / l.capacityBps());
        }
        assertEquals(mlu, sim.getKpis().getMaxLinkUtilization(), 1e-12);
        assertEquals(row, sim.getTrafficRow());

        // What-if: a plan changes the simulated loads but nothing stored.
        String busiest = sim.getLinksList().stream().max((a, b) -> Double.compare(a.getUtilization(), b.getUtilization()))
                .orElseThrow().getId();
        Plan plan = Plan.newBuilder().addActions(PlanAction.newBuilder()
                .setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(busiest).setIgpWeight(50))).build();
        SimulateResponse whatIf = twin.simulate(SimulateRequest.newBuilder().setNetwork("abilene-t")
                .setTraffic(TrafficSelector.newBuilder().setRow(row)).setPlan(plan).build());
        assertTrue(whatIf.getLinksList().stream().filter(l -> l.getId().equals(busiest)).findFirst().orElseThrow()
                .getLoadBps() < byId.get(busiest).getLoadBps());
        assertEquals(1, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("abilene-t").build()).getVersion());

        // Apply with optimistic concurrency: the right version lands, a stale one is ABORTED.
        ApplyPlanResponse applied = twin.applyPlan(ApplyPlanRequest.newBuilder().setNetwork("abilene-t")
                .setExpectedVersion(1).setPlan(plan).setReason("test: raise weight").build());
        assertEquals(2, applied.getNewVersion());
        StatusRuntimeException stale = assertThrows(StatusRuntimeException.class, () -> twin.applyPlan(
                ApplyPlanRequest.newBuilder().setNetwork("abilene-t").setExpectedVersion(1).setPlan(plan).build()));
        assertEquals(Status.Code.ABORTED, stale.getStatus().getCode());
        assertEquals("STALE_VERSION", reason(stale));

        ListVersionsResponse versions = twin.listVersions(ListVersionsRequest.newBuilder().setNetwork("abilene-t").build());
        assertEquals(2, versions.getVersionsCount());
        assertEquals(List.of(2L, 1L), versions.getVersionsList().stream().map(v -> v.getVersion()).toList(),
                "newest first");
        assertEquals(1, versions.getVersions(0).getParentVersion());
        assertEquals("test: raise weight", versions.getVersions(0).getReason());
        ListVersionsResponse newest = twin.listVersions(
                ListVersionsRequest.newBuilder().setNetwork("abilene-t").setLimit(1).build());
        assertEquals(List.of(2L), newest.getVersionsList().stream().map(v -> v.getVersion()).toList(),
                "limit keeps the newest");

        DiffVersionsResponse diff = twin.diffVersions(DiffVersionsRequest.newBuilder().setNetwork("abilene-t")
                .setFromVersion(1).setToVersion(2).build());
        assertEquals(1, diff.getLinkChangesCount());
        assertEquals(busiest, diff.getLinkChanges(0).getLinkId());
        assertEquals(ChangeKind.CHANGE_KIND_MODIFIED, diff.getLinkChanges(0).getKind());
        assertEquals("igp_weight", diff.getLinkChanges(0).getChangedFields(0));

        // The applied version simulates like the what-if did.
        SimulateResponse after = twin.simulate(SimulateRequest.newBuilder().setNetwork("abilene-t")
                .setTraffic(TrafficSelector.newBuilder().setRow(row)).build());
        assertEquals(2, after.getVersion());
        assertEquals(whatIf.getKpis().getMaxLinkUtilization(), after.getKpis().getMaxLinkUtilization(), 1e-12);
    }

    @Test
    void badInputIsRejectedWithReasonsAndNothingIsStored() throws Exception {
        Path topo = SharedData.require("topologies/sndlib/abilene.xml");
        byte[] whole = Files.readAllBytes(topo);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> twin.importTopology(
                ImportTopologyRequest.newBuilder().setNetwork("truncated").setFileName("abilene.xml")
                        .setContent(ByteString.copyFrom(truncated)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("INVALID_FILE", reason(e));
        assertNotStored("truncated");

        String negative = "{\"directed\": true, \"nodes\": [{\"id\": 0}, {\"id\": 1}],"
                + " \"links\": [{\"source\": 0, \"target\": 1, \"capacity\": -5}]}";
        e = assertThrows(StatusRuntimeException.class, () -> twin.importTopology(ImportTopologyRequest.newBuilder()
                .setNetwork("negative").setFormat(TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON)
                .setContent(ByteString.copyFromUtf8(negative)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().toLowerCase().contains("capacity"), e.getStatus().getDescription());
        assertNotStored("negative");

        e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(
                SimulateRequest.newBuilder().setNetwork("no-such-network").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no-such-network"));

        e = assertThrows(StatusRuntimeException.class, () -> twin.importTopology(ImportTopologyRequest.newBuilder()
                .setNetwork("bad name!").setContent(ByteString.copyFrom(whole)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("network", fieldViolation(e));

        // A traffic file naming a node the network lacks leaves the stored series untouched.
        twin.importTopology(ImportTopologyRequest.newBuilder().setNetwork("abilene-bad").setFileName("abilene.xml")
                .setContent(ByteString.copyFrom(whole)).build());
        String good = "time,n_demands_in_file,ATLAng->CHINng\n20040301-0000,1,100\n";
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork("abilene-bad")
                .setCsvContent(ByteString.copyFromUtf8(good)).build());
        String unknownNode = "time,n_demands_in_file,ATLAng->Atlantis\n20040301-0000,1,100\n";
        e = assertThrows(StatusRuntimeException.class, () -> twin.importTraffic(ImportTrafficRequest.newBuilder()
                .setNetwork("abilene-bad").setCsvContent(ByteString.copyFromUtf8(unknownNode)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("Atlantis"), e.getStatus().getDescription());
        GetTrafficHistoryResponse kept = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder()
                .setNetwork("abilene-bad").build());
        assertEquals(1, kept.getTotalSamples());
        assertEquals("CHINng", kept.getSamples(0).getDemands(0).getDst());

        e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(SimulateRequest.newBuilder()
                .setNetwork("abilene-bad").setTraffic(TrafficSelector.newBuilder().setRow(5)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("traffic.row", fieldViolation(e));

        e = assertThrows(StatusRuntimeException.class, () -> twin.simulate(SimulateRequest.newBuilder()
                .setNetwork("abilene-bad").setPlan(Plan.newBuilder().addActions(PlanAction.newBuilder()
                        .setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId("nope").setIgpWeight(3)))).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("UNKNOWN_LINK", reason(e));
        assertTrue(e.getStatus().getDescription().contains("nope"), e.getStatus().getDescription());
    }

    private void assertNotStored(String name) {
        assertFalse(twin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .anyMatch(n -> n.getNetwork().equals(name)), name + " must not be stored");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(name).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    private static String reason(StatusRuntimeException e) throws Exception {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                return any.unpack(ErrorInfo.class).getReason();
            }
        }
        return "";
    }

    private static String fieldViolation(StatusRuntimeException e) throws Exception {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(BadRequest.class)) {
                return any.unpack(BadRequest.class).getFieldViolations(0).getField();
            }
        }
        return "";
    }
}
