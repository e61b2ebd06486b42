package io.twinloop.model.estimate;

import io.twinloop.model.routing.RoutingMatrix;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EstimationMethod#CALIBRATED}: the conditional mean of the traffic shares {@code z = x / S}
 * given the interval's equations, under the calibration history's share mean {@code mu} and
 * covariance {@code Sigma = Zc^T Zc / (K - 1) + SHRINK * mean(mu) * diag(mu)} ({@code Zc} the
 * centred shares of the {@code K} calibration matrices; the shrinkage keeps {@code Sigma}
 * positive definite when {@code K} is small):
 * {@code z = mu + Sigma B^T (B Sigma B^T)^-1 (b / S - B mu)}. {@code S} is the counted total
 * ingress, or where ingress is not fully counted the least-squares scale of {@code B mu} to
 * {@code b}. {@code B Sigma B^T} is formed as {@code U^T U / (K - 1)} plus the diagonal part with
 * {@code U = Zc B^T}, and its factorisation is reused by every interval with the same counted
 * rows. Negative shares are dropped and the rest projected onto the equations as tomogravity does.
 */
final class Conditional {

    static final double SHRINK = 0.1;
    /** Weight floor of the final projection, relative to the mean estimated pair. */
    static final double FLOOR = 0.01;

    private final RoutingMatrix a;
    private final int pairs;
    private final double[] mu;
    private final double[][] zc;
    private final double diagScale;
    private final Map<String, double[]> factors = new HashMap<>();

    Conditional(RoutingMatrix a, Calibration cal) {
        this.a = a;
        this.pairs = a.pairs();
        int k = cal.pairBps().size();
        mu = new double[pairs];
        double[][] z = new double[k][];
        int used = 0;
        for (double[] x : cal.pairBps()) {
            double s = 0;
            for (double v : x) {
                s += v;
            }
            if (s <= 0) {
                continue;
            }
            double[] zi = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                zi[p] = x[p] / s;
                mu[p] += zi[p];
            }
            z[used++] = zi;
        }
        for (int p = 0; p < pairs; p++) {
            mu[p] /= Math.max(1, used);
        }
        zc = new double[used][];
        for (int i = 0; i < used; i++) {
            double[] zi = z[i];
            for (int p = 0; p < pairs; p++) {
                zi[p] -= mu[p];
            }
            zc[i] = zi;
        }
        double m = 0;
        for (double v : mu) {
            m += v;
        }
        diagScale = SHRINK * m / pairs;
    }

    List<double[]> estimate(List<Equations> eqs, List<double[]> priors, java.util.function.IntConsumer progress) {
        List<double[]> out = new java.util.ArrayList<>(eqs.size());
        for (int i = 0; i < eqs.size(); i++) {
            out.add(one(eqs.get(i), priors.get(i)));
            progress.accept(i + 1);
        }
        return out;
    }

    private double[] one(Equations eq, double[] prior) {
        int rows = eq.rows;
        double[] muF = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            muF[p] = eq.free[p] ? mu[p] : 0;
        }
        double[] bmu = eq.times(muF, eq.free);
        boolean allIngress = true;
        double counted = 0;
        for (int v = 0; v < a.nodes(); v++) {
            if (eq.inRow[v] < 0) {
                allIngress = false;
            } else {
                counted += Math.max(0, eq.b[eq.inRow[v]]);
            }
        }
        double s;
        if (allIngress && counted > 0) {
            s = counted;
        } else {
            double num = Projection.dot(bmu, eq.b);
            double den = Projection.dot(bmu, bmu);
            s = den > 0 && num > 0 ? num / den : Arrays.stream(prior).sum();
        }
        if (!(s > 0)) {
            return prior.clone();
        }
        double[] r = new double[rows];
        for (int i = 0; i < rows; i++) {
            r[i] = eq.b[i] / s - bmu[i];
        }
        // U = Zc B^T (K x rows), the rows of B applied to each centred calibration share vector
        int k = zc.length;
        double[][] u = new double[k][];
        for (int i = 0; i < k; i++) {
            u[i] = eq.times(zc[i], eq.free);
        }
        double[] factor = factors.computeIfAbsent(key(eq), key -> factor(eq, u));
        double[] zsol = Projection.choleskySolve(factor, rows, r);
        // shares = mu + Sigma B^T z = mu + Zc^T (U z) / (K - 1) + diagScale * mu o (B^T z)
        double[] uz = new double[k];
        for (int i = 0; i < k; i++) {
            uz[i] = Projection.dot(u[i], zsol);
        }
        double denom = Math.max(1, k - 1);
        double[] x = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            if (!eq.free[p]) {
                continue;
            }
            double v = mu[p] + diagScale * mu[p] * eq.transposeAt(p, zsol);
            for (int i = 0; i < k; i++) {
                v += zc[i][p] * uz[i] / denom;
            }
            x[p] = Math.max(0, v * s);
        }
        // pairs the Gaussian step drove to zero may still carry traffic: a small floor lets the
        // final projection move them, so the equations can still be met
        double mean = Arrays.stream(x).sum() / Math.max(1, pairs);
        double[] w = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            w[p] = x[p] + FLOOR * mean;
        }
        return Projection.project(eq, x, w);
    }

    private double[] factor(Equations eq, double[][] u) {
        int rows = eq.rows;
        int k = u.length;
        double denom = Math.max(1, k - 1);
        double[] m = new double[rows * rows];
        for (double[] ui : u) {
            for (int r1 = 0; r1 < rows; r1++) {
                double v = ui[r1] / denom;
                if (v == 0) {
                    continue;
                }
                int base = r1 * rows;
                for (int r2 = 0; r2 < rows; r2++) {
                    m[base + r2] += v * ui[r2];
                }
            }
        }
        int[] idx = new int[a.links() + 2];
        double[] coef = new double[a.links() + 2];
        for (int p = 0; p < pairs; p++) {
            if (!eq.free[p]) {
                continue;
            }
            double w = diagScale * mu[p];
            int c = Projection.entries(eq, p, idx, coef);
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    m[idx[i] * rows + idx[j]] += w * coef[i] * coef[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < rows; i++) {
            trace += m[i * rows + i];
        }
        double delta = Math.max(1e-300, 1e-9 * trace / Math.max(1, rows));
        for (int i = 0; i < rows; i++) {
            m[i * rows + i] += delta;
        }
        Projection.choleskyInPlace(m, rows);
        return m;
    }

    private static String key(Equations eq) {
        StringBuilder sb = new StringBuilder();
        for (int[] rows : new int[][] {eq.linkRow, eq.inRow, eq.outRow}) {
            for (int r : rows) {
                sb.append(r >= 0 ? '1' : '0');
            }
            sb.append('|');
        }
        for (boolean f : eq.free) {
            sb.append(f ? '1' : '0');
        }
        return sb.toString();
    }
}
