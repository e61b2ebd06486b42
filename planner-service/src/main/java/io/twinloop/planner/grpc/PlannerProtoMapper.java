package io.twinloop.planner.grpc;

import io.twinloop.model.Coordinates;
import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.routing.Kpis;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.optimizer.Rationale;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.Topology;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.twin.v1.GetNetworkResponse;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Stateless translation between the generated proto types and the model and optimizer types. */
public final class PlannerProtoMapper {

    private PlannerProtoMapper() {
    }

    /**
     * The model network of a twin snapshot (without its static demands: the planner plans on the
     * request's traffic). Links keep their admin and oper states (unspecified counts as UP), so a
     * sleeping link draws its sleep power in the planner's KPIs as it does in the twin's.
     *
     * @throws InvalidNetworkException if the twin sent an inconsistent topology
     */
    public static Network network(GetNetworkResponse r) {
        Topology t = r.getTopology();
        List<Node> nodes = new ArrayList<>(t.getNodesCount());
        for (io.twinloop.proto.common.v1.Node n : t.getNodesList()) {
            Coordinates c = n.hasLongitude() && n.hasLatitude()
                    ? new Coordinates(n.getLongitude(), n.getLatitude()) : null;
            nodes.add(new Node(n.getName(), c));
        }
        List<Link> links = new ArrayList<>(t.getLinksCount());
        for (io.twinloop.proto.common.v1.Link l : t.getLinksList()) {
            links.add(new Link(l.getId(), l.getSrc(), l.getDst(), l.getCapacityBps(), l.getIgpWeight(),
                    l.getLatencyMs(), l.getPowerW(), List.of(), reported(l.getAdminState()), reported(l.getOperState())));
        }
        return new Network(r.getNetwork(), nodes, links, List.of());
    }

    /**
     * The links of a twin snapshot that carry no traffic: not UP by configuration, or observed down
     * (an unspecified state counts as UP), as indices into {@code network(r).links()}.
     */
    public static BitSet downLinks(GetNetworkResponse r) {
        List<io.twinloop.proto.common.v1.Link> links = r.getTopology().getLinksList();
        BitSet down = new BitSet(links.size());
        for (int i = 0; i < links.size(); i++) {
            if (!up(links.get(i).getAdminState()) || !up(links.get(i).getOperState())) {
                down.set(i);
            }
        }
        return down;
    }

    /**
     * A reported state in model form: unspecified counts as UP and an unknown value as DOWN, as in
     * {@link #downLinks}.
     */
    private static io.twinloop.model.LinkState reported(LinkState s) {
        return up(s) ? io.twinloop.model.LinkState.UP
                : s == LinkState.UNRECOGNIZED ? io.twinloop.model.LinkState.DOWN : state(s);
    }

    private static boolean up(LinkState s) {
        return s == LinkState.LINK_STATE_UP || s == LinkState.LINK_STATE_UNSPECIFIED;
    }

