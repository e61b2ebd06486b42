package io.twinloop.twin.grpc;

import io.twinloop.model.Link;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.LinkLoad;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.twin.simulation.SimulationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The twin's own proto output: per-link loads of a simulation. The shared types (topology, plans,
 * demands, KPIs, link states) translate through {@link Translator}, the one translator.
 */
public final class TwinProtoMapper {

    private TwinProtoMapper() {
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
                            : l.operState() != io.twinloop.model.LinkState.UP
                            ? Translator.state(l.operState()) : Translator.state(l.adminState()))
                    .build());
        }
        return out;
    }

    /** A telemetry sample as ingested; an unrecognized oper state maps to null, which the ingestor rejects. */
    public static io.twinloop.twin.telemetry.LinkSample linkSample(io.twinloop.proto.twin.v1.LinkSample s) {
        io.twinloop.twin.telemetry.OperState state = switch (s.getOperState()) {
            case LINK_STATE_UNSPECIFIED -> io.twinloop.twin.telemetry.OperState.UNSPECIFIED;
            case LINK_STATE_UP -> io.twinloop.twin.telemetry.OperState.UP;
            case LINK_STATE_DOWN -> io.twinloop.twin.telemetry.OperState.DOWN;
            case LINK_STATE_SLEEP -> io.twinloop.twin.telemetry.OperState.SLEEP;
            default -> null;
        };
        return new io.twinloop.twin.telemetry.LinkSample(s.getTimeUnixMs(), s.getLinkId(), s.getRateBps(),
                s.getDropsPps(), state);
    }
}
