package io.twinloop.gateway.rest;

import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.SimulateResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link TopologyView}s from the twin's protos; stateless. */
final class TopologyViews {
    private TopologyViews() {
    }

    /**
     * The snapshot with the loads of {@code sim}; with {@code sim} null every link has a null
     * load and utilisation, and {@code note} says why.
     */
    static TopologyView of(GetNetworkResponse net, SimulateResponse sim, String note) {
        Map<String, LinkLoad> loads = new HashMap<>();
        if (sim != null) {
            sim.getLinksList().forEach(l -> loads.put(l.getId(), l));
        }
        List<TopologyView.NodeView> nodes = net.getTopology().getNodesList().stream()
                .map(n -> new TopologyView.NodeView(n.getName(), n.hasLongitude() ? n.getLongitude() : null,
                        n.hasLatitude() ? n.getLatitude() : null))
                .toList();
        List<TopologyView.LinkView> links = net.getTopology().getLinksList().stream().map(l -> {
            LinkLoad load = loads.get(l.getId());
            return new TopologyView.LinkView(l.getId(), l.getSrc(), l.getDst(), l.getCapacityBps(), l.getIgpWeight(),
                    l.getLatencyMs(), (load != null ? load.getState() : configuredState(l)).name(),
                    load == null ? null : load.getLoadBps(), load == null ? null : load.getUtilization());
        }).toList();
        return new TopologyView(net.getNetwork(), net.getVersion(), net.getTrafficSamples(),
                sim == null ? null : sim.getTrafficTime(),
                sim != null && sim.hasTrafficRow() ? sim.getTrafficRow() : null,
                note, sim == null ? null : kpis(sim.getKpis()), nodes, links);
    }

    /**
     * A link's state without a simulation: its admin state unless that is UP (or unset), else
     * what telemetry last saw when that was DOWN or SLEEP, else UP.
     */
    static LinkState configuredState(Link l) {
        LinkState admin = l.getAdminState();
        if (admin != LinkState.LINK_STATE_UNSPECIFIED && admin != LinkState.LINK_STATE_UP) {
            return admin;
        }
        LinkState oper = l.getOperState();
        return oper == LinkState.LINK_STATE_DOWN || oper == LinkState.LINK_STATE_SLEEP ? oper : LinkState.LINK_STATE_UP;
    }

    private static TopologyView.KpisView kpis(Kpis k) {
        return new TopologyView.KpisView(k.getMaxLinkUtilization(), k.getMeanLinkUtilization(), k.getMeanLatencyMs(),
                k.getTotalPowerW(), k.getUnroutedBps(), k.getLinksOverloaded());
    }
}
