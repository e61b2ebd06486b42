package io.twinloop.model.io;

import io.twinloop.model.Coordinates;
import io.twinloop.model.Geo;
import io.twinloop.model.Link;
import io.twinloop.model.Node;
import io.twinloop.model.PowerModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in what topology files usually leave out, with the documented defaults of
 * {@link ImportRules}: propagation latency from node coordinates ({@link Geo}) and power from
 * capacity ({@link PowerModel}).
 */
final class LinkDefaults {

    private LinkDefaults() {
    }

    /**
     * The links with {@code latencyMs} set to the great-circle fibre latency where it is unknown and
     * both endpoints have geographic coordinates (only when {@code geographic} is true, i.e. the
     * file's coordinates are longitude/latitude), and {@code powerW} set to
     * {@link PowerModel#directedLinkPowerW(double)} where it is 0.
     */
    static List<Link> complete(List<Node> nodes, List<Link> links, boolean geographic) {
        Map<String, Coordinates> where = new HashMap<>(nodes.size() * 2);
        for (Node n : nodes) {
            if (n.coordinates() != null && n.coordinates().isGeographic()) {
                where.put(n.name(), n.coordinates());
            }
        }
        List<Link> out = new ArrayList<>(links.size());
        for (Link l : links) {
            Link c = l;
            if (geographic && !c.hasLatency()) {
                Coordinates a = where.get(c.src());
                Coordinates b = where.get(c.dst());
                if (a != null && b != null) {
                    c = c.withLatencyMs(Geo.propagationLatencyMs(a, b));
                }
            }
            if (c.powerW() == 0) {
                c = c.withPowerW(PowerModel.directedLinkPowerW(c.capacityBps()));
            }
            out.add(c);
        }
        return out;
    }
}
