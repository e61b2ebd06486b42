package io.twinloop.model.estimate;

import io.twinloop.model.routing.RoutingMatrix;

/**
 * Gravity priors: the off-diagonal matrix with given row and column totals
 * ({@code x_sd = a_s b_d}, fitted by iterative proportional fitting), and node totals fitted to
 * the link rates when the counters of access ports are missing.
 */
final class Gravity {

    private static final int IPF_ROUNDS = 30;
    private static final int FIT_ROUNDS = 150;

    private Gravity() {
    }

    /**
     * The off-diagonal gravity matrix over the free pairs whose row sums are {@code in} and whose
     * column sums are {@code out} (rescaled to the same total), as far as an off-diagonal
     * rank-one matrix can have them.
     */
    static double[] ipf(RoutingMatrix a, double[] in, double[] out, boolean[] free) {
        int n = a.nodes();
        int pairs = a.pairs();
        double tin = 0;
        double tout = 0;
        for (int v = 0; v < n; v++) {
            tin += in[v];
            tout += out[v];
        }
        double[] x = new double[pairs];
        if (tin <= 0 || tout <= 0) {
            return x;
        }
        double total = 0.5 * (tin + tout);
        double[] rowT = new double[n];
        double[] colT = new double[n];
        for (int v = 0; v < n; v++) {
            rowT[v] = in[v] * total / tin;
            colT[v] = out[v] * total / tout;
        }
        boolean allFree = true;
        for (boolean f : free) {
            allFree &= f;
        }
        if (allFree) {
            return rankOneIpf(a, rowT, colT, total);
        }
        for (int p = 0; p < pairs; p++) {
            if (free[p]) {
                x[p] = rowT[a.src(p)] * colT[a.dst(p)] / total;
            }
        }
        double[] sum = new double[n];
        for (int round = 0; round < IPF_ROUNDS; round++) {
            java.util.Arrays.fill(sum, 0);
            for (int p = 0; p < pairs; p++) {
                sum[a.src(p)] += x[p];
            }
            for (int p = 0; p < pairs; p++) {
                double s = sum[a.src(p)];
                x[p] = s > 0 ? x[p] * rowT[a.src(p)] / s : 0;
            }
            java.util.Arrays.fill(sum, 0);
            for (int p = 0; p < pairs; p++) {
                sum[a.dst(p)] += x[p];
            }
            for (int p = 0; p < pairs; p++) {
                double s = sum[a.dst(p)];
                x[p] = s > 0 ? x[p] * colT[a.dst(p)] / s : 0;
            }
        }
        return x;
    }

    /**
     * {@link #ipf} when every off-diagonal pair is estimated: the matrix stays {@code x_sd = r_s c_d}
     * through every round (each scaling multiplies a row or a column), so a round scales the
     * factors, {@code r_s = rowT_s / sum_{d != s} c_d} then {@code c_d = colT_d / sum_{s != d} r_s},
     * in O(nodes) instead of four passes over the pairs.
     */
    private static double[] rankOneIpf(RoutingMatrix a, double[] rowT, double[] colT, double total) {
        int n = a.nodes();
        double[] r = rowT.clone();
        double[] c = new double[n];
        for (int v = 0; v < n; v++) {
            c[v] = colT[v] / total;
        }
        for (int round = 0; round < IPF_ROUNDS; round++) {
            double cs = 0;
            for (double v : c) {
                cs += v;
            }
            for (int s = 0; s < n; s++) {
                double sum = r[s] * (cs - c[s]);
                r[s] = sum > 0 ? r[s] * rowT[s] / sum : 0;
            }
            double rs = 0;
            for (double v : r) {
                rs += v;
            }
            for (int d = 0; d < n; d++) {
                double sum = c[d] * (rs - r[d]);
                c[d] = sum > 0 ? c[d] * colT[d] / sum : 0;
            }
        }
        double[] x = new double[a.pairs()];
        for (int s = 0, p = 0; s < n; s++) {
            for (int j = 0; j < n - 1; j++, p++) {
                x[p] = r[s] * c[j < s ? j : j + 1];
            }
        }
        return x;
    }

    /**
     * A rank-one matrix {@code x_sd = o_s t_d} fitted to the interval's equations by
     * multiplicative updates (which keep it non-negative and do not increase
     * {@code ||B x - b||}), starting from each node's counted link totals. Used as the prior
     * when node totals are missing.
     */
    static double[] fitToLinks(Equations eq) {
        RoutingMatrix a = eq.a;
        int n = a.nodes();
        int pairs = a.pairs();
        double[] o = new double[n];
        double[] t = new double[n];
        double[] y = new double[a.links()];
        for (int l = 0; l < a.links(); l++) {
            y[l] = eq.linkRow[l] >= 0 ? Math.max(0, eq.b[eq.linkRow[l]]) : 0;
        }
        var links = a.network().links();
        double total = 0;
        for (int l = 0; l < y.length; l++) {
            o[a.network().nodeIndex(links.get(l).src())] += y[l];
            t[a.network().nodeIndex(links.get(l).dst())] += y[l];
            total += y[l];
        }
        if (total <= 0) {
            return new double[pairs];
        }
        for (int v = 0; v < n; v++) {
            o[v] = Math.max(o[v], 1e-9 * total);
            t[v] = Math.max(t[v], 1e-9 * total) / total;
        }
        double[] b = new double[eq.rows];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.max(0, eq.b[i]);
        }
        double[] x = new double[pairs];
        double[] btb = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            btb[p] = eq.free[p] ? eq.transposeAt(p, b) : 0;
        }
        double[] num = new double[n];
        double[] den = new double[n];
        // each round costs four passes over the routing matrix: fewer rounds on very large networks
        int rounds = (int) Math.max(20, Math.min(FIT_ROUNDS, 2e8 / Math.max(1, a.nonZeros())));
        for (int round = 0; round < rounds; round++) {
            // update o with t fixed, then t with o fixed
            for (int side = 0; side < 2; side++) {
                for (int p = 0; p < pairs; p++) {
                    x[p] = eq.free[p] ? o[a.src(p)] * t[a.dst(p)] : 0;
                }
                double[] bx = eq.times(x, eq.free);
                java.util.Arrays.fill(num, 0);
                java.util.Arrays.fill(den, 0);
                for (int p = 0; p < pairs; p++) {
                    if (!eq.free[p]) {
                        continue;
                    }
                    double g = eq.transposeAt(p, bx);
                    if (side == 0) {
                        num[a.src(p)] += t[a.dst(p)] * btb[p];
                        den[a.src(p)] += t[a.dst(p)] * g;
                    } else {
                        num[a.dst(p)] += o[a.src(p)] * btb[p];
                        den[a.dst(p)] += o[a.src(p)] * g;
                    }
                }
                double[] f = side == 0 ? o : t;
                for (int v = 0; v < n; v++) {
                    if (den[v] > 0) {
                        f[v] *= num[v] / den[v];
                    }
                }
            }
        }
        for (int p = 0; p < pairs; p++) {
            x[p] = eq.free[p] ? o[a.src(p)] * t[a.dst(p)] : 0;
        }
        return x;
    }
}
