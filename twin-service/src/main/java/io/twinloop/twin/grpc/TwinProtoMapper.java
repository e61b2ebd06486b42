package io.twinloop.twin.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.Kpis;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.twin.simulation.SimulationResult;

import java.util.ArrayList;
import java.util.List;

/** Stateless translation between the generated proto types and the model. */
public final class TwinProtoMapper {

    private TwinProtoMapper() {
    }

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

    public static io.twinloop.proto.common.v1.Node node(Node node) {
        io.twinloop.proto.common.v1.Node.Builder nb = io.twinloop.proto.common.v1.Node.newBuilder()
                .setName(node.name());
        if (node.coordinates() != null) {
            nb.setLongitude(node.coordinates().longitude()).setLatitude(node.coordinates().latitude());
        }
        return nb.build();
    }

    public static io.twinloop.proto.common.v1.Link link(Link l) {
        return io.twinloop.proto.common.v1.Link.newBuilder()
                .setId(l.id()).setSrc(l.src()).setDst(l.dst())
                .setCapacityBps(l.capacityBps())
                .setIgpWeight(l.igpWeight())
                .setLatencyMs(l.hasLatency() ? l.latencyMs() : 0)
                .setPowerW(l.powerW())
                .setAdminState(state(l.adminState()))
                .setOperState(state(l.operState()))
                .addAllSrlgs(l.srlgs())
                .build();
    }

    public static LinkState state(io.twinloop.model.LinkState s) {
        return switch (s) {
            case UP -> LinkState.LINK_STATE_UP;
            case DOWN -> LinkState.LINK_STATE_DOWN;
            case SLEEP -> LinkState.LINK_STATE_SLEEP;
        };
    }

    /** A proto state as the model's; UNSPECIFIED is rejected by the caller before this. */
    public static io.twinloop.model.LinkState state(LinkState s) {
        return switch (s) {
            case LINK_STATE_UP -> io.twinloop.model.LinkState.UP;
            case LINK_STATE_DOWN -> io.twinloop.model.LinkState.DOWN;
            case LINK_STATE_SLEEP -> io.twinloop.model.LinkState.SLEEP;
            default -> throw new IllegalArgumentException("link state must be UP, DOWN or SLEEP, got " + s);
        };
    }

    public static io.twinloop.proto.common.v1.Demand demand(Demand d) {
        return io.twinloop.proto.common.v1.Demand.newBuilder()
                .setSrc(d.src()).setDst(d.dst()).setRateBps(d.rateBps()).build();
    }

