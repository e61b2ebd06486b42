package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.twinloop.model.LinkState;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.rules.PlanChecks;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Node;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The protected links and nodes of guardrails, checked against a network's topology, and the
 * static checks of a plan against them ({@link #violations}: the model's {@link PlanChecks}, the
 * same rules and reasons the planner applies to its own and an LLM's plans). A name that
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
     * The reasons {@code plan} breaks {@code guard} without being simulated: more actions than
     * {@code max_changes}, unknown links, and actions that touch a protected link or node in the
     * one sense {@link io.twinloop.model.rules.Guardrails} defines (link changes, explicit paths
     * over them, policies of a protected node); empty when it passes. An action that is not a
     * valid change at all (e.g. a weight of 0) is named too.
     *
     * @param links the network's links
     */
    public static List<String> violations(Plan plan, Guardrails guard, Collection<Link> links) {
        List<PlanAction> actions = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < plan.getActionsCount(); i++) {
            try {
                actions.add(action(plan.getActions(i)));
            } catch (IllegalArgumentException e) {
                invalid.add("actions[" + i + "]: " + e.getMessage());
                actions.add(null);
            }
        }
        io.twinloop.model.rules.Guardrails rules = new io.twinloop.model.rules.Guardrails(0, guard.getMaxChanges(),
                new LinkedHashSet<>(guard.getProtectedLinkIdsList()), new LinkedHashSet<>(guard.getProtectedNodeNamesList()),
                guard.getAllowUnrouted());
        PlanChecks checks = new PlanChecks(rules, links.stream()
                .map(l -> new PlanChecks.LinkEnds(l.getId(), l.getSrc(), l.getDst())).toList());
        List<String> out = new ArrayList<>();
        PlanChecks.Violation size = PlanChecks.size(plan.getActionsCount(), guard.getMaxChanges());
        if (size != null) {
            out.add(size.message());
        }
        for (int i = 0, bad = 0; i < actions.size(); i++) {
            if (actions.get(i) == null) {
                out.add(invalid.get(bad++));
            } else {
                PlanChecks.Violation v = checks.check(i, actions.get(i));
                if (v != null) {
                    out.add(v.message());
                }
            }
        }
        return out;
    }

    /** The model action of a proto action; IllegalArgumentException when it is not a valid one. */
    private static PlanAction action(io.twinloop.proto.common.v1.PlanAction a) {
        return switch (a.getActionCase()) {
            case SET_LINK_WEIGHT -> new SetLinkWeight(a.getSetLinkWeight().getLinkId(), a.getSetLinkWeight().getIgpWeight());
            case SET_LINK_ADMIN_STATE -> new SetLinkAdminState(a.getSetLinkAdminState().getLinkId(),
                    switch (a.getSetLinkAdminState().getState()) {
                        case LINK_STATE_UP -> LinkState.UP;
                        case LINK_STATE_DOWN -> LinkState.DOWN;
                        case LINK_STATE_SLEEP -> LinkState.SLEEP;
                        default -> throw new IllegalArgumentException("admin state must be LINK_STATE_UP, "
                                + "LINK_STATE_DOWN or LINK_STATE_SLEEP");
                    });
            case SET_LINK_CAPACITY -> new SetLinkCapacity(a.getSetLinkCapacity().getLinkId(),
                    a.getSetLinkCapacity().getCapacityBps());
            case SET_PATH_POLICY -> new SetPathPolicy(a.getSetPathPolicy().getSrc(), a.getSetPathPolicy().getDst(),
                    a.getSetPathPolicy().getPathsList().stream()
                            .map(p -> new WeightedPath(p.getNodesList(), p.getFraction())).toList());
            case ACTION_NOT_SET -> throw new IllegalArgumentException("no action set");
        };
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
