package io.twinloop.model.estimate;

import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window data term of the fan-out fit and the iterative projection's product, each against a
 * computation straight from the routing matrix (no {@link Equations} row arithmetic).
 */
class FanoutWindowTest {

    /** A 3 x 3 grid, both directions, unit weights: most pairs split over equal-cost paths. */
    static Network grid() {
        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nodes.add(new Node("n" + i));
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int v = 3 * r + c;
                if (c < 2) {
                    links.add(new Link("h" + v, "n" + v, "n" + (v + 1), 1e9, 1));
                    links.add(new Link("H" + v, "n" + (v + 1), "n" + v, 1e9, 1));
                }
                if (r < 2) {
                    links.add(new Link("v" + v, "n" + v, "n" + (v + 3), 1e9, 1));
                    links.add(new Link("V" + v, "n" + (v + 3), "n" + v, 1e9, 1));
                }
            }
        }
        return Network.of("grid", nodes, links, List.of());
    }

    private static double[] random(int len, Random rnd) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = 1e6 * (0.5 + rnd.nextDouble());
        }
        return x;
    }

    /** Counters of a random matrix with some links (and one node's egress) not counted, one pair known. */
    private static IntervalCounters counters(RoutingMatrix a, Random rnd, int knownPair, boolean dropEgress) {
        double[] x = random(a.pairs(), rnd);
        double[] y = a.times(x);
        for (int l = 0; l < y.length; l++) {
            if (rnd.nextDouble() < 0.2) {
                y[l] = Double.NaN;
            }
        }
        double[] in = new double[a.nodes()];
        double[] out = new double[a.nodes()];
        for (int p = 0; p < x.length; p++) {
            in[a.src(p)] += x[p];
            out[a.dst(p)] += x[p];
        }
        if (dropEgress) {
            out[2] = Double.NaN;
        }
        double[] known = new double[a.pairs()];
        Arrays.fill(known, Double.NaN);
        known[knownPair] = x[knownPair];
        return new IntervalCounters("t", y, in, out, known);
    }

    /**
     * {@code sum_tau 2 scale_tau I_tau(src p) (A_p . r_tau + r_in + r_out)} with
     * {@code r_tau = (A x_tau - y) on the counted links} (and the node totals likewise), from the
     * routing matrix's columns; {@code x_tau = I_tau o phi} on the unknown pairs, the known rate on
     * the known ones; without the counters when {@code withCounters} is false (the Hessian times phi).
     */
    private static double[] direct(RoutingMatrix a, List<IntervalCounters> cs, double[] phi, double[][] ingress,
                                   double[] scale, boolean withCounters) {
        double[] g = new double[a.pairs()];
        for (int j = 0; j < cs.size(); j++) {
            IntervalCounters c = cs.get(j);
            double[] x = new double[a.pairs()];
            for (int p = 0; p < x.length; p++) {
                boolean known = !Double.isNaN(c.knownPairBps()[p]);
                x[p] = known ? (withCounters ? c.knownPairBps()[p] : 0) : ingress[j][a.src(p)] * phi[p];
            }
            double[] y = a.times(x);
            double[] in = new double[a.nodes()];
            double[] out = new double[a.nodes()];
            for (int p = 0; p < x.length; p++) {
                in[a.src(p)] += x[p];
                out[a.dst(p)] += x[p];
            }
            double[] rl = new double[a.links()];
            for (int l = 0; l < rl.length; l++) {
                rl[l] = Double.isNaN(c.linkBps()[l]) ? 0 : y[l] - (withCounters ? c.linkBps()[l] : 0);
            }
            double[] rin = new double[a.nodes()];
            double[] rout = new double[a.nodes()];
            for (int v = 0; v < a.nodes(); v++) {
                rin[v] = Double.isNaN(c.ingressBps()[v]) ? 0 : in[v] - (withCounters ? c.ingressBps()[v] : 0);
                rout[v] = Double.isNaN(c.egressBps()[v]) ? 0 : out[v] - (withCounters ? c.egressBps()[v] : 0);
            }
            for (int p = 0; p < x.length; p++) {
                if (!Double.isNaN(c.knownPairBps()[p])) {
                    continue;
                }
                double acc = rin[a.src(p)] + rout[a.dst(p)];
                for (int k = a.columnStart(p); k < a.columnStart(p + 1); k++) {
                    acc += a.fractionAt(k) * rl[a.linkAt(k)];
                }
                g[p] += 2 * scale[j] * ingress[j][a.src(p)] * acc;
            }
        }
        return g;
    }

    @Test
    void theWindowGradientIsTheSumOfTheIntervalsGradientsWhateverEachCounted() {
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(grid()));
        Random rnd = new Random(11);
        int known = a.pair(4, 0);
        List<IntervalCounters> cs = List.of(counters(a, rnd, known, false), counters(a, rnd, known, true),
                counters(a, rnd, known, false));
        List<Equations> eqs = cs.stream().map(c -> new Equations(a, c)).toList();
        FanoutWindow w = FanoutWindow.of(a, eqs);
        assertNotNull(w);
        double[] phi = random(a.pairs(), rnd);
        double[][] ingress = {random(a.nodes(), rnd), random(a.nodes(), rnd), random(a.nodes(), rnd)};
        double[] scale = {1e-14, 2e-14, 3e-14};
        for (boolean withCounters : new boolean[] {true, false}) {
            double[] got = new double[a.pairs()];
            w.add(phi, ingress, scale, withCounters, got);
            double[] want = direct(a, cs, phi, ingress, scale, withCounters);
            double norm = Math.sqrt(Projection.dot(want, want));
            assertTrue(norm > 0);
            for (int p = 0; p < got.length; p++) {
                assertEquals(want[p], got[p], 1e-12 * norm, (withCounters ? "gradient" : "Hessian product") + " pair " + p);
            }
            assertEquals(0.0, got[known], 0.0, "the known pair is not estimated");
        }
    }

    @Test
    void theTraceBoundIsAtLeastTheLargestEigenvalueOfTheDataHessian() {
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(grid()));
        Random rnd = new Random(12);
        int known = a.pair(1, 7);
        List<IntervalCounters> cs = List.of(counters(a, rnd, known, false), counters(a, rnd, known, true));
        List<Equations> eqs = cs.stream().map(c -> new Equations(a, c)).toList();
        double[][] ingress = {random(a.nodes(), rnd), random(a.nodes(), rnd)};
        double[] scale = {1e-14, 1e-14};
        FanoutWindow w = FanoutWindow.of(a, eqs);
        // the largest eigenvalue by a long power iteration on the direct Hessian product
        double[] v = random(a.pairs(), rnd);
        v[known] = 0;
        double lambda = 0;
        for (int it = 0; it < 2000; it++) {
            double[] hv = direct(a, cs, v, ingress, scale, false);
            double norm = Math.sqrt(Projection.dot(hv, hv));
            lambda = norm / Math.sqrt(Projection.dot(v, v));
            for (int p = 0; p < v.length; p++) {
                v[p] = hv[p] / norm;
            }
        }
        double bound = w.traceBound(ingress, scale);
        assertTrue(lambda > 0);
        assertTrue(bound >= lambda * (1 - 1e-9), "bound " + bound + " < largest eigenvalue " + lambda);
    }

    @Test
    void windowsWhoseKnownPairsDifferAreLeftToThePerIntervalLoop() {
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(grid()));
        Random rnd = new Random(13);
        List<Equations> eqs = List.of(new Equations(a, counters(a, rnd, 3, false)),
                new Equations(a, counters(a, rnd, 5, false)));
        assertNull(FanoutWindow.of(a, eqs));
    }

    @Test
    void theIterativeProjectionsProductIsBWBtPlusDamping() {
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(grid()));
        Random rnd = new Random(14);
        Equations eq = new Equations(a, counters(a, rnd, 2, true));
        double[] w = random(a.pairs(), rnd);
        boolean[] active = new boolean[a.pairs()];
        for (int p = 0; p < active.length; p++) {
            active[p] = eq.free[p] && p % 5 != 0;
        }
        double[] v = new double[eq.rows];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        double delta = 0.3;
        double[] got = Projection.normalTimes(eq, w, active, delta, v);
        // B's column of pair p: A e_p on the counted links, 1 on its source's ingress and destination's egress rows
        double[] want = new double[eq.rows];
        for (int p = 0; p < active.length; p++) {
            if (!active[p]) {
                continue;
            }
            double[] col = new double[eq.rows];
            double[] e = new double[a.pairs()];
            e[p] = 1;
            double[] y = a.times(e);
            for (int l = 0; l < y.length; l++) {
                if (eq.linkRow[l] >= 0) {
                    col[eq.linkRow[l]] = y[l];
                }
            }
            if (eq.inRow[a.src(p)] >= 0) {
                col[eq.inRow[a.src(p)]] = 1;
            }
            if (eq.outRow[a.dst(p)] >= 0) {
                col[eq.outRow[a.dst(p)]] = 1;
            }
            double dot = Projection.dot(col, v);
            for (int i = 0; i < col.length; i++) {
                want[i] += w[p] * col[i] * dot;
            }
        }
        for (int i = 0; i < want.length; i++) {
            want[i] += delta * v[i];
        }
        double norm = Math.sqrt(Projection.dot(want, want));
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * norm, "row " + i);
        }
    }

    @Test
    void theFitTakesFewerStepsOnlyOnNetworksWithMillionsOfRoutingEntries() {
        RoutingMatrix small = RoutingMatrix.of(new EcmpRouter(grid()));
        assertEquals(80, Fanout.steps(small.nonZeros()));
        assertEquals(80, Fanout.steps(2_000_000));
        assertEquals(40, Fanout.steps(4_000_000));
        // Kdl: 754 nodes, 16 M entries
        assertEquals(Fanout.MIN_ITERATIONS, Fanout.steps(15_978_300));
    }
}
