package io.twinloop.twin;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.twinloop.model.NetworkName;
import io.twinloop.model.io.TopologyFormat;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteNetworkResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.ListVersionsRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.twin.store.TwinStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Network names, deletion and re-import through the twin's real gRPC API. */
@QuarkusTest
class NetworkLifecycleGrpcTest {
    static final String ABC = """
            {"directed": true, "nodes": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
             "links": [{"source": "A", "target": "B", "capacity": 1e9}, {"source": "B", "target": "A", "capacity": 1e9},
                       {"source": "B", "target": "C", "capacity": 1e9}, {"source": "C", "target": "B", "capacity": 1e9}]}
            """;
    static final String ABD = ABC.replace("\"C\"", "\"D\"");
    static final String CSV = """
            time,n_demands_in_file,A->C,A->B,C->A
            20040301-0000,3,1,2,3
            20040301-0005,3,4,5,6
            """;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    @Inject
    TwinStore store;

    private ImportTopologyRequest.Builder topology(String network, String json) {
        return ImportTopologyRequest.newBuilder().setNetwork(network).setFileName("t.json")
                .setContent(ByteString.copyFrom(json, StandardCharsets.UTF_8));
    }

    private static StatusRuntimeException refused(Status.Code code, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().getDescription());
        return e;
    }

    private static String reason(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(a -> a.is(ErrorInfo.class)).map(a -> {
            try {
                return a.unpack(ErrorInfo.class).getReason();
            } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                throw new IllegalStateException(x);
            }
        }).findFirst().orElse("");
    }

    @Test
    void namesOutsideTheRuleAreRefusedWithTheRule() {
        for (String bad : List.of(".", "..", ".hidden", "a/b", "../x", " x", "a\tb", "x".repeat(101), "-x")) {
            var e = refused(Status.Code.INVALID_ARGUMENT, () -> twin.importTopology(topology(bad, ABC).build()));
            assertEquals(NetworkName.problem(bad), e.getStatus().getDescription());
        }
        var e = refused(Status.Code.INVALID_ARGUMENT, () -> twin.importTopology(topology("..", ABC).build()));
        assertEquals("network name '..' is invalid: use 1-100 letters, digits, '.', '_' or '-', beginning with a letter "
                + "or digit", e.getStatus().getDescription());
        assertTrue(twin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .noneMatch(n -> !NetworkName.isValid(n.getNetwork()) && n.getNetwork().contains("x")));
    }

    @Test
    void aNameStoredBeforeTheRuleStaysReadableAndCanBeDeleted() {
        store.importNetwork(".legacy-hidden", TopologyImporters.read(TopologyFormat.NODE_LINK_JSON, ".legacy-hidden",
                ABC.getBytes(StandardCharsets.UTF_8)), "stored before the rule", "test");
        assertEquals(3, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(".legacy-hidden").build())
                .getTopology().getNodesCount());
        // but nothing new is made under it
        refused(Status.Code.INVALID_ARGUMENT, () -> twin.importTopology(topology(".legacy-hidden", ABC).build()));
        assertEquals(1, twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(".legacy-hidden").build())
                .getVersionsDeleted());
        refused(Status.Code.NOT_FOUND, () -> twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(".legacy-hidden").build()));
    }

    @Test
    void deleteRemovesTheNetworkAndItsTrafficAndASecondDeleteIsNotFound() {
        String n = "life-delete";
        twin.importTopology(topology(n, ABC).build());
        twin.importTopology(topology(n, ABC).setReason("again").build());
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(n)
                .setCsvContent(ByteString.copyFrom(CSV, StandardCharsets.UTF_8)).build());

        DeleteNetworkResponse d = twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(n).build());
        assertEquals(n, d.getNetwork());
        assertEquals(2, d.getVersionsDeleted());
        assertEquals(2, d.getTrafficSamplesDeleted());
        assertEquals(0, d.getTelemetrySamplesDeleted());

        var gone = refused(Status.Code.NOT_FOUND, () -> twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(n).build()));
        assertEquals("NETWORK_NOT_FOUND", reason(gone));
        refused(Status.Code.NOT_FOUND, () -> twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(n).setVersion(1).build()));
        refused(Status.Code.NOT_FOUND, () -> twin.listVersions(ListVersionsRequest.newBuilder().setNetwork(n).build()));
        refused(Status.Code.NOT_FOUND, () -> twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(n).build()));
        assertTrue(twin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .noneMatch(s -> s.getNetwork().equals(n)));
        var again = refused(Status.Code.NOT_FOUND, () -> twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork(n).build()));
        assertEquals("network '" + n + "' does not exist", again.getStatus().getDescription());
        refused(Status.Code.NOT_FOUND, () -> twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork("never-was").build()));
        refused(Status.Code.INVALID_ARGUMENT, () -> twin.deleteNetwork(DeleteNetworkRequest.newBuilder().setNetwork("a/b").build()));
        // the name can be used again, from scratch
        assertEquals(1, twin.importTopology(topology(n, ABC).build()).getVersion());
        assertEquals(0, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(n).build()).getTrafficSamples());
    }

    @Test
    void aReimportThatStrandsTrafficIsRefusedUnlessReplace() {
        String n = "life-strand";
        twin.importTopology(topology(n, ABC).build());
        twin.importTraffic(ImportTrafficRequest.newBuilder().setNetwork(n)
                .setCsvContent(ByteString.copyFrom(CSV, StandardCharsets.UTF_8)).build());

        var e = refused(Status.Code.FAILED_PRECONDITION, () -> twin.importTopology(topology(n, ABD).build()));
        assertEquals("TRAFFIC_STRANDED", reason(e));
        assertTrue(e.getStatus().getDescription().contains("would strand 2 of the 3 OD pairs")
                && e.getStatus().getDescription().contains("the first: A->C"), e.getStatus().getDescription());
        assertEquals(1, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork(n).build()).getVersion(), "nothing imported");

        ImportTopologyResponse r = twin.importTopology(topology(n, ABD).setReplace(true).build());
        assertEquals(2, r.getVersion());
        assertEquals(2, r.getDroppedOdPairs());
        var history = twin.getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(n).build());
        assertEquals(2, history.getTotalSamples());
        assertEquals(List.of(List.of("A->B 2000000.0"), List.of("A->B 5000000.0")), history.getSamplesList().stream()
                .map(m -> m.getDemandsList().stream().map(d -> d.getSrc() + "->" + d.getDst() + " " + d.getRateBps()).toList())
                .toList(), "only A->B is left, with its own rates");
    }
}
