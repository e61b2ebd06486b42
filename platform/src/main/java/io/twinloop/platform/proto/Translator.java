package io.twinloop.platform.proto;

import io.twinloop.platform.grpc.RequestException;
import io.twinloop.model.Coordinates;
import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.LinkEnd;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.rules.Constraint;
import io.twinloop.model.rules.Objective;
import io.twinloop.model.rules.TrafficCheck;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.PlanAction.ActionCase;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.common.v1.TrafficMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The one translation between {@code twinloop.common.v1} and the model, both ways. Model to proto
 * and back is the identity for every node, link (all three link states, SLEEP included), demand,
 * KPI set and plan action ({@code TranslatorRoundTripTest} checks it on generated values).
 *
 * <p>Proto to model validates: a value the model cannot hold is a {@link RequestException}
 * naming the request field. Two conventions carry what proto3 scalars cannot:
 * <ul>
 *   <li>an unknown latency (model {@code NaN}) is an absent {@code latency_ms} /
 *       {@code mean_latency_ms} / {@code p95_latency_ms} ({@code optional} fields);</li>
 *   <li>a link state of {@code LINK_STATE_UNSPECIFIED} in a reported topology means UP, as
 *       twin.proto documents for {@code oper_state}; in a plan action it is an error.</li>
 * </ul>
 *
 * <p>Size: over 300 lines on purpose. The rule is one translator for the shared types, so that
 * every service reads and writes them the same way; its parts are short mappings, one per type.
 */
public final class Translator {
    private static final String METRIC_PREFIX = "CONSTRAINT_METRIC_";

    private Translator() {
    }

    // ---- link states ----

    /** The proto form of a model state: each model state has its own value (SLEEP is never DOWN). */
    public static LinkState state(io.twinloop.model.LinkState s) {
        return switch (s) {
            case UP -> LinkState.LINK_STATE_UP;
            case DOWN -> LinkState.LINK_STATE_DOWN;
            case SLEEP -> LinkState.LINK_STATE_SLEEP;
        };
    }

    /**
     * The model form of a state that must be set (plan actions).
     *
     * @throws RequestException for UNSPECIFIED or an unknown value
     */
    public static io.twinloop.model.LinkState state(LinkState s, String field) {
        return switch (s) {
            case LINK_STATE_UP -> io.twinloop.model.LinkState.UP;
            case LINK_STATE_DOWN -> io.twinloop.model.LinkState.DOWN;
            case LINK_STATE_SLEEP -> io.twinloop.model.LinkState.SLEEP;
            default -> throw new RequestException(field, field + " must be UP, DOWN or SLEEP, got " + s);
        };
    }

    /**
     * The model form of a reported state: UNSPECIFIED ("not reported") counts as UP and a value this
     * version does not know as DOWN, so an unknown state never makes a link carry traffic.
     */
    public static io.twinloop.model.LinkState reported(LinkState s) {
        return switch (s) {
            case LINK_STATE_UP, LINK_STATE_UNSPECIFIED -> io.twinloop.model.LinkState.UP;
            case LINK_STATE_SLEEP -> io.twinloop.model.LinkState.SLEEP;
            default -> io.twinloop.model.LinkState.DOWN;
        };
    }

    // ---- topology ----

    public static io.twinloop.proto.common.v1.Node node(Node n) {
        io.twinloop.proto.common.v1.Node.Builder b = io.twinloop.proto.common.v1.Node.newBuilder().setName(n.name());
        if (n.coordinates() != null) {
            b.setLongitude(n.coordinates().longitude()).setLatitude(n.coordinates().latitude());
        }
        return b.build();
    }

    public static Node node(io.twinloop.proto.common.v1.Node n) {
        Coordinates c = n.hasLongitude() && n.hasLatitude() ? new Coordinates(n.getLongitude(), n.getLatitude()) : null;
        return new Node(n.getName(), c);
    }

    public static io.twinloop.proto.common.v1.Link link(Link l) {
        io.twinloop.proto.common.v1.Link.Builder b = io.twinloop.proto.common.v1.Link.newBuilder()
                .setId(l.id()).setSrc(l.src()).setDst(l.dst())
                .setCapacityBps(l.capacityBps())
                .setIgpWeight(l.igpWeight())
                .setPowerW(l.powerW())
                .setAdminState(state(l.adminState()))
                .setOperState(state(l.operState()))
                .addAllSrlgs(l.srlgs())
                .addAllSrcAddresses(l.srcEnd().addresses())
                .addAllDstAddresses(l.dstEnd().addresses());
        if (l.srcEnd().hasInterfaceName()) {
            b.setSrcInterface(l.srcEnd().interfaceName());
        }
        if (l.dstEnd().hasInterfaceName()) {
            b.setDstInterface(l.dstEnd().interfaceName());
        }
        if (l.hasLatency()) {
            b.setLatencyMs(l.latencyMs());
        }
        return b.build();
    }

