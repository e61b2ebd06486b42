package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The protected links and nodes of guardrails, checked against a network's topology. A name that
 * is not in the network protects nothing and makes the planner refuse every round, so it is
 * refused where it is set (a policy or a schedule: NOT_FOUND, checked at the twin's latest
 * version) and makes a round fail when a later version has dropped it.
 */
@ApplicationScoped
public class ProtectedElements {
    /** ErrorInfo reason of a protected element that is not in the network. */
    public static final String UNKNOWN_PROTECTED_ELEMENT = "UNKNOWN_PROTECTED_ELEMENT";
    private static final long CHECK_DEADLINE_MS = 10_000;

    @GrpcClient("twin")
    TwinServiceGrpc.TwinServiceBlockingStub twin;

    /**
     * The elements {@code g} protects that {@code topology} lacks, in the order given, each as
     * {@code link 'ID'} or {@code node 'NAME'}; empty when all exist.
     */
    public static List<String> missing(Guardrails g, Topology topology) {
        Set<String> links = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        topology.getLinksList().stream().map(Link::getId).forEach(links::add);
        topology.getNodesList().stream().map(Node::getName).forEach(nodes::add);
        List<String> out = new ArrayList<>();
        g.getProtectedLinkIdsList().stream().filter(l -> !links.contains(l)).distinct()
                .forEach(l -> out.add("link '" + l + "'"));
        g.getProtectedNodeNamesList().stream().filter(n -> !nodes.contains(n)).distinct()
                .forEach(n -> out.add("node '" + n + "'"));
        return out;
    }

    /**
     * Checks that every element {@code g} protects is in the latest version of {@code network};
     * does not call the twin when {@code g} protects nothing.
     *
     * @param field the request field the guardrails came from, for the message
     * @throws RoundFailedException NOT_FOUND naming every missing element (or the unknown network),
     *                              UNAVAILABLE when the twin cannot be asked
     */
    public void checkAtLatest(String field, String network, Guardrails g) {
        if (g.getProtectedLinkIdsCount() == 0 && g.getProtectedNodeNamesCount() == 0) {
            return;
        }
        GetNetworkResponse net;
        try {
            net = Calls.call(Deadline.after(CHECK_DEADLINE_MS, TimeUnit.MILLISECONDS), dl -> twin.withDeadline(dl)
                    .getNetwork(GetNetworkRequest.newBuilder().setNetwork(network).build()));
        } catch (StatusRuntimeException e) {
            throw new RoundFailedException(Calls.failureCode(e), "", "cannot check " + field
                    + " against network '" + network + "': twin-service: " + Calls.describe(e));
        }
        List<String> gone = missing(g, net.getTopology());
        if (!gone.isEmpty()) {
            throw new RoundFailedException(Status.Code.NOT_FOUND, "", field + " names " + String.join(", ", gone)
                    + ", not in network '" + network + "' (version " + net.getVersion() + "); nothing was changed",
                    UNKNOWN_PROTECTED_ELEMENT);
        }
    }
}
