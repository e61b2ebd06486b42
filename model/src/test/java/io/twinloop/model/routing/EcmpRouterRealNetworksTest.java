package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.SharedData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.SndlibXmlImporter;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel on real topologies: flow conservation at every node for every destination, linearity
 * (per-destination routings add up to the full routing), and total load = sum of rate x expected
 * hop count, with the expected hop count computed independently here (BFS levels, then the
 * per-hop ECMP average over next hops).
 */
class EcmpRouterRealNetworksTest {

    /** Gravity matrix on all ordered pairs: rate(s,t) proportional to out-capacity(s) x in-capacity(t). */
    static List<Demand> gravity(Network n, double totalBps) {
        int nodes = n.nodes().size();
        double[] out = new double[nodes];
        double[] in = new double[nodes];
        for (Link l : n.links()) {
            out[n.nodeIndex(l.src())] += l.capacityBps();
            in[n.nodeIndex(l.dst())] += l.capacityBps();
        }
        double so = Arrays.stream(out).sum();
        double si = Arrays.stream(in).sum();
        List<Demand> d = new ArrayList<>(nodes * (nodes - 1));
        for (int s = 0; s < nodes; s++) {
            for (int t = 0; t < nodes; t++) {
                if (s != t) {
                    d.add(new Demand(n.nodes().get(s).name(), n.nodes().get(t).name(), totalBps * out[s] / so * in[t] / si));
                }
            }
        }
        return d;
    }

    /** Link endpoints as node indices and unit-weight adjacency, computed once per network. */
    record Graph(int nodes, int[] src, int[] dst, int[][] inNbr, int[][] outNbr) {
        static Graph of(Network n) {
            int nodes = n.nodes().size();
            int m = n.links().size();
            int[] src = new int[m];
            int[] dst = new int[m];
            int[] inDeg = new int[nodes];
            int[] outDeg = new int[nodes];
            for (int i = 0; i < m; i++) {
                Link l = n.links().get(i);
                assertEquals(1.0, l.igpWeight(), "this reference assumes unit weights");
                src[i] = n.nodeIndex(l.src());
                dst[i] = n.nodeIndex(l.dst());
                inDeg[dst[i]]++;
                outDeg[src[i]]++;
            }
            int[][] in = new int[nodes][];
            int[][] out = new int[nodes][];
            for (int v = 0; v < nodes; v++) {
                in[v] = new int[inDeg[v]];
                out[v] = new int[outDeg[v]];
            }
            int[] fi = new int[nodes];
            int[] fo = new int[nodes];
            for (int i = 0; i < m; i++) {
                in[dst[i]][fi[dst[i]]++] = src[i];
                out[src[i]][fo[src[i]]++] = dst[i]; // one entry per parallel link
            }
            return new Graph(nodes, src, dst, in, out);
        }
    }

    /** Expected number of hops from every node to t under per-hop ECMP, for unit weights (BFS levels). */
    static double[] expectedHops(Graph g, int t) {
        int[] level = new int[g.nodes()];
        Arrays.fill(level, -1);
        level[t] = 0;
        int[] queue = new int[g.nodes()];
        int head = 0;
        int tail = 0;
        queue[tail++] = t;
        while (head < tail) {
            int v = queue[head++];
            for (int u : g.inNbr()[v]) {
                if (level[u] < 0) {
                    level[u] = level[v] + 1;
                    queue[tail++] = u;
                }
            }
        }
        double[] hops = new double[g.nodes()];
        Arrays.fill(hops, Double.NaN);
        for (int i = 0; i < tail; i++) { // BFS order = non-decreasing level
            int v = queue[i];
            if (v == t) {
                hops[v] = 0;
                continue;
            }
            double sum = 0;
            int k = 0;
            for (int u : g.outNbr()[v]) {
                if (level[u] == level[v] - 1) {
                    sum += hops[u];
                    k++;
                }
            }
            hops[v] = 1 + sum / k;
        }
        return hops;
    }

    static void checkConservationAndHopCounts(Network n, List<Demand> demands) {
        EcmpRouter router = new EcmpRouter(n);
        checkConservationAndHopCounts(n, demands, router, router.route(demands), 1);
    }

