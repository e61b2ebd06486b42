package io.twinloop.twin;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.twinloop.proto.twin.v1.DeleteNetworkRequest;
import io.twinloop.proto.twin.v1.DeleteTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.ListTelemetrySourcesRequest;
import io.twinloop.proto.twin.v1.SetTelemetrySourceRequest;
import io.twinloop.proto.twin.v1.EstimateTrafficRequest;
import io.twinloop.proto.twin.v1.GetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.SetTrafficFollowRequest;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ListNetworksRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The twin with bearer tokens required and reads left open: changes need an operator's token,
 * reads none, and a refused import stores nothing. EstimateTraffic is a read unless it stores.
 */
@QuarkusTest
@TestProfile(AuthTwinTest.OpenReads.class)
class AuthTwinTest {
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";

    /** Tokens file, open reads. */
    public static final class OpenReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path f = Files.createTempFile("twinloop-tokens", ".txt");
                Files.write(f, List.of(VIEWER + " viewer vera", OPERATOR + " operator otto"));
                f.toFile().deleteOnExit();
                return Map.of("twinloop.auth.tokens-file", f.toString(), "twinloop.auth.open-reads", "true");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    private TwinServiceGrpc.TwinServiceBlockingStub as(String token) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return twin.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
    }

    @Test
    void changesNeedAnOperatorReadsAreOpen() {
        String gml = "graph [ directed 1 node [ id 0 label \"A\" ] node [ id 1 label \"B\" ] "
                + "edge [ source 0 target 1 ] edge [ source 1 target 0 ] ]";
        ImportTopologyRequest imp = ImportTopologyRequest.newBuilder().setNetwork("auth-net").setFileName("two.gml")
                .setContent(ByteString.copyFrom(gml, StandardCharsets.UTF_8)).build();
        var anon = assertThrows(StatusRuntimeException.class, () -> twin.importTopology(imp));
        assertEquals(Status.Code.UNAUTHENTICATED, anon.getStatus().getCode());
        var viewer = assertThrows(StatusRuntimeException.class, () -> as(VIEWER).importTopology(imp));
        assertEquals(Status.Code.PERMISSION_DENIED, viewer.getStatus().getCode());
        assertTrue(viewer.getStatus().getDescription().contains("needs the role operator"), viewer.getStatus().getDescription());
        // nothing was stored by the refused calls
        assertTrue(twin.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                .noneMatch(n -> n.getNetwork().equals("auth-net")));
        assertEquals(1, as(OPERATOR).importTopology(imp).getVersion());
        // reads are open: no token needed
        assertEquals(2, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("auth-net").build())
                .getTopology().getNodesCount());
    }

    @Test
    void deletingANetworkNeedsAnOperator() {
        String gml = "graph [ directed 1 node [ id 0 label \"A\" ] node [ id 1 label \"B\" ] "
                + "edge [ source 0 target 1 ] edge [ source 1 target 0 ] ]";
        as(OPERATOR).importTopology(ImportTopologyRequest.newBuilder().setNetwork("auth-delete").setFileName("two.gml")
                .setContent(ByteString.copyFrom(gml, StandardCharsets.UTF_8)).build());
        DeleteNetworkRequest del = DeleteNetworkRequest.newBuilder().setNetwork("auth-delete").build();
        assertEquals(Status.Code.UNAUTHENTICATED,
                assertThrows(StatusRuntimeException.class, () -> twin.deleteNetwork(del)).getStatus().getCode());
        var viewer = assertThrows(StatusRuntimeException.class, () -> as(VIEWER).deleteNetwork(del));
        assertEquals(Status.Code.PERMISSION_DENIED, viewer.getStatus().getCode());
        assertTrue(viewer.getStatus().getDescription().contains("needs the role operator"), viewer.getStatus().getDescription());
        assertEquals(1, twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("auth-delete").build()).getVersion(),
                "the refused deletions deleted nothing");
        assertEquals(1, as(OPERATOR).deleteNetwork(del).getVersionsDeleted());
    }

    @Test
    void storingAnEstimateOrFollowingTelemetryNeedsAnOperatorEstimatingAloneIsARead() {
        String gml = "graph [ directed 1 node [ id 0 label \"A\" ] node [ id 1 label \"B\" ] "
                + "edge [ source 0 target 1 ] edge [ source 1 target 0 ] ]";
        as(OPERATOR).importTopology(ImportTopologyRequest.newBuilder().setNetwork("auth-estimate").setFileName("two.gml")
                .setContent(ByteString.copyFrom(gml, StandardCharsets.UTF_8)).build());
        var topo = twin.getNetwork(GetNetworkRequest.newBuilder().setNetwork("auth-estimate").build()).getTopology();
        StringBuilder links = new StringBuilder("time,link,rate_bps\n");
        topo.getLinksList().forEach(l -> links.append("2024-01-01T00:00:00Z,").append(l.getId()).append(",1000\n"));
        EstimateTrafficRequest read = EstimateTrafficRequest.newBuilder().setNetwork("auth-estimate")
                .setLinksCsv(ByteString.copyFromUtf8(links.toString())).build();
        EstimateTrafficRequest store = read.toBuilder().setStore(true).build();
        // estimating without storing is a read: open here
        assertTrue(count(twin.estimateTraffic(read)) >= 2, "an interval and the summary");
        var anon = assertThrows(StatusRuntimeException.class, () -> count(twin.estimateTraffic(store)));
        assertEquals(Status.Code.UNAUTHENTICATED, anon.getStatus().getCode());
        var viewer = assertThrows(StatusRuntimeException.class, () -> count(as(VIEWER).estimateTraffic(store)));
        assertEquals(Status.Code.PERMISSION_DENIED, viewer.getStatus().getCode());
        assertTrue(viewer.getStatus().getDescription().contains("EstimateTraffic with store"), viewer.getStatus().getDescription());
        GetTrafficHistoryRequest history = GetTrafficHistoryRequest.newBuilder().setNetwork("auth-estimate").build();
        assertEquals(0, twin.getTrafficHistory(history).getTotalSamples(), "the refused estimates stored nothing");
        count(as(OPERATOR).estimateTraffic(store));
        assertEquals(1, twin.getTrafficHistory(history).getTotalSamples());

        SetTrafficFollowRequest follow = SetTrafficFollowRequest.newBuilder().setNetwork("auth-estimate").setEnabled(true).build();
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class,
                () -> as(VIEWER).setTrafficFollow(follow)).getStatus().getCode());
        GetTrafficFollowRequest get = GetTrafficFollowRequest.newBuilder().setNetwork("auth-estimate").build();
        assertTrue(!twin.getTrafficFollow(get).getEnabled(), "the refused call changed nothing; reading it is open");
        assertTrue(as(OPERATOR).setTrafficFollow(follow).getEnabled());

        SetTelemetrySourceRequest bind = SetTelemetrySourceRequest.newBuilder().setNetwork("auth-estimate")
                .setKafkaTopic("auth-topic").setFormat("gnmic-event").build();
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class,
                () -> as(VIEWER).setTelemetrySource(bind)).getStatus().getCode());
        assertEquals("auth-topic", as(OPERATOR).setTelemetrySource(bind).getKafkaTopic());
        DeleteTelemetrySourceRequest unbind = DeleteTelemetrySourceRequest.newBuilder().setNetwork("auth-estimate").build();
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class,
                () -> as(VIEWER).deleteTelemetrySource(unbind)).getStatus().getCode());
        assertEquals(1, twin.listTelemetrySources(ListTelemetrySourcesRequest.newBuilder().setNetwork("auth-estimate")
                .build()).getSourcesCount(), "listing is a read; the refused unbinding changed nothing");
    }

    private static int count(java.util.Iterator<?> stream) {
        int n = 0;
        while (stream.hasNext()) {
            stream.next();
            n++;
        }
        return n;
    }
}
