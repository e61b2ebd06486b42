package io.twinloop.model.estimate;

import io.twinloop.model.routing.RoutingMatrix;

/**
 * The equations of one interval over the free pairs: one row per counted link
 * ({@code (A x)_l = y_l}), per node whose ingress is counted ({@code sum_d x_sd = ingress_s}) and
 * per node whose egress is counted ({@code sum_s x_sd = egress_d}). Known demands are moved to
 * the right-hand side. Rows are in bit/s.
 */
final class Equations {

    final RoutingMatrix a;
    final int n;
    /** Row of each link, -1 when not counted. */
    final int[] linkRow;
    /** Row of each node's ingress / egress equation, -1 when not counted. */
    final int[] inRow;
    final int[] outRow;
    final int rows;
    /** Right-hand side with the known demands' share removed. */
    final double[] b;
    /** Whether a pair is free (estimated) or fixed (known). */
    final boolean[] free;
    /** The known rates (0 where free). */
    final double[] fixed;

    Equations(RoutingMatrix a, IntervalCounters c) {
        this.a = a;
        this.n = a.nodes();
        int m = a.links();
        linkRow = new int[m];
        inRow = new int[n];
        outRow = new int[n];
        int r = 0;
        for (int l = 0; l < m; l++) {
            linkRow[l] = Double.isNaN(c.linkBps()[l]) ? -1 : r++;
        }
        for (int v = 0; v < n; v++) {
            inRow[v] = c.ingressBps() == null || Double.isNaN(c.ingressBps()[v]) ? -1 : r++;
        }
        for (int v = 0; v < n; v++) {
            outRow[v] = c.egressBps() == null || Double.isNaN(c.egressBps()[v]) ? -1 : r++;
        }
        rows = r;
        b = new double[rows];
        for (int l = 0; l < m; l++) {
            if (linkRow[l] >= 0) {
                b[linkRow[l]] = c.linkBps()[l];
            }
        }
        for (int v = 0; v < n; v++) {
            if (inRow[v] >= 0) {
                b[inRow[v]] = c.ingressBps()[v];
            }
            if (outRow[v] >= 0) {
                b[outRow[v]] = c.egressBps()[v];
            }
        }
        int pairs = a.pairs();
        free = new boolean[pairs];
        fixed = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            double k = c.knownPairBps() == null ? Double.NaN : c.knownPairBps()[p];
            free[p] = Double.isNaN(k);
            fixed[p] = free[p] ? 0 : k;
        }
        double[] known = times(fixed, null);
        for (int i = 0; i < rows; i++) {
            b[i] -= known[i];
        }
    }

    /** {@code B x} over the pairs where {@code mask} is true (all pairs when null). */
    double[] times(double[] x, boolean[] mask) {
        double[] out = new double[rows];
        int pairs = x.length;
        for (int p = 0; p < pairs; p++) {
            double v = x[p];
            if (v == 0 || (mask != null && !mask[p])) {
                continue;
            }
            for (int k = a.columnStart(p), e = a.columnStart(p + 1); k < e; k++) {
                int row = linkRow[a.linkAt(k)];
                if (row >= 0) {
                    out[row] += a.fractionAt(k) * v;
                }
            }
            int ri = inRow[a.src(p)];
            if (ri >= 0) {
                out[ri] += v;
            }
            int ro = outRow[a.dst(p)];
            if (ro >= 0) {
                out[ro] += v;
            }
        }
        return out;
    }

    /** {@code (B^T z)_p} for one pair. */
    double transposeAt(int p, double[] z) {
        double acc = 0;
        for (int k = a.columnStart(p), e = a.columnStart(p + 1); k < e; k++) {
            int row = linkRow[a.linkAt(k)];
            if (row >= 0) {
                acc += a.fractionAt(k) * z[row];
            }
        }
        int ri = inRow[a.src(p)];
        if (ri >= 0) {
            acc += z[ri];
        }
        int ro = outRow[a.dst(p)];
        if (ro >= 0) {
            acc += z[ro];
        }
        return acc;
    }

    /** Whether pair {@code p} appears in no equation (no counted link on its path, no counted node total). */
    boolean unobserved(int p) {
        for (int k = a.columnStart(p), e = a.columnStart(p + 1); k < e; k++) {
            if (linkRow[a.linkAt(k)] >= 0) {
                return false;
            }
        }
        return inRow[a.src(p)] < 0 && outRow[a.dst(p)] < 0;
    }
}
