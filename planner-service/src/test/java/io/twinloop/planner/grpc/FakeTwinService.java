package io.twinloop.planner.grpc;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-written twin served by the test process itself (on the test port 8081, where the
 * planner's {@code twin} client points in the test profile). It knows one network,
 * {@value #NETWORK}: five nodes A..E, every link 10 Gbit/s and IGP weight 1, in both directions:
 *
 * <pre>
 *        C
 *      /   \
 *     A --- B        A->B under IGP: only the direct link (cost 1 vs 2 via C, 3 via D-E),
 *      \   /         so 15 Gbit/s from A to B overloads A_B (MLU 1.5) while A-C-B and
 *       D-E          A-D-E-B stay idle.
 * </pre>
 *
 * Any other network name is NOT_FOUND, as the real twin answers.
 */
@GrpcService
public class FakeTwinService extends TwinServiceGrpc.TwinServiceImplBase {
    public static final String NETWORK = "pentagon";
    static final long VERSION = 7;
    static final double CAPACITY_BPS = 10e9;
    static final String NOT_FOUND_REASON = "NETWORK_NOT_FOUND";
    /** The undirected adjacencies; each becomes links {@code X_Y} and {@code Y_X}. */
    static final List<String[]> EDGES = List.of(
            new String[] {"A", "B"}, new String[] {"A", "C"}, new String[] {"C", "B"},
            new String[] {"A", "D"}, new String[] {"D", "E"}, new String[] {"E", "B"});

    static Topology topology() {
        Topology.Builder t = Topology.newBuilder();
        for (String n : List.of("A", "B", "C", "D", "E")) {
            t.addNodes(Node.newBuilder().setName(n));
        }
        for (String[] e : EDGES) {
            t.addLinks(link(e[0], e[1]));
            t.addLinks(link(e[1], e[0]));
        }
        return t.build();
    }

    private static Link link(String src, String dst) {
        return Link.newBuilder().setId(src + "_" + dst).setSrc(src).setDst(dst)
                .setCapacityBps(CAPACITY_BPS).setIgpWeight(1).setLatencyMs(2)
                .setAdminState(LinkState.LINK_STATE_UP).setOperState(LinkState.LINK_STATE_UP)
                .build();
    }

    /** Milliseconds left on the deadline of the last GetNetwork call, or -1 when it had none. */
    static final AtomicLong lastDeadlineMillis = new AtomicLong(-2);

    @Override
    public void getNetwork(GetNetworkRequest req, StreamObserver<GetNetworkResponse> out) {
        Deadline deadline = Context.current().getDeadline();
        lastDeadlineMillis.set(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
        if (!NETWORK.equals(req.getNetwork()) || (req.getVersion() != 0 && req.getVersion() != VERSION)) {
            // Shaped like the real twin's answer: a rich status with one ErrorInfo.
            out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.NOT_FOUND.getNumber())
                    .setMessage("unknown network '" + req.getNetwork() + "'")
                    .addDetails(Any.pack(ErrorInfo.newBuilder()
                            .setReason(NOT_FOUND_REASON).setDomain("twinloop.io").build()))
                    .build()));
            return;
        }
        out.onNext(GetNetworkResponse.newBuilder()
                .setNetwork(NETWORK).setVersion(VERSION).setTopology(topology()).build());
        out.onCompleted();
    }

    /**
     * Telemetry of a silent A-B failure under the LLM tests' traffic (A->B 15 Gbit/s, C->D 1): A_B
     * and B_A send nothing, A->B took A-C-B and C->D kept C-A-D.
     */
    @Override
    public void getTelemetry(io.twinloop.proto.twin.v1.GetTelemetryRequest req,
                             StreamObserver<io.twinloop.proto.twin.v1.GetTelemetryResponse> out) {
        var b = io.twinloop.proto.twin.v1.GetTelemetryResponse.newBuilder().setNetwork(NETWORK);
        for (Link l : topology().getLinksList()) {
            double load = switch (l.getId()) {
                case "A_C", "C_B" -> 15e9;
                case "C_A", "A_D" -> 1e9;
                default -> 0;
            };
            if (!l.getId().equals("A_B") && !l.getId().equals("B_A")) {
                // an older sample first: the planner must keep each link's latest
                b.addSamples(io.twinloop.proto.twin.v1.LinkSample.newBuilder().setTimeUnixMs(1_000).setLinkId(l.getId())
                        .setRateBps(3e9));
                b.addSamples(io.twinloop.proto.twin.v1.LinkSample.newBuilder().setTimeUnixMs(2_000).setLinkId(l.getId())
                        .setRateBps(load).setOperState(LinkState.LINK_STATE_UP));
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }
}