    /**
     * A model link; states are read as reported states ({@link #reported}), an empty
     * {@code src_interface}/{@code dst_interface} as "not known".
     *
     * @throws io.twinloop.model.InvalidNetworkException for a bad value, e.g.
     *         {@code links[l1].src_addresses[0]} when an address is not an IP address
     */
    public static Link link(io.twinloop.proto.common.v1.Link l) {
        return new Link(l.getId(), l.getSrc(), l.getDst(), l.getCapacityBps(), l.getIgpWeight(),
                l.hasLatencyMs() ? l.getLatencyMs() : Double.NaN, l.getPowerW(), l.getSrlgsList(),
                reported(l.getAdminState()), reported(l.getOperState()),
                end(l.getId(), "src", l.getSrcInterface(), l.getSrcAddressesList()),
                end(l.getId(), "dst", l.getDstInterface(), l.getDstAddressesList()));
    }

    private static LinkEnd end(String link, String side, String interfaceName, List<String> addresses) {
        if (interfaceName.isEmpty() && addresses.isEmpty()) {
            return LinkEnd.NONE;
        }
        try {
            return new LinkEnd(interfaceName.isEmpty() ? null : interfaceName, addresses);
        } catch (InvalidNetworkException e) {
            String field = e.field().equals("interfaceName") ? "_interface" : "_" + e.field();
            throw new InvalidNetworkException("links[" + link + "]." + side + field, e.reason(), e);
        }
    }

    /** The nodes and links of a network (its demands and path policies travel elsewhere). */
    public static Topology topology(Network n) {
        Topology.Builder b = Topology.newBuilder();
        for (Node node : n.nodes()) {
            b.addNodes(node(node));
        }
        for (Link l : n.links()) {
            b.addLinks(link(l));
        }
        return b.build();
    }

    /**
     * The model network of a topology, without demands or path policies.
     *
     * @throws io.twinloop.model.InvalidNetworkException if the topology is inconsistent
     */
    public static Network network(String name, Topology t) {
        List<Node> nodes = new ArrayList<>(t.getNodesCount());
        for (io.twinloop.proto.common.v1.Node n : t.getNodesList()) {
            nodes.add(node(n));
        }
        List<Link> links = new ArrayList<>(t.getLinksCount());
        for (io.twinloop.proto.common.v1.Link l : t.getLinksList()) {
            links.add(link(l));
        }
        return new Network(name, nodes, links, List.of());
    }

    // ---- traffic ----

    public static io.twinloop.proto.common.v1.Demand demand(Demand d) {
        return io.twinloop.proto.common.v1.Demand.newBuilder()
                .setSrc(d.src()).setDst(d.dst()).setRateBps(d.rateBps()).build();
    }

    public static io.twinloop.proto.common.v1.OdPair odPair(OdPair p) {
        return io.twinloop.proto.common.v1.OdPair.newBuilder().setSrc(p.src()).setDst(p.dst()).build();
    }

    public static OdPair odPair(io.twinloop.proto.common.v1.OdPair p, String field) {
        try {
            return new OdPair(p.getSrc(), p.getDst());
        } catch (IllegalArgumentException e) {
            throw new RequestException(field, field + " (" + p.getSrc() + "->" + p.getDst() + "): " + e.getMessage());
        }
    }

    /** A proto matrix of {@code demands} at {@code time} (empty for a synthetic matrix). */
    public static TrafficMatrix matrix(String time, List<Demand> demands) {
        TrafficMatrix.Builder b = TrafficMatrix.newBuilder().setTime(time == null ? "" : time);
        for (Demand d : demands) {
            b.addDemands(demand(d));
        }
        return b.build();
    }

    /**
     * A proto matrix of {@code demands} at {@code time}, marked as estimated with its fit when {@code fitError}
     * is a number ({@link io.twinloop.model.TrafficSample#fitError()}: NaN for a measured sample).
     */
    public static TrafficMatrix matrix(String time, List<Demand> demands, double fitError) {
        TrafficMatrix m = matrix(time, demands);
        return Double.isNaN(fitError) ? m : m.toBuilder().setEstimated(true).setFitError(fitError).build();
    }

