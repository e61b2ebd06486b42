package io.twinloop.cli.command;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliRun;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.common.v1.WeightedPath;
import io.twinloop.proto.twin.v1.ChangeKind;
import io.twinloop.proto.twin.v1.DiffVersionsRequest;
import io.twinloop.proto.twin.v1.DiffVersionsResponse;
import io.twinloop.proto.twin.v1.LinkChange;
import io.twinloop.proto.twin.v1.NodeChange;
import io.twinloop.proto.twin.v1.PathPolicyChange;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code diff NET FROM TO} prints every link, node and path-policy change of a scripted twin's answer. */
class DiffCommandTest {
    static Server server;
    static String address;

    private static SetPathPolicy pin(double fraction, List<String> first, List<String> second) {
        SetPathPolicy.Builder b = SetPathPolicy.newBuilder().setSrc(first.get(0)).setDst(first.get(first.size() - 1))
                .addPaths(WeightedPath.newBuilder().addAllNodes(first).setFraction(fraction));
        if (second != null) {
            b.addPaths(WeightedPath.newBuilder().addAllNodes(second).setFraction(1 - fraction));
        }
        return b.build();
    }

    static final DiffVersionsResponse ANSWER = DiffVersionsResponse.newBuilder().setNetwork("metro")
            .setFromVersion(1).setToVersion(2).setChurn(5)
            .addLinkChanges(LinkChange.newBuilder().setLinkId("CD").setKind(ChangeKind.CHANGE_KIND_MODIFIED)
                    .setBefore(Link.newBuilder().setId("CD").setSrc("C").setDst("D").setIgpWeight(1))
                    .setAfter(Link.newBuilder().setId("CD").setSrc("C").setDst("D").setIgpWeight(3))
                    .addChangedFields("igp_weight"))
            .addNodeChanges(NodeChange.newBuilder().setName("E").setKind(ChangeKind.CHANGE_KIND_ADDED)
                    .setAfter(Node.newBuilder().setName("E")))
            .addPathPolicyChanges(PathPolicyChange.newBuilder().setKind(ChangeKind.CHANGE_KIND_REMOVED)
                    .setBefore(pin(1, List.of("A", "B"), null)))
            .addPathPolicyChanges(PathPolicyChange.newBuilder().setKind(ChangeKind.CHANGE_KIND_ADDED)
                    .setAfter(pin(1, List.of("A", "C"), null)))
            .addPathPolicyChanges(PathPolicyChange.newBuilder().setKind(ChangeKind.CHANGE_KIND_MODIFIED)
                    .setBefore(pin(1, List.of("A", "B", "D"), null))
                    .setAfter(pin(0.75, List.of("A", "C", "D"), List.of("A", "B", "D"))))
            .build();

    @BeforeAll
    static void start() throws Exception {
        server = NettyServerBuilder.forPort(0).addService(new TwinServiceGrpc.TwinServiceImplBase() {
            @Override
            public void diffVersions(DiffVersionsRequest req, StreamObserver<DiffVersionsResponse> out) {
                out.onNext(ANSWER);
                out.onCompleted();
            }
        }).build().start();
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    @Test
    void printsPolicyNodeAndLinkChangesAndTheChurn() {
        CliRun r = CliRun.of("diff", "metro", "1", "2", "--twin", address);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1 + ANSWER.getLinkChangesCount() + ANSWER.getNodeChangesCount()
                + ANSWER.getPathPolicyChangesCount(), lines.size(), r.out());
        assertEquals("network metro: version 1 -> 2, churn 5: 1 link, 1 node, 3 path-policy changes", lines.get(0));
        assertTrue(lines.get(1).matches("\\s+modified link\\s+CD\\s+C -> D igp_weight 1.0 -> 3.0"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+added\\s+node\\s+E"), lines.get(2));
        assertTrue(lines.get(3).matches("\\s+removed\\s+policy A -> B: A-B 100.0%"), lines.get(3));
        assertTrue(lines.get(4).matches("\\s+added\\s+policy A -> C: A-C 100.0%"), lines.get(4));
        assertTrue(lines.get(5).matches("\\s+modified policy A -> D: A-B-D 100.0% -> A-C-D 75.0% \\+ A-B-D 25.0%"),
                lines.get(5));
    }
}