    /**
     * The demands of a request's traffic matrix. Rejects, naming the field, blank or equal
     * endpoints and rates that are negative or not finite.
     *
     * @param field the matrix's request field, e.g. {@code traffic} or {@code traffic_samples[2]}
     */
    public static List<Demand> demands(io.twinloop.proto.common.v1.TrafficMatrix m, String field) {
        List<Demand> out = new ArrayList<>(m.getDemandsCount());
        for (int i = 0; i < m.getDemandsCount(); i++) {
            io.twinloop.proto.common.v1.Demand d = m.getDemands(i);
            String f = field + ".demands[" + i + "]";
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

    /** Proto KPIs; {@code churn} is the number of actions of the plan they belong to. */
    public static io.twinloop.proto.common.v1.Kpis kpis(Kpis k, int churn) {
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
                .setChurn(churn)
                .build();
    }

    /**
     * The proto form of a model link state. Every model state has its own proto value, so a
     * {@code SLEEP} (energy saving, drawing {@code PowerModel.SLEEP_FRACTION} of the link's power)
     * stays a sleep and is never sent as a {@code DOWN} (drawing nothing).
     */
    public static LinkState state(io.twinloop.model.LinkState s) {
        return switch (s) {
            case UP -> LinkState.LINK_STATE_UP;
            case DOWN -> LinkState.LINK_STATE_DOWN;
            case SLEEP -> LinkState.LINK_STATE_SLEEP;
        };
    }

    /**
     * The model form of a proto link state.
     *
     * @throws IllegalArgumentException for {@code LINK_STATE_UNSPECIFIED} or an unknown value, which
     *                                  have no model form (callers decide what "not set" means)
     */
    public static io.twinloop.model.LinkState state(LinkState s) {
        return switch (s) {
            case LINK_STATE_UP -> io.twinloop.model.LinkState.UP;
            case LINK_STATE_DOWN -> io.twinloop.model.LinkState.DOWN;
            case LINK_STATE_SLEEP -> io.twinloop.model.LinkState.SLEEP;
            default -> throw new IllegalArgumentException("link state must be UP, DOWN or SLEEP, got " + s);
        };
    }

    /** A proto plan of the model plan's actions, in order. */
    public static io.twinloop.proto.common.v1.Plan plan(Plan p) {
        io.twinloop.proto.common.v1.Plan.Builder b = io.twinloop.proto.common.v1.Plan.newBuilder();
        for (PlanAction a : p.actions()) {
            io.twinloop.proto.common.v1.PlanAction.Builder pa = io.twinloop.proto.common.v1.PlanAction.newBuilder();
            if (a instanceof SetLinkWeight w) {
                pa.setSetLinkWeight(io.twinloop.proto.common.v1.SetLinkWeight.newBuilder()
                        .setLinkId(w.linkId()).setIgpWeight(w.igpWeight()));
            } else if (a instanceof SetLinkAdminState s) {
                pa.setSetLinkAdminState(io.twinloop.proto.common.v1.SetLinkAdminState.newBuilder()
                        .setLinkId(s.linkId()).setState(state(s.state())));
            } else if (a instanceof io.twinloop.model.plan.SetPathPolicy sp) {
                io.twinloop.proto.common.v1.SetPathPolicy.Builder pp = io.twinloop.proto.common.v1.SetPathPolicy.newBuilder()
                        .setSrc(sp.src()).setDst(sp.dst());
                for (io.twinloop.model.WeightedPath w : sp.paths()) {
                    pp.addPaths(io.twinloop.proto.common.v1.WeightedPath.newBuilder().addAllNodes(w.nodes())
                            .setFraction(w.fraction()));
                }
                pa.setSetPathPolicy(pp);
            } else if (a instanceof io.twinloop.model.plan.SetLinkCapacity c) {
                pa.setSetLinkCapacity(io.twinloop.proto.common.v1.SetLinkCapacity.newBuilder()
                        .setLinkId(c.linkId()).setCapacityBps(c.capacityBps()));
            } else {
                throw new IllegalArgumentException("no proto form for plan action " + a);
            }
            b.addActions(pa);
        }
        return b.build();
    }

    /** A proto rationale. */
    public static io.twinloop.proto.common.v1.Rationale rationale(Rationale r) {
        return io.twinloop.proto.common.v1.Rationale.newBuilder()
                .setObjective(r.objective())
                .addAllBindingLinkIds(r.bindingLinkIds())
                .addAllChanges(r.changes())
                .setSummary(r.summary())
                .build();
    }

    /** A proto candidate. */
    public static Candidate candidate(PlanCandidate c) {
        return Candidate.newBuilder()
                .setId(c.id())
                .setSource(c.source())
                .setPlan(plan(c.plan()))
                .setKpis(kpis(c.kpis(), c.plan().actions().size()))
                .setRationale(rationale(c.rationale()))
                .setScore(c.score())
                .build();
    }
}