    /** Demands of an explicit matrix; rejects negative or non-finite rates and self-demands. */
    public static List<Demand> demands(List<io.twinloop.proto.common.v1.Demand> in, String field) {
        List<Demand> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            io.twinloop.proto.common.v1.Demand d = in.get(i);
            try {
                out.add(new Demand(d.getSrc(), d.getDst(), d.getRateBps()));
            } catch (IllegalArgumentException e) {
                throw new RequestException(field + "[" + i + "]", "demand " + i + " (" + d.getSrc() + "->"
                        + d.getDst() + "): " + e.getMessage());
            }
        }
        return out;
    }

    public static io.twinloop.proto.common.v1.Kpis kpis(Kpis k) {
        return io.twinloop.proto.common.v1.Kpis.newBuilder()
                .setMaxLinkUtilization(k.maxLinkUtilization())
                .setMeanLinkUtilization(k.meanLinkUtilization())
                .setP95LinkUtilization(k.p95LinkUtilization())
                .setTotalLoadBps(k.totalLoadBps())
                .setOverloadedBps(k.overloadedBps())
                .setUnroutedBps(k.unroutedBps())
                .setLinksOverloaded(k.linksOverloaded())
                .setEstimatedLossBps(k.lossBps())
                .setMeanLatencyMs(Double.isNaN(k.meanLatencyMs()) ? 0 : k.meanLatencyMs())
                .setP95LatencyMs(Double.isNaN(k.p95LatencyMs()) ? 0 : k.p95LatencyMs())
                .setTotalPowerW(k.powerW())
                .build();
    }

    /** Per-link loads in the network's link order. */
    public static List<LinkLoad> linkLoads(SimulationResult r) {
        List<Link> links = r.network().links();
        double[] load = r.routing().loadBps();
        List<LinkLoad> out = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            out.add(LinkLoad.newBuilder()
                    .setId(l.id()).setSrc(l.src()).setDst(l.dst())
                    .setCapacityBps(l.capacityBps())
                    .setLoadBps(load[i])
                    .setUtilization(io.twinloop.model.routing.Kpis.utilization(load[i], l.capacityBps()))
                    .setState(r.downLinks().get(i) && l.adminState() == io.twinloop.model.LinkState.UP
                            ? LinkState.LINK_STATE_DOWN
                            : l.operState() != io.twinloop.model.LinkState.UP ? state(l.operState()) : state(l.adminState()))
                    .build());
        }
        return out;
    }

    /** A proto plan as model actions; actions this twin version cannot simulate are rejected. */
    public static Plan plan(io.twinloop.proto.common.v1.Plan p) {
        List<PlanAction> actions = new ArrayList<>(p.getActionsCount());
        for (int i = 0; i < p.getActionsCount(); i++) {
            io.twinloop.proto.common.v1.PlanAction a = p.getActions(i);
            String field = "plan.actions[" + i + "]";
            switch (a.getActionCase()) {
                case SET_LINK_WEIGHT -> {
                    var w = a.getSetLinkWeight();
                    if (!(w.getIgpWeight() > 0) || !Double.isFinite(w.getIgpWeight())) {
                        throw new RequestException(field, "action " + i + ": IGP weight of link '"
                                + w.getLinkId() + "' must be a finite number > 0, got " + w.getIgpWeight());
                    }
                    actions.add(new SetLinkWeight(w.getLinkId(), w.getIgpWeight()));
                }
                case SET_LINK_ADMIN_STATE -> {
                    var st = a.getSetLinkAdminState();
                    if (st.getState() == LinkState.LINK_STATE_UNSPECIFIED || st.getState() == LinkState.UNRECOGNIZED) {
                        throw new RequestException(field, "action " + i + ": admin state of link '"
                                + st.getLinkId() + "' must be UP, DOWN or SLEEP");
                    }
                    actions.add(new SetLinkAdminState(st.getLinkId(), state(st.getState())));
                }
                case SET_LINK_CAPACITY -> {
                    var c = a.getSetLinkCapacity();
                    if (!(c.getCapacityBps() > 0) || !Double.isFinite(c.getCapacityBps())) {
                        throw new RequestException(field, "action " + i + ": capacity of link '" + c.getLinkId()
                                + "' must be a finite number > 0 bit/s, got " + c.getCapacityBps());
                    }
                    actions.add(new SetLinkCapacity(c.getLinkId(), c.getCapacityBps()));
                }
                case SET_PATH_POLICY -> {
                    var pp = a.getSetPathPolicy();
                    List<WeightedPath> paths = new ArrayList<>();
                    for (var wp : pp.getPathsList()) {
                        try {
                            paths.add(new WeightedPath(wp.getNodesList(), wp.getFraction()));
                        } catch (IllegalArgumentException e) {
                            throw new RequestException(field, "action " + i + ": path policy " + pp.getSrc() + "->"
                                    + pp.getDst() + ": " + e.getMessage());
                        }
                    }
                    try {
                        actions.add(new SetPathPolicy(pp.getSrc(), pp.getDst(), paths));
                    } catch (IllegalArgumentException e) {
                        throw new RequestException(field, "action " + i + ": path policy " + pp.getSrc() + "->"
                                + pp.getDst() + ": " + e.getMessage());
                    }
                }
                case ACTION_NOT_SET -> throw new RequestException(field, "action " + i + " has no action set");
            }
        }
        return new Plan(actions);
    }
}