    /**
     * Checks {@code all} (the routing of {@code demands}): aggregate conservation at every node,
     * total load = sum of rate x expected hops (every destination), and, for every
     * {@code stride}-th destination, per-destination conservation at every node; with stride 1 also
     * linearity (the per-destination routings add up to {@code all} on every link).
     */
    static void checkConservationAndHopCounts(Network n, List<Demand> demands, EcmpRouter router, RoutingResult all,
                                              int stride) {
        assertEquals(0, all.unroutedBps(), n.name() + " is strongly connected");
        Graph g = Graph.of(n);
        int nodes = g.nodes();
        int m = n.links().size();
        Map<String, List<Demand>> byDst = new HashMap<>();
        double totalDemand = 0;
        double[] origAll = new double[nodes];
        double[] termAll = new double[nodes];
        for (Demand d : demands) {
            byDst.computeIfAbsent(d.dst(), k -> new ArrayList<>()).add(d);
            totalDemand += d.rateBps();
            origAll[n.nodeIndex(d.src())] += d.rateBps();
            termAll[n.nodeIndex(d.dst())] += d.rateBps();
        }
        double tol = 1e-9 * totalDemand;
        double[] inAll = new double[nodes];
        double[] outAll = new double[nodes];
        for (int i = 0; i < m; i++) {
            outAll[g.src()[i]] += all.load(i);
            inAll[g.dst()[i]] += all.load(i);
        }
        for (int v = 0; v < nodes; v++) {
            assertEquals(inAll[v] + origAll[v], outAll[v] + termAll[v], tol,
                    n.name() + ": aggregate conservation at " + n.nodes().get(v).name());
        }
        double[] sum = new double[m];
        double expectedTotalLoad = 0;
        int checked = 0;
        for (Map.Entry<String, List<Demand>> e : byDst.entrySet()) {
            int t = n.nodeIndex(e.getKey());
            double[] hops = expectedHops(g, t);
            double delivered = 0;
            double[] orig = new double[nodes];
            for (Demand d : e.getValue()) {
                int s = n.nodeIndex(d.src());
                orig[s] += d.rateBps();
                delivered += d.rateBps();
                expectedTotalLoad += d.rateBps() * hops[s];
            }
            if (t % stride != 0) {
                continue;
            }
            checked++;
            RoutingResult r = router.route(e.getValue());
            double[] in = new double[nodes];
            double[] out = new double[nodes];
            for (int i = 0; i < m; i++) {
                double load = r.load(i);
                out[g.src()[i]] += load;
                in[g.dst()[i]] += load;
                sum[i] += load;
            }
            for (int v = 0; v < nodes; v++) {
                double terminated = v == t ? delivered : 0;
                if (Math.abs(in[v] + orig[v] - out[v] - terminated) > tol) {
                    assertEquals(in[v] + orig[v], out[v] + terminated, tol,
                            n.name() + ": conservation at " + n.nodes().get(v).name() + " towards " + e.getKey());
                }
            }
            assertEquals(0, out[t], tol, "nothing leaves the destination");
        }
        assertTrue(checked >= Math.min(byDst.size(), 20), "checked " + checked + " destinations");
        if (stride == 1) {
            for (int i = 0; i < m; i++) {
                assertEquals(all.load(i), sum[i], 1e-9 * Math.max(1, all.load(i)), "linearity on " + n.links().get(i).id());
            }
        }
        assertEquals(expectedTotalLoad, all.totalLoadBps(), 1e-9 * expectedTotalLoad, n.name() + " total load");
    }

    @Test
    void kdlWithAFullGravityMatrix() {
        Network kdl = TopologyImporters.read(SharedData.require("topologies/teal/Kdl.json"));
        checkConservationAndHopCounts(kdl, gravity(kdl, 1e12));
    }

    @Test
    void asn2kWithAFullGravityMatrix() {
        // correctness only: the routing time is measured by bench/ (EcmpRouterBenchmark, network = asn2k)
        Network asn = TopologyImporters.read(SharedData.require("topologies/teal/ASN2k.json"));
        List<Demand> demands = gravity(asn, 1e12);
        assertEquals(1739 * 1738, demands.size());
        EcmpRouter router = new EcmpRouter(asn);
        RoutingResult r = router.route(demands);
        // per-destination conservation on every 16th destination (all of them for Kdl, GEANT, Abilene)
        checkConservationAndHopCounts(asn, demands, router, r, 16);
    }

    @Test
    void geantWithARealTrafficRow() {
        Network geant = new SndlibXmlImporter().read("geant", SharedData.bytes("topologies/sndlib/geant.xml"));
        TrafficSeries series = TrafficCsvImporter.read(SharedData.require("traffic/geant/geant_sndlib_15min_20050504-20050506.csv"));
        series.validateAgainst(geant);
        List<Demand> demands = series.demandsAt(series.firstPresentRow());
        checkConservationAndHopCounts(geant, demands);

        // the FIGRET file is the same GEANT graph (node i = i-th sorted SNDlib name) with real capacities:
        // renamed, it must carry exactly the same load on every (src, dst) adjacency
        Network figret = TopologyImporters.read(SharedData.require("topologies/figret/GEANT22_dote_order.json"));
        List<String> sorted = geant.nodes().stream().map(Node::name).sorted().toList();
        List<Node> nodes = figret.nodes().stream().map(x -> new Node(sorted.get(Integer.parseInt(x.name())))).toList();
        List<Link> links = figret.links().stream().map(l -> new Link(l.id(), sorted.get(Integer.parseInt(l.src())),
                sorted.get(Integer.parseInt(l.dst())), l.capacityBps(), l.igpWeight())).toList();
        Network renamed = Network.of("geant-figret", nodes, links, List.of());
        RoutingResult a = new EcmpRouter(geant).route(demands);
        RoutingResult b = new EcmpRouter(renamed).route(demands);
        Map<String, Double> byPair = new HashMap<>();
        for (int i = 0; i < geant.links().size(); i++) {
            byPair.put(geant.links().get(i).src() + ">" + geant.links().get(i).dst(), a.load(i));
        }
        for (int i = 0; i < renamed.links().size(); i++) {
            Link l = renamed.links().get(i);
            assertEquals(byPair.get(l.src() + ">" + l.dst()), b.load(i), 1e-6, l.toString());
        }
        Kpis k = Kpis.of(renamed, b);
        assertTrue(k.maxLinkUtilization() > 0 && k.maxLinkUtilization() < 10, k.toString());
    }

    @Test
    void abileneWithARealTrafficRow() {
        Network abilene = new SndlibXmlImporter().read("abilene", SharedData.bytes("topologies/sndlib/abilene.xml"));
        TrafficSeries series = TrafficCsvImporter.read(SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        checkConservationAndHopCounts(abilene, series.demandsAt(0));
    }
}
