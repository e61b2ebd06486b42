package io.twinloop.model.estimate;

import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GravityTest {

    /** Thirty rounds of row then column scaling over the pairs, written out. */
    private static double[] ipfByPairs(RoutingMatrix a, double[] rowT, double[] colT, double total) {
        double[] x = new double[a.pairs()];
        for (int p = 0; p < x.length; p++) {
            x[p] = rowT[a.src(p)] * colT[a.dst(p)] / total;
        }
        for (int round = 0; round < 30; round++) {
            double[] rs = new double[a.nodes()];
            for (int p = 0; p < x.length; p++) {
                rs[a.src(p)] += x[p];
            }
            for (int p = 0; p < x.length; p++) {
                x[p] *= rowT[a.src(p)] / rs[a.src(p)];
            }
            double[] cs = new double[a.nodes()];
            for (int p = 0; p < x.length; p++) {
                cs[a.dst(p)] += x[p];
            }
            for (int p = 0; p < x.length; p++) {
                x[p] *= colT[a.dst(p)] / cs[a.dst(p)];
            }
        }
        return x;
    }

    @Test
    void theFactoredIpfOfAFullMatrixIsTheIpfOverThePairs() {
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(FanoutWindowTest.grid()));
        Random rnd = new Random(21);
        double[] in = new double[a.nodes()];
        double[] out = new double[a.nodes()];
        double tin = 0;
        double tout = 0;
        for (int v = 0; v < in.length; v++) {
            in[v] = 1e6 * Math.exp(2 * rnd.nextGaussian());
            out[v] = 1e6 * Math.exp(2 * rnd.nextGaussian());
            tin += in[v];
            tout += out[v];
        }
        boolean[] all = new boolean[a.pairs()];
        Arrays.fill(all, true);
        double[] got = Gravity.ipf(a, in, out, all);
        double total = 0.5 * (tin + tout);
        double[] rowT = new double[in.length];
        double[] colT = new double[in.length];
        for (int v = 0; v < in.length; v++) {
            rowT[v] = in[v] * total / tin;
            colT[v] = out[v] * total / tout;
        }
        double[] want = ipfByPairs(a, rowT, colT, total);
        for (int p = 0; p < want.length; p++) {
            assertEquals(want[p], got[p], 1e-12 * want[p], "pair " + p);
        }
    }
}
