package io.twinloop.model.estimate;

import io.twinloop.model.routing.RoutingMatrix;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The data term of {@link Fanout}'s window objective,
 * {@code sum_tau scale_tau ||B_tau (I_tau o phi) - b_tau||^2}, evaluated with two passes over the
 * routing matrix whatever the window's length. Because {@code I_tau} depends only on the source,
 * {@code B (I_tau o phi) = M c_tau} with {@code M[:, s] = B_s phi_s} (the columns of source
 * {@code s} applied to its fan-out; one pass builds {@code M}, rows x nodes) and
 * {@code c_tau = I_tau}; likewise the gradient is {@code g_p = B_p^T Q[:, src(p)]} with
 * {@code Q = sum_tau 2 scale_tau r_tau I_tau^T} (one pass). Every interval's equations are
 * written over the union of the rows counted in any interval of the window, the rows an interval
 * did not count masked out of its residual. Needs the same free pairs in every interval (else
 * {@link #of} returns null and the caller loops over the intervals).
 *
 * <p>The passes are split over the sources and run in parallel on networks with many pairs.
 */
final class FanoutWindow {

    /** Pairs above which the passes run in parallel (below, the fork costs more than it saves). */
    static final int PARALLEL_PAIRS = 20_000;

    private final RoutingMatrix a;
    private final Equations union;
    private final int rows;
    private final int n;
    /** Per interval the right-hand side over the union's rows (0 where not counted) and the mask. */
    private final double[][] b;
    private final boolean[][] counted;
    private final boolean parallel;

    private FanoutWindow(RoutingMatrix a, Equations union, double[][] b, boolean[][] counted) {
        this.a = a;
        this.union = union;
        this.rows = union.rows;
        this.n = a.nodes();
        this.b = b;
        this.counted = counted;
        this.parallel = a.pairs() >= PARALLEL_PAIRS;
    }

    /** The window of {@code eqs}, or null when their free pairs differ. */
    static FanoutWindow of(RoutingMatrix a, List<Equations> eqs) {
        Equations first = eqs.get(0);
        for (Equations eq : eqs) {
            if (!Arrays.equals(eq.free, first.free)) {
                return null;
            }
        }
        int m = a.links();
        int n = a.nodes();
        double[] links = new double[m];
        double[] in = new double[n];
        double[] out = new double[n];
        Arrays.fill(links, Double.NaN);
        Arrays.fill(in, Double.NaN);
        Arrays.fill(out, Double.NaN);
        for (Equations eq : eqs) {
            for (int l = 0; l < m; l++) {
                if (eq.linkRow[l] >= 0) {
                    links[l] = 0;
                }
            }
            for (int v = 0; v < n; v++) {
                if (eq.inRow[v] >= 0) {
                    in[v] = 0;
                }
                if (eq.outRow[v] >= 0) {
                    out[v] = 0;
                }
            }
        }
        double[] known = new double[a.pairs()];
        for (int p = 0; p < known.length; p++) {
            known[p] = first.free[p] ? Double.NaN : 0;
        }
        Equations union = new Equations(a, new IntervalCounters("window", links, in, out, known));
        double[][] b = new double[eqs.size()][union.rows];
        boolean[][] counted = new boolean[eqs.size()][union.rows];
        for (int j = 0; j < eqs.size(); j++) {
            Equations eq = eqs.get(j);
            for (int l = 0; l < m; l++) {
                map(eq.linkRow[l], union.linkRow[l], eq, b[j], counted[j]);
            }
            for (int v = 0; v < n; v++) {
                map(eq.inRow[v], union.inRow[v], eq, b[j], counted[j]);
                map(eq.outRow[v], union.outRow[v], eq, b[j], counted[j]);
            }
        }
        return new FanoutWindow(a, union, b, counted);
    }

    private static void map(int row, int unionRow, Equations eq, double[] b, boolean[] counted) {
        if (row >= 0) {
            b[unionRow] = eq.b[row];
            counted[unionRow] = true;
        }
    }

    /**
     * An upper bound of the largest eigenvalue of the data term's Hessian: its trace (the Hessian
     * is positive semidefinite), {@code sum_p sum_tau 2 scale_tau I_tau(src p)^2 ||B_p||^2} over
     * the union's rows (a superset of each interval's). One pass.
     */
    double traceBound(double[][] ingress, double[] scale) {
        boolean[] free = union.free;
        int per = n - 1;
        double[] norms = new double[n];
        run(n, s -> {
            double acc = 0;
            for (int p = s * per, e = p + per; p < e; p++) {
                if (!free[p]) {
                    continue;
                }
                for (int k = a.columnStart(p), ke = a.columnStart(p + 1); k < ke; k++) {
                    if (union.linkRow[a.linkAt(k)] >= 0) {
                        acc += a.fractionAt(k) * a.fractionAt(k);
                    }
                }
                acc += (union.inRow[s] >= 0 ? 1 : 0) + (union.outRow[a.dst(p)] >= 0 ? 1 : 0);
            }
            norms[s] = acc;
        });
        double trace = 0;
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < scale.length; j++) {
                trace += 2 * scale[j] * ingress[j][s] * ingress[j][s] * norms[s];
            }
        }
        return trace;
    }

    /** The pairs estimated (free in every interval of the window). */
    boolean[] free() {
        return union.free;
    }

    /**
     * Adds the data term's gradient at {@code phi} ({@code withB}) or its Hessian times
     * {@code phi} (without the right-hand side) to {@code out}.
     *
     * @param ingress per interval the ingress per node
     * @param scale   per interval the weight of its squared residual
     */
    void add(double[] phi, double[][] ingress, double[] scale, boolean withB, double[] out) {
        int w = b.length;
        boolean[] free = union.free;
        int per = n - 1;
        // M[s * rows + r] = (B_s phi_s)_r
        double[] mm = new double[n * rows];
        bySource(s -> {
            int base = s * rows;
            for (int j = 0, p = s * per; j < per; j++, p++) {
                double v = phi[p];
                if (v == 0 || !free[p]) {
                    continue;
                }
                for (int k = a.columnStart(p), ke = a.columnStart(p + 1); k < ke; k++) {
                    int row = union.linkRow[a.linkAt(k)];
                    if (row >= 0) {
                        mm[base + row] += a.fractionAt(k) * v;
                    }
                }
                int ri = union.inRow[s];
                if (ri >= 0) {
                    mm[base + ri] += v;
                }
                int ro = union.outRow[j < s ? j : j + 1];
                if (ro >= 0) {
                    mm[base + ro] += v;
                }
            }
        });
        // the residual of each interval: r_tau = mask o (M I_tau - b_tau)
        double[][] res = new double[w][];
        run(w, j -> {
            double[] r = new double[rows];
            double[] in = ingress[j];
            for (int s = 0; s < n; s++) {
                double c = in[s];
                if (c == 0) {
                    continue;
                }
                int base = s * rows;
                for (int i = 0; i < rows; i++) {
                    r[i] += c * mm[base + i];
                }
            }
            boolean[] mask = counted[j];
            for (int i = 0; i < rows; i++) {
                r[i] = mask[i] ? r[i] - (withB ? b[j][i] : 0) : 0;
            }
            res[j] = r;
        });
        // Q[s * rows + r] = sum_tau 2 scale_tau I_tau(s) r_tau(r), reusing M's storage; then g_p = B_p^T Q[:, s]
        bySource(s -> {
            int base = s * rows;
            Arrays.fill(mm, base, base + rows, 0);
            for (int j = 0; j < w; j++) {
                double c = 2 * scale[j] * ingress[j][s];
                if (c == 0) {
                    continue;
                }
                double[] r = res[j];
                for (int i = 0; i < rows; i++) {
                    mm[base + i] += c * r[i];
                }
            }
            int ri = union.inRow[s];
            for (int j = 0, p = s * per; j < per; j++, p++) {
                if (!free[p]) {
                    continue;
                }
                double acc = 0;
                for (int k = a.columnStart(p), ke = a.columnStart(p + 1); k < ke; k++) {
                    int row = union.linkRow[a.linkAt(k)];
                    if (row >= 0) {
                        acc += a.fractionAt(k) * mm[base + row];
                    }
                }
                if (ri >= 0) {
                    acc += mm[base + ri];
                }
                int ro = union.outRow[j < s ? j : j + 1];
                if (ro >= 0) {
                    acc += mm[base + ro];
                }
                out[p] += acc;
            }
        });
    }

    private void bySource(java.util.function.IntConsumer body) {
        run(n, body);
    }

    private void run(int count, java.util.function.IntConsumer body) {
        if (parallel) {
            IntStream.range(0, count).parallel().forEach(body);
        } else {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
        }
    }
}
