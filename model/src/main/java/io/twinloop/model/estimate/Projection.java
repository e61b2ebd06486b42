package io.twinloop.model.estimate;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The tomogravity step: the prior {@code g} moved the least, in the norm weighted by
 * {@code 1 / w}, to satisfy an interval's equations ({@code x = g + W B^T z} with
 * {@code (B W B^T + delta I) z = b - B g}); pairs that come out negative are fixed at 0 and the
 * rest projected again, until none is negative. {@code B W B^T} is formed densely and factored
 * (Cholesky) for up to {@value #DENSE_ROWS} equations, and solved by Jacobi-preconditioned
 * conjugate gradients above that, damped (see {@link #LARGE_DAMPING}).
 */
final class Projection {

    static final int DENSE_ROWS = 1200;
    private static final int MAX_ROUNDS = 40;
    private static final int LARGE_ROUNDS = 4;
    /**
     * Ridge of the iterative solve, relative to the mean diagonal of {@code B W B^T}: large
     * systems are solved damped, so the estimate fits the counters to within their noise instead
     * of exactly (undamped, noisy counters on Kdl gave errors above 1 within the iteration cap;
     * damped, 0.08 at 2 % noise in 3.4 s).
     */
    static final double LARGE_DAMPING = 1.0;
    private static final int CG_MAX_ITER = 150;
    /** Ranges of sources the iterative solve's products are split into (run in parallel). */
    private static final int CHUNKS = 8;

    private Projection() {
    }

    /**
     * @param eq     the equations
     * @param prior  per pair the prior rate (only free pairs are read)
     * @param weight per pair the weight (variance) of the prior; 0 keeps a pair at 0
     * @return the estimate over all pairs, known pairs at their known rate
     */
    static double[] project(Equations eq, double[] prior, double[] weight) {
        return project(eq, prior, weight, null);
    }

    /**
     * {@link #project(Equations, double[], double[])} with the iterative solve (above
     * {@value #DENSE_ROWS} equations) started from {@code warm} (the multipliers {@code z}, one per
     * equation), which then receives the last solution; the dense solve ignores it.
     */
    static double[] project(Equations eq, double[] prior, double[] weight, double[] warm) {
        int pairs = prior.length;
        boolean[] active = new boolean[pairs];
        double[] x = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            active[p] = eq.free[p] && weight[p] > 0;
            x[p] = eq.free[p] ? (active[p] ? prior[p] : 0) : eq.fixed[p];
        }
        if (eq.rows == 0) {
            return x;
        }
        // above DENSE_ROWS each round is an iterative solve: fewer rounds, the rest clipped
        int maxRounds = eq.rows <= DENSE_ROWS ? MAX_ROUNDS : LARGE_ROUNDS;
        for (int round = 0; round < maxRounds; round++) {
            double[] r = eq.times(prior, active);
            for (int i = 0; i < r.length; i++) {
                r[i] = eq.b[i] - r[i];
            }
            double[] z = eq.rows <= DENSE_ROWS ? solveDense(eq, weight, active, r) : solveCg(eq, weight, active, r, warm);
            int negatives = 0;
            for (int p = 0; p < pairs; p++) {
                if (!active[p]) {
                    if (eq.free[p]) {
                        x[p] = 0;
                    }
                    continue;
                }
                double v = prior[p] + weight[p] * eq.transposeAt(p, z);
                if (v < 0) {
                    negatives++;
                    active[p] = false;
                    x[p] = 0;
                } else {
                    x[p] = v;
                }
            }
            if (negatives == 0) {
                break;
            }
        }
        return x;
    }

    /**
     * {@link #project} repeated with the weights {@code x^alpha} of the previous estimate
     * ({@code rounds} times after the first projection with {@code prior^alpha}): pairs the
     * equations pushed up are allowed to move more in the next round.
     */
    static double[] reweighted(Equations eq, double[] prior, double alpha, int rounds) {
        double[] w = new double[prior.length];
        for (int p = 0; p < w.length; p++) {
            w[p] = Math.pow(Math.max(0, prior[p]), alpha);
        }
        double[] warm = new double[eq.rows];
        double[] x = project(eq, prior, w, warm);
        for (int r = 0; r < rounds; r++) {
            for (int p = 0; p < w.length; p++) {
                w[p] = Math.pow(Math.max(0, x[p]), alpha);
            }
            x = project(eq, prior, w, warm);
        }
        return x;
    }

    /** Rows touched by pair {@code p} with their coefficients, into {@code rows}/{@code coef}; returns the count. */
    static int entries(Equations eq, int p, int[] rows, double[] coef) {
        int k = 0;
        var a = eq.a;
        for (int q = a.columnStart(p), e = a.columnStart(p + 1); q < e; q++) {
            int row = eq.linkRow[a.linkAt(q)];
            if (row >= 0) {
                rows[k] = row;
                coef[k++] = a.fractionAt(q);
            }
        }
        int ri = eq.inRow[a.src(p)];
        if (ri >= 0) {
            rows[k] = ri;
            coef[k++] = 1;
        }
        int ro = eq.outRow[a.dst(p)];
        if (ro >= 0) {
            rows[k] = ro;
            coef[k++] = 1;
        }
        return k;
    }

    private static double[] solveDense(Equations eq, double[] weight, boolean[] active, double[] r) {
        int nr = eq.rows;
        double[] m = new double[nr * nr];
        int[] rows = new int[eq.a.links() + 2];
        double[] coef = new double[eq.a.links() + 2];
        for (int p = 0; p < active.length; p++) {
            if (!active[p]) {
                continue;
            }
            double w = weight[p];
            int k = entries(eq, p, rows, coef);
            for (int i = 0; i < k; i++) {
                double wi = w * coef[i];
                int base = rows[i] * nr;
                for (int j = 0; j < k; j++) {
                    m[base + rows[j]] += wi * coef[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < nr; i++) {
            trace += m[i * nr + i];
        }
        double delta = Math.max(1e-300, 1e-9 * trace / nr);
        for (int i = 0; i < nr; i++) {
            m[i * nr + i] += delta;
        }
        choleskyInPlace(m, nr);
        return choleskySolve(m, nr, r);
    }

    /** Lower Cholesky factor in the lower triangle of {@code m} (row-major, n x n). */
    static void choleskyInPlace(double[] m, int n) {
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = m[rj + j];
            for (int k = 0; k < j; k++) {
                d -= m[rj + k] * m[rj + k];
            }
            d = d > 0 ? Math.sqrt(d) : 1e-300;
            m[rj + j] = d;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = m[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= m[ri + k] * m[rj + k];
                }
                m[ri + j] = s / d;
            }
        }
    }

    static double[] choleskySolve(double[] l, int n, double[] rhs) {
        double[] y = Arrays.copyOf(rhs, n);
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = y[i];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * y[k];
            }
            y[i] = s / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * y[k];
            }
            y[i] = s / l[i * n + i];
        }
        return y;
    }

    private static double[] solveCg(Equations eq, double[] weight, boolean[] active, double[] r, double[] warm) {
        int nr = eq.rows;
        int pairs = active.length;
        double[] diag = new double[nr];
        int[] rows = new int[eq.a.links() + 2];
        double[] coef = new double[eq.a.links() + 2];
        for (int p = 0; p < pairs; p++) {
            if (!active[p]) {
                continue;
            }
            int k = entries(eq, p, rows, coef);
            for (int i = 0; i < k; i++) {
                diag[rows[i]] += weight[p] * coef[i] * coef[i];
            }
        }
        double trace = 0;
        for (double d : diag) {
            trace += d;
        }
        double delta = Math.max(1e-300, LARGE_DAMPING * trace / nr);
        double[] z = warm == null ? new double[nr] : warm.clone();
        double[] res = r.clone();
        if (warm != null && dot(z, z) > 0) {
            double[] az = normalTimes(eq, weight, active, delta, z);
            for (int i = 0; i < nr; i++) {
                res[i] -= az[i];
            }
        }
        double[] pre = new double[nr];
        for (int i = 0; i < nr; i++) {
            pre[i] = 1.0 / (diag[i] + delta);
        }
        double[] s = new double[nr];
        for (int i = 0; i < nr; i++) {
            s[i] = pre[i] * res[i];
        }
        double[] dir = s.clone();
        double rs = dot(res, s);
        // stop at a residual far below the counters themselves (not the first residual, which
        // may already be tiny when the prior nearly fits)
        double r0 = Math.max(Math.sqrt(dot(r, r)) * 1e-3, 1e-7 * Math.sqrt(dot(eq.b, eq.b)));
        for (int it = 0; it < CG_MAX_ITER && Math.sqrt(dot(res, res)) > r0; it++) {
            double[] q = normalTimes(eq, weight, active, delta, dir);
            double alpha = rs / dot(dir, q);
            for (int i = 0; i < nr; i++) {
                z[i] += alpha * dir[i];
                res[i] -= alpha * q[i];
                s[i] = pre[i] * res[i];
            }
            double next = dot(res, s);
            double beta = next / rs;
            rs = next;
            for (int i = 0; i < nr; i++) {
                dir[i] = s[i] + beta * dir[i];
            }
        }
        if (warm != null) {
            System.arraycopy(z, 0, warm, 0, nr);
        }
        return z;
    }

    /**
     * {@code (B W B^T + delta I) v} over the active pairs, in one pass over the routing matrix (each
     * pair's column is read for {@code B^T v} and applied again while it is in cache), split over
     * {@value #CHUNKS} ranges of sources that run in parallel, each with its own sum.
     */
    static double[] normalTimes(Equations eq, double[] weight, boolean[] active, double delta, double[] v) {
        int nr = eq.rows;
        var a = eq.a;
        int n = a.nodes();
        double[][] part = new double[CHUNKS][];
        IntStream.range(0, CHUNKS).parallel().forEach(c -> {
            double[] q = new double[nr];
            // by source and destination, so that no pair index is divided to find its ends
            for (int s = n * c / CHUNKS, se = n * (c + 1) / CHUNKS; s < se; s++) {
                int ri = eq.inRow[s];
                for (int j = 0, p = s * (n - 1); j < n - 1; j++, p++) {
                    if (!active[p]) {
                        continue;
                    }
                    int k0 = a.columnStart(p);
                    int k1 = a.columnStart(p + 1);
                    double acc = 0;
                    for (int k = k0; k < k1; k++) {
                        int row = eq.linkRow[a.linkAt(k)];
                        if (row >= 0) {
                            acc += a.fractionAt(k) * v[row];
                        }
                    }
                    int ro = eq.outRow[j < s ? j : j + 1];
                    if (ri >= 0) {
                        acc += v[ri];
                    }
                    if (ro >= 0) {
                        acc += v[ro];
                    }
                    double t = weight[p] * acc;
                    if (t == 0) {
                        continue;
                    }
                    for (int k = k0; k < k1; k++) {
                        int row = eq.linkRow[a.linkAt(k)];
                        if (row >= 0) {
                            q[row] += a.fractionAt(k) * t;
                        }
                    }
                    if (ri >= 0) {
                        q[ri] += t;
                    }
                    if (ro >= 0) {
                        q[ro] += t;
                    }
                }
            }
            part[c] = q;
        });
        double[] q = new double[nr];
        for (double[] pc : part) {
            for (int i = 0; i < nr; i++) {
                q[i] += pc[i];
            }
        }
        for (int i = 0; i < nr; i++) {
            q[i] += delta * v[i];
        }
        return q;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
