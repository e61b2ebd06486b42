package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * An independent, deliberately naive implementation of the per-hop ECMP definition, for tests:
 * exact decimal distances by Bellman-Ford (BigDecimal), then explicit enumeration of every
 * shortest path by depth-first search, each path carrying the product of 1/(number of shortest
 * next hops) over its hops. Exponential in the worst case; only for small graphs.
 */
final class ReferenceEcmp {

    final double[] load;
    double unroutedBps;
    final List<Demand> unrouted = new ArrayList<>();
    long paths;

    private final Network net;
    private final BitSet down;
    private final BigDecimal[] w;

    ReferenceEcmp(Network net, BitSet down, List<Demand> demands) {
        this.net = net;
        this.down = down;
        this.load = new double[net.links().size()];
        this.w = new BigDecimal[net.links().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = new BigDecimal(Double.toString(net.links().get(i).igpWeight()));
        }
        for (Demand d : demands) {
            if (d.rateBps() == 0) {
                continue;
            }
            BigDecimal[] dist = distancesTo(net.nodeIndex(d.dst()));
            int s = net.nodeIndex(d.src());
            if (dist[s] == null) {
                unrouted.add(d);
                unroutedBps += d.rateBps();
                continue;
            }
            walk(s, net.nodeIndex(d.dst()), dist, 1.0, new ArrayList<>(), d.rateBps());
        }
    }

    /** Bellman-Ford on exact decimals; null = unreachable. */
    private BigDecimal[] distancesTo(int t) {
        int n = net.nodes().size();
        BigDecimal[] dist = new BigDecimal[n];
        dist[t] = BigDecimal.ZERO;
        for (int round = 0; round < n; round++) {
            boolean changed = false;
            for (int i = 0; i < net.links().size(); i++) {
                if (down.get(i)) {
                    continue;
                }
                Link l = net.links().get(i);
                BigDecimal dv = dist[net.nodeIndex(l.dst())];
                int u = net.nodeIndex(l.src());
                if (dv != null && (dist[u] == null || dv.add(w[i]).compareTo(dist[u]) < 0)) {
                    dist[u] = dv.add(w[i]);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return dist;
    }

    private void walk(int v, int t, BigDecimal[] dist, double prob, List<Integer> path, double rate) {
        if (v == t) {
            paths++;
            for (int l : path) {
                load[l] += rate * prob;
            }
            return;
        }
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < net.links().size(); i++) {
            Link l = net.links().get(i);
            if (down.get(i) || net.nodeIndex(l.src()) != v) {
                continue;
            }
            BigDecimal du = dist[net.nodeIndex(l.dst())];
            if (du != null && du.add(w[i]).compareTo(dist[v]) == 0) {
                next.add(i);
            }
        }
        for (int l : next) {
            path.add(l);
            walk(net.nodeIndex(net.links().get(l).dst()), t, dist, prob / next.size(), path, rate);
            path.remove(path.size() - 1);
        }
    }
}
