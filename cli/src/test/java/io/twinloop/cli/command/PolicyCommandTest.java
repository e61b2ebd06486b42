package io.twinloop.cli.command;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliRun;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.GetNetworkPolicyResponse;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyRequest;
import io.twinloop.proto.gateway.v1.SetNetworkPolicyResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code policy NET --protect ... --protect-node ...} against a scripted gateway that, like the real one, refuses
 * elements the network lacks with NOT_FOUND: the CLI sends both lists and exits non-zero (4) on the refusal.
 */
class PolicyCommandTest {
    static final Set<String> LINKS = Set.of("L1", "L2");
    static final Set<String> NODES = Set.of("A", "B");
    static final List<NetworkPolicy> SET = new CopyOnWriteArrayList<>();
    static Server server;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        server = NettyServerBuilder.forPort(0).addService(new GatewayServiceGrpc.GatewayServiceImplBase() {
            @Override
            public void getNetworkPolicy(GetNetworkPolicyRequest req, StreamObserver<GetNetworkPolicyResponse> out) {
                out.onNext(GetNetworkPolicyResponse.newBuilder()
                        .setPolicy(NetworkPolicy.newBuilder().setNetwork(req.getNetwork())).build());
                out.onCompleted();
            }

            @Override
            public void setNetworkPolicy(SetNetworkPolicyRequest req, StreamObserver<SetNetworkPolicyResponse> out) {
                var g = req.getPolicy().getGuardrails();
                List<String> unknown = new ArrayList<>();
                g.getProtectedLinkIdsList().stream().filter(l -> !LINKS.contains(l)).forEach(l -> unknown.add("link '" + l + "'"));
                g.getProtectedNodeNamesList().stream().filter(n -> !NODES.contains(n)).forEach(n -> unknown.add("node '" + n + "'"));
                if (!unknown.isEmpty()) {
                    out.onError(Status.NOT_FOUND.withDescription("protected " + String.join(", ", unknown)
                            + " not in network").asRuntimeException());
                    return;
                }
                SET.add(req.getPolicy());
                out.onNext(SetNetworkPolicyResponse.newBuilder().setPolicy(req.getPolicy().toBuilder().setUpdatedUnixMs(1)).build());
                out.onCompleted();
            }
        }).build().start();
        address = "127.0.0.1:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    private static String[] run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--gateway", address));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        return new String[]{Integer.toString(r.exit()), r.out(), r.err()};
    }

    @Test
    void anUnknownProtectedElementIsRefusedWithANonZeroExit() {
        String[] link = run("policy", "metro", "--protect", "NOPE");
        assertEquals("4", link[0], link[2]);
        assertTrue(link[2].contains("NOT_FOUND") && link[2].contains("link 'NOPE'"), link[2]);
        String[] node = run("policy", "metro", "--protect-node", "Z");
        assertEquals("4", node[0], node[2]);
        assertTrue(node[2].contains("node 'Z'"), node[2]);
        assertEquals(List.of(), SET, "nothing was set");
    }

    @Test
    void protectedLinksAndNodesAreSentAndShown() {
        String[] r = run("policy", "metro", "--protect", "L1,L2", "--protect-node", "A");
        assertEquals("0", r[0], r[2]);
        assertEquals(List.of("L1", "L2"), SET.get(0).getGuardrails().getProtectedLinkIdsList());
        assertEquals(List.of("A"), SET.get(0).getGuardrails().getProtectedNodeNamesList());
        assertTrue(r[1].contains("protected links L1,L2, protected nodes A"), r[1]);
        SET.clear();
    }

    @Test
    void theWorthItsChangesFieldsAreSentAndShown() {
        String[] r = run("policy", "metro", "--target-utilization", "0.6", "--min-gain-per-change", "0.02");
        assertEquals("0", r[0], r[2]);
        assertEquals(0.6, SET.get(0).getTargetUtilization(), 0);
        assertEquals(0.02, SET.get(0).getMinGainPerChange(), 0);
        assertTrue(r[1].contains("worth its changes: target utilisation 60.0%, min gain per change 2.0%"), r[1]);
        SET.clear();
    }
}