    /**
     * The demands of a matrix. Rejects, naming the field (e.g. {@code traffic.demands[4].rate_bps}),
     * blank or equal endpoints and rates that are negative or not finite.
     *
     * @param field the matrix's request field, e.g. {@code traffic} or {@code traffic_samples[2]}
     */
    public static List<Demand> demands(TrafficMatrix m, String field) {
        return demands(m.getDemandsList(), field + ".demands");
    }

    /** Demands of a repeated field named {@code field}, validated as in {@link #demands(TrafficMatrix, String)}. */
    public static List<Demand> demands(List<io.twinloop.proto.common.v1.Demand> in, String field) {
        List<Demand> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            io.twinloop.proto.common.v1.Demand d = in.get(i);
            String f = field + "[" + i + "]";
            String label = "demand " + i + " of " + field + " (" + d.getSrc() + "->" + d.getDst() + ")";
            if (d.getSrc().isBlank()) {
                throw new RequestException(f + ".src", label + ": src is required");
            }
            if (d.getDst().isBlank()) {
                throw new RequestException(f + ".dst", label + ": dst is required");
            }
            if (d.getSrc().equals(d.getDst())) {
                throw new RequestException(f + ".dst", label + ": src and dst must differ");
            }
            if (!Double.isFinite(d.getRateBps()) || d.getRateBps() < 0) {
                throw new RequestException(f + ".rate_bps", label + ": rate_bps must be a finite number >= 0, got "
                        + d.getRateBps());
            }
            out.add(new Demand(d.getSrc(), d.getDst(), d.getRateBps()));
        }
        return out;
    }

    // ---- KPIs ----

    /** Proto KPIs without churn (0): the figures of one routed state. */
    public static io.twinloop.proto.common.v1.Kpis kpis(Kpis k) {
        io.twinloop.proto.common.v1.Kpis.Builder b = io.twinloop.proto.common.v1.Kpis.newBuilder()
                .setMaxLinkUtilization(k.maxLinkUtilization())
                .setMeanLinkUtilization(k.meanLinkUtilization())
                .setP95LinkUtilization(k.p95LinkUtilization())
                .setTotalLoadBps(k.totalLoadBps())
                .setOverloadedBps(k.overloadedBps())
                .setUnroutedBps(k.unroutedBps())
                .setLinksOverloaded(k.linksOverloaded())
                .setEstimatedLossBps(k.lossBps())
                .setTotalPowerW(k.powerW())
                .setLatencyPartial(k.latencyPartial());
        if (!Double.isNaN(k.meanLatencyMs())) {
            b.setMeanLatencyMs(k.meanLatencyMs());
        }
        if (!Double.isNaN(k.p95LatencyMs())) {
            b.setP95LatencyMs(k.p95LatencyMs());
        }
        return b.build();
    }

    /** Proto KPIs of a plan with {@code churn} changed configuration items. */
    public static io.twinloop.proto.common.v1.Kpis kpis(Kpis k, int churn) {
        return kpis(k).toBuilder().setChurn(churn).build();
    }

    /**
     * Model KPIs (the churn is not part of them).
     *
     * @throws RequestException if a figure is negative or not a number
     */
    public static Kpis kpis(io.twinloop.proto.common.v1.Kpis k, String field) {
        try {
            return new Kpis(k.getMaxLinkUtilization(), k.getMeanLinkUtilization(), k.getP95LinkUtilization(),
                    k.getTotalLoadBps(), k.getOverloadedBps(), k.getUnroutedBps(), k.getLinksOverloaded(),
                    k.hasMeanLatencyMs() ? k.getMeanLatencyMs() : Double.NaN,
                    k.hasP95LatencyMs() ? k.getP95LatencyMs() : Double.NaN,
                    k.getLatencyPartial(), k.getEstimatedLossBps(), k.getTotalPowerW());
        } catch (IllegalArgumentException e) {
            throw new RequestException(field, field + ": " + e.getMessage());
        }
    }

    /**
     * A plan's KPIs under one labelled traffic, with the plan's changes ({@code Kpis.churn}), as the
     * round rules check them.
     *
     * @throws RequestException if a figure is negative or not a number
     */
    public static TrafficCheck check(String label, io.twinloop.proto.common.v1.Kpis k, String field) {
        Kpis kpis = kpis(k, field);
        if (k.getChurn() < 0) {
            throw new RequestException(field + ".churn", field + ".churn must be >= 0, got " + k.getChurn());
        }
        return new TrafficCheck(label, kpis, k.getChurn());
    }

    // ---- objectives and constraints ----

    /**
     * Model objective of a round's {@code objective} and {@code weights}, with the change limit the churn is
     * normalised by: UNSPECIFIED is MLU, as the services read it; no weights at all are equal weights.
     */
    public static Objective objective(io.twinloop.proto.common.v1.Objective objective,
                                      io.twinloop.proto.common.v1.ObjectiveWeights weights, int maxChanges) {
        Objective.Goal goal = switch (objective) {
            case OBJECTIVE_MIN_LATENCY -> Objective.Goal.LATENCY;
            case OBJECTIVE_MIN_POWER -> Objective.Goal.POWER;
            case OBJECTIVE_MIN_CHURN -> Objective.Goal.CHURN;
            case OBJECTIVE_WEIGHTED -> Objective.Goal.WEIGHTED;
            default -> Objective.Goal.MLU;
        };
        return new Objective(goal, new Objective.Weights(weights.getUtilization(), weights.getLatency(),
                weights.getPower(), weights.getChurn()), maxChanges);
    }


    /** Proto constraint. */
    public static io.twinloop.proto.common.v1.Constraint constraint(Constraint c) {
        return io.twinloop.proto.common.v1.Constraint.newBuilder()
                .setMetric(ConstraintMetric.valueOf(METRIC_PREFIX + c.metric().name()))
                .setOp(c.op() == Constraint.Op.LE ? ConstraintOp.CONSTRAINT_OP_LE : ConstraintOp.CONSTRAINT_OP_GE)
                .setValue(c.bound()).build();
    }

    /**
     * Model constraint.
     *
     * @throws RequestException for an unset or unknown metric or comparison, or a bound that is not finite
     */
    public static Constraint constraint(io.twinloop.proto.common.v1.Constraint c, String field) {
        if (c.getMetric() == ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED
                || c.getMetric() == ConstraintMetric.UNRECOGNIZED) {
            throw new RequestException(field + ".metric", field + ".metric must be set, got " + c.getMetricValue());
        }
        Constraint.Op op = switch (c.getOp()) {
            case CONSTRAINT_OP_LE -> Constraint.Op.LE;
            case CONSTRAINT_OP_GE -> Constraint.Op.GE;
            default -> throw new RequestException(field + ".op", field + ".op must be LE or GE, got " + c.getOpValue());
        };
        try {
            return new Constraint(Constraint.Metric.valueOf(c.getMetric().name().substring(METRIC_PREFIX.length())),
                    op, c.getValue());
        } catch (IllegalArgumentException e) {
            throw new RequestException(field, field + ": " + e.getMessage());
        }
    }

    // ---- plans ----

    public static io.twinloop.proto.common.v1.PlanAction action(PlanAction a) {
        io.twinloop.proto.common.v1.PlanAction.Builder pa = io.twinloop.proto.common.v1.PlanAction.newBuilder();
        if (a instanceof SetLinkWeight w) {
            pa.setSetLinkWeight(io.twinloop.proto.common.v1.SetLinkWeight.newBuilder()
                    .setLinkId(w.linkId()).setIgpWeight(w.igpWeight()));
        } else if (a instanceof SetLinkAdminState s) {
            pa.setSetLinkAdminState(io.twinloop.proto.common.v1.SetLinkAdminState.newBuilder()
                    .setLinkId(s.linkId()).setState(state(s.state())));
        } else if (a instanceof SetPathPolicy sp) {
            pa.setSetPathPolicy(pathPolicy(sp.src(), sp.dst(), sp.paths()));
        } else if (a instanceof SetLinkCapacity c) {
            pa.setSetLinkCapacity(io.twinloop.proto.common.v1.SetLinkCapacity.newBuilder()
                    .setLinkId(c.linkId()).setCapacityBps(c.capacityBps()));
        } else {
            throw new IllegalArgumentException("no proto form for plan action " + a);
        }
        return pa.build();
    }

    /** The proto form of a network's path policy (as a diff or a plan carries it). */
    public static io.twinloop.proto.common.v1.SetPathPolicy pathPolicy(PathPolicy p) {
        return pathPolicy(p.src(), p.dst(), p.paths());
    }

    private static io.twinloop.proto.common.v1.SetPathPolicy pathPolicy(String src, String dst, List<WeightedPath> paths) {
        io.twinloop.proto.common.v1.SetPathPolicy.Builder pp = io.twinloop.proto.common.v1.SetPathPolicy.newBuilder()
                .setSrc(src).setDst(dst);
        for (WeightedPath w : paths) {
            pp.addPaths(io.twinloop.proto.common.v1.WeightedPath.newBuilder().addAllNodes(w.nodes()).setFraction(w.fraction()));
        }
        return pp.build();
    }

    /** A proto plan of the model plan's actions, in order. */
    public static io.twinloop.proto.common.v1.Plan plan(Plan p) {
        io.twinloop.proto.common.v1.Plan.Builder b = io.twinloop.proto.common.v1.Plan.newBuilder();
        for (PlanAction a : p.actions()) {
            b.addActions(action(a));
        }
        return b.build();
    }

    /** A model plan of a request's {@code plan} field; see {@link #plan(io.twinloop.proto.common.v1.Plan, String)}. */
    public static Plan plan(io.twinloop.proto.common.v1.Plan p) {
        return plan(p, "plan");
    }

    /**
     * A model plan. Each action is checked on its own ({@link #action(io.twinloop.proto.common.v1.PlanAction,
     * String)}); the error names the action, e.g. field {@code plan.actions[2]} and message
     * {@code "action 2: IGP weight of link 'A-B' must be ..."}.
     */
    public static Plan plan(io.twinloop.proto.common.v1.Plan p, String field) {
        List<PlanAction> actions = new ArrayList<>(p.getActionsCount());
        for (int i = 0; i < p.getActionsCount(); i++) {
            String at = field + ".actions[" + i + "]";
            try {
                actions.add(action(p.getActions(i), at));
            } catch (RequestException e) {
                boolean unset = p.getActions(i).getActionCase() == ActionCase.ACTION_NOT_SET;
                throw new RequestException(at, e.reason(),
                        "action " + i + (unset ? " has no action set" : ": " + e.getMessage()));
            }
        }
        return new Plan(actions);
    }

    /**
     * The model form of one plan action (the network it applies to checks the ids): weights and
     * capacities must be finite and {@code > 0}, a state must be set, a path policy must have the
     * model's shape. For callers that report each action's fault on its own (a plan checker that
     * lists every bad action) and word the action's position their way.
     *
     * @param field the action's request field, e.g. {@code plan.actions[2]}
     * @throws RequestException naming {@code field}, whose message is the reason alone (without the
     *                          action's position), e.g. {@code "IGP weight of link 'A-B' must be a finite
     *                          number > 0, got 0.0"}
     */
    public static PlanAction action(io.twinloop.proto.common.v1.PlanAction a, String field) {
        switch (a.getActionCase()) {
            case SET_LINK_WEIGHT -> {
                var w = a.getSetLinkWeight();
                if (!(w.getIgpWeight() > 0) || !Double.isFinite(w.getIgpWeight())) {
                    throw new RequestException(field, "IGP weight of link '" + w.getLinkId()
                            + "' must be a finite number > 0, got " + w.getIgpWeight());
                }
                return new SetLinkWeight(w.getLinkId(), w.getIgpWeight());
            }
            case SET_LINK_ADMIN_STATE -> {
                var st = a.getSetLinkAdminState();
                if (st.getState() == LinkState.LINK_STATE_UNSPECIFIED || st.getState() == LinkState.UNRECOGNIZED) {
                    throw new RequestException(field, "admin state of link '" + st.getLinkId()
                            + "' must be UP, DOWN or SLEEP");
                }
                return new SetLinkAdminState(st.getLinkId(), state(st.getState(), field));
            }
            case SET_LINK_CAPACITY -> {
                var c = a.getSetLinkCapacity();
                if (!(c.getCapacityBps() > 0) || !Double.isFinite(c.getCapacityBps())) {
                    throw new RequestException(field, "capacity of link '" + c.getLinkId()
                            + "' must be a finite number > 0 bit/s, got " + c.getCapacityBps());
                }
                return new SetLinkCapacity(c.getLinkId(), c.getCapacityBps());
            }
            case SET_PATH_POLICY -> {
                var pp = a.getSetPathPolicy();
                try {
                    List<WeightedPath> paths = new ArrayList<>(pp.getPathsCount());
                    for (var wp : pp.getPathsList()) {
                        paths.add(new WeightedPath(wp.getNodesList(), wp.getFraction()));
                    }
                    return new SetPathPolicy(pp.getSrc(), pp.getDst(), paths);
                } catch (IllegalArgumentException e) {
                    throw new RequestException(field, "path policy " + pp.getSrc() + "->" + pp.getDst() + ": "
                            + e.getMessage());
                }
            }
            default -> throw new RequestException(field, "no action set");
        }
    }
}
