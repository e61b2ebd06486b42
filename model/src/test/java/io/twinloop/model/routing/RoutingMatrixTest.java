package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.SharedData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code A x} must equal the router's own loads for any x: the matrix is the kernel's routing, not a model of it. */
class RoutingMatrixTest {

    private static double[] vector(RoutingMatrix a, List<Demand> demands) {
        Network net = a.network();
        double[] x = new double[a.pairs()];
        for (Demand d : demands) {
            x[a.pair(net.nodeIndex(d.src()), net.nodeIndex(d.dst()))] += d.rateBps();
        }
        return x;
    }

    private static void assertSameLoads(EcmpRouter router, List<Demand> demands) {
        RoutingMatrix a = RoutingMatrix.of(router);
        double[] viaMatrix = a.times(vector(a, demands));
        double[] viaRouter = router.route(demands).loadBps();
        double scale = 0;
        for (double v : viaRouter) {
            scale = Math.max(scale, v);
        }
        for (int l = 0; l < viaRouter.length; l++) {
            assertEquals(viaRouter[l], viaMatrix[l], 1e-9 * Math.max(1, scale), "link " + a.network().links().get(l).id());
        }
    }

    @Test
    void handComputedColumnsOnASquareWithAPolicyAndParallelLinks() {
        Network n = PathPolicyRoutingTest.NET.withPathPolicies(List.of(PathPolicyRoutingTest.POLICY));
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(n));
        assertEquals(12, a.pairs());
        // A->D by policy: 0.75 on AB, 0.375 on each of BD, BD2, 0.25 on AC and CD
        double[] x = new double[a.pairs()];
        x[a.pair(n.nodeIndex("A"), n.nodeIndex("D"))] = 1;
        double[] y = a.times(x);
        assertEquals(0.75, y[n.linkIndex("AB")], 1e-15);
        assertEquals(0.375, y[n.linkIndex("BD")], 1e-15);
        assertEquals(0.375, y[n.linkIndex("BD2")], 1e-15);
        assertEquals(0.25, y[n.linkIndex("AC")], 1e-15);
        assertEquals(0.25, y[n.linkIndex("CD")], 1e-15);
        // C->D by the IGP: all on CD; B->D: half on each parallel link
        x = new double[a.pairs()];
        x[a.pair(n.nodeIndex("B"), n.nodeIndex("D"))] = 1;
        y = a.times(x);
        assertEquals(0.5, y[n.linkIndex("BD")], 1e-15);
        assertEquals(0.5, y[n.linkIndex("BD2")], 1e-15);
        // D reaches nobody (links are one-way here): its columns are empty
        int p = a.pair(n.nodeIndex("D"), n.nodeIndex("A"));
        assertEquals(a.columnStart(p), a.columnStart(p + 1));
        // A^T is the transpose of A
        double[] w = new double[a.links()];
        w[n.linkIndex("AB")] = 2;
        w[n.linkIndex("CD")] = 3;
        double[] t = a.transposeTimes(w);
        assertEquals(0.75 * 2 + 0.25 * 3, t[a.pair(n.nodeIndex("A"), n.nodeIndex("D"))], 1e-15);
    }

    @Test
    void abileneWeekMatricesLoadTheLinksAsTheRouterDoes() {
        Network net = TopologyImporters.read(SharedData.require("topologies/sndlib/abilene.xml"));
        TrafficSeries series = TrafficCsvImporter.read(SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        EcmpRouter router = new EcmpRouter(net);
        for (int row : new int[] {0, 100, 1000, 2015}) {
            assertSameLoads(router, series.demandsAt(row));
        }
        // with a link down, and with a path policy over ECMP's choice
        BitSet down = new BitSet();
        down.set(3);
        assertSameLoads(new EcmpRouter(net, down), series.demandsAt(500));
        String a = net.nodes().get(0).name();
        String b = net.nodes().get(5).name();
        List<String> path = new ArrayList<>();
        path.add(a);
        path.add(net.links().stream().filter(l -> l.src().equals(a)).findFirst().orElseThrow().dst());
        List<Demand> demands = series.demandsAt(700);
        Network withPolicy = net;
        if (!path.get(1).equals(b)) {
            var next = net.links().stream().filter(l -> l.src().equals(path.get(1)) && l.dst().equals(b)).findFirst();
            if (next.isPresent()) {
                path.add(b);
                withPolicy = net.withPathPolicies(List.of(new PathPolicy(a, b, List.of(new WeightedPath(path, 1.0)))));
            }
        }
        assertSameLoads(new EcmpRouter(withPolicy), demands);
    }

    @Test
    void geantAndRandomMatricesOnWeightedTopologies() {
        Random rnd = new Random(7);
        for (String topo : new String[] {"topologies/sndlib/geant.xml", "topologies/sndlib/atlanta.xml",
                "topologies/sndlib/germany50.xml"}) {
            Network net = TopologyImporters.read(SharedData.require(topo));
            List<Demand> demands = new ArrayList<>();
            for (var s : net.nodes()) {
                for (var d : net.nodes()) {
                    if (!s.equals(d)) {
                        demands.add(new Demand(s.name(), d.name(), rnd.nextDouble() * 1e9));
                    }
                }
            }
            assertSameLoads(new EcmpRouter(net), demands);
            BitSet down = new BitSet();
            down.set(rnd.nextInt(net.links().size()));
            down.set(rnd.nextInt(net.links().size()));
            assertSameLoads(new EcmpRouter(net, down), demands);
            assertTrue(RoutingMatrix.of(new EcmpRouter(net)).nonZeros() >= net.nodes().size() * (net.nodes().size() - 1));
        }
    }
}
