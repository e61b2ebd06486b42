package io.twinloop.model.estimate;

import io.twinloop.model.TimeLabels;
import io.twinloop.model.routing.RoutingMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@link EstimationMethod#FANOUT}: per interval, the fan-out {@code phi} (per source a
 * distribution over destinations) that best explains the equations of a window of intervals
 * around it, {@code x_sd(tau) = ingress_s(tau) phi_sd}, fitted by accelerated projected gradient
 * (projection onto each source's simplex) on
 * {@code sum_tau ||B_tau (I_tau o phi) - b_tau||^2 / S_tau^2 + lambda sum_p (phi_p - phi0_p)^2 / (phi0_p + eps)},
 * {@code S_tau} the interval's total ingress. {@code phi0} is the gravity fan-out, or with a
 * calibration history the measured fan-out at the same time of day (with a stronger pull). Where
 * ingress is not counted it is refitted to the equations with {@code phi} fixed. The resulting
 * {@code I o phi} is then projected onto the interval's own equations as tomogravity projects its
 * prior.
 *
 * <p>Cost: each step of the fit is two passes over the routing matrix however long the window
 * ({@link FanoutWindow}). On networks with millions of routing entries (Kdl: 754 nodes, 16 M) the
 * fit takes fewer steps ({@link #STEP_BUDGET}), bounds its Lipschitz constant in one pass, fits
 * once when no ingress is refitted, and the final projection is not reweighted
 * ({@link #LARGE_ROUNDS}).
 *
 * <p>Size: over 300 lines because it is one algorithm (the window objective, its gradient and
 * Hessian product, the simplex projection and the ingress refit share the same loops).
 */
final class Fanout {

    /** Intervals in a window (centred on the interval estimated, clipped at the ends). */
    static final int WINDOW = 24;
    /** Intervals that share one fitted fan-out (the middle of their window). */
    static final int BLOCK = 6;
    static final double LAMBDA = 3e-2;
    static final double LAMBDA_CALIBRATED = 3e-2;
    private static final int ITERATIONS = 80;
    /**
     * Each step costs two passes over the routing matrix: on networks with more than
     * {@code STEP_BUDGET / ITERATIONS} non-zeros in it, fewer steps (at least {@value #MIN_ITERATIONS}).
     * On such networks the 1 / S^2 weighting of the data term leaves the fan-out close to its prior
     * (on Kdl, 754 nodes, the whole fit moves it by 1e-3 relative), so the later steps change little.
     */
    static final double STEP_BUDGET = 1.6e8;
    static final int MIN_ITERATIONS = 10;
    /** Exponent and rounds of the final reweighted projection (see {@link Projection#reweighted}). */
    static final double ALPHA = 1.5;
    static final int ROUNDS = 3;
    /**
     * Rounds when the projection is iterative (above {@link Projection#DENSE_ROWS} equations), where
     * each costs about a whole tomogravity estimate: none. With the iterative projection forced on
     * Abilene and GEANT, rounds 0, 1 and 3 gave median errors within 0.001 of each other.
     */
    static final int LARGE_ROUNDS = 0;
    private static final long TOD_TOLERANCE_S = 1800;

    private Fanout() {
    }

    static List<double[]> estimate(RoutingMatrix a, List<IntervalCounters> intervals, List<Equations> eqs,
                                   List<double[]> priors, Calibration cal, IntConsumer progress) {
        int k = intervals.size();
        int n = a.nodes();
        int pairs = a.pairs();
        double[][] ingress = new double[k][];
        for (int i = 0; i < k; i++) {
            ingress[i] = rowSums(a, priors.get(i), eqs.get(i).free);
        }
        double[][] phi0 = new double[k][];
        for (int i = 0; i < k; i++) {
            phi0[i] = cal != null ? calibratedFanout(a, cal, intervals.get(i).time()) : fanout(a, priors.get(i), ingress[i]);
        }
        double lambda = cal != null ? LAMBDA_CALIBRATED : LAMBDA;
        List<double[]> out = new ArrayList<>(k);
        for (int b0 = 0; b0 < k; b0 += BLOCK) {
            int b1 = Math.min(k, b0 + BLOCK);
            int mid = (b0 + b1) / 2;
            int lo = Math.max(0, mid - WINDOW / 2);
            int hi = Math.min(k, lo + WINDOW);
            lo = Math.max(0, hi - WINDOW);
            // the prior fan-out of the window: the mean of its intervals' priors
            double[] p0 = new double[pairs];
            for (int j = lo; j < hi; j++) {
                for (int p = 0; p < pairs; p++) {
                    p0[p] += phi0[j][p] / (hi - lo);
                }
            }
            double[][] win = new double[hi - lo][];
            List<Equations> weq = eqs.subList(lo, hi);
            for (int j = lo; j < hi; j++) {
                win[j - lo] = ingress[j].clone();
            }
            double[] phi = p0.clone();
            FanoutWindow fast = FanoutWindow.of(a, weq);
            double lip = 0;
            boolean refitted = true;
            for (int alt = 0; alt < 2; alt++) {
                // the Hessian, and so its largest eigenvalue, changes only with the ingress
                if (refitted) {
                    lip = lipschitz(a, weq, fast, win, p0, lambda);
                }
                phi = fit(a, weq, fast, win, p0, phi, lambda, lip);
                refitted = false;
                for (int j = 0; j < win.length; j++) {
                    refitted |= refitIngress(a, weq.get(j), phi, win[j]);
                }
                if (!refitted && steps(a.nonZeros()) < ITERATIONS) {
                    // a second fit of the same objective: on networks this large not worth its passes
                    break;
                }
            }
            for (int i = b0; i < b1; i++) {
                double[] I = win[i - lo];
                double[] x = new double[pairs];
                for (int p = 0; p < pairs; p++) {
                    x[p] = eqs.get(i).free[p] ? I[a.src(p)] * phi[p] : 0;
                }
                out.add(Projection.reweighted(eqs.get(i), x, ALPHA,
                        eqs.get(i).rows > Projection.DENSE_ROWS ? LARGE_ROUNDS : ROUNDS));
            }
            progress.accept(b1);
        }
        return out;
    }

    private static double[] rowSums(RoutingMatrix a, double[] x, boolean[] free) {
        double[] s = new double[a.nodes()];
        for (int p = 0; p < x.length; p++) {
            if (free[p]) {
                s[a.src(p)] += x[p];
            }
        }
        return s;
    }

    private static double[] fanout(RoutingMatrix a, double[] x, double[] rows) {
        double[] phi = new double[x.length];
        int n = a.nodes();
        for (int p = 0; p < x.length; p++) {
            double r = rows[a.src(p)];
            phi[p] = r > 0 ? x[p] / r : 1.0 / (n - 1);
        }
        return phi;
    }

    /** The traffic-weighted mean fan-out of the calibration matrices within half an hour of {@code time}'s time of day (all of them if none is, or the time has no clock). */
    static double[] calibratedFanout(RoutingMatrix a, Calibration cal, String time) {
        int pairs = a.pairs();
        double[] sum = new double[pairs];
        var tod = TimeLabels.epochSeconds(time);
        int used = 0;
        if (tod.isPresent()) {
            long t = Math.floorMod(tod.getAsLong(), 86_400L);
            for (int k = 0; k < cal.times().size(); k++) {
                var c = TimeLabels.epochSeconds(cal.times().get(k));
                if (c.isEmpty()) {
                    continue;
                }
                long d = Math.abs(Math.floorMod(c.getAsLong(), 86_400L) - t);
                if (Math.min(d, 86_400L - d) <= TOD_TOLERANCE_S) {
                    add(sum, cal.pairBps().get(k));
                    used++;
                }
            }
        }
        if (used == 0) {
            for (double[] x : cal.pairBps()) {
                add(sum, x);
            }
        }
        boolean[] all = new boolean[pairs];
        Arrays.fill(all, true);
        return fanout(a, sum, rowSums(a, sum, all));
    }

    private static void add(double[] acc, double[] x) {
        for (int p = 0; p < acc.length; p++) {
            acc[p] += x[p];
        }
    }

    /** Steps of the fit on the network of {@code a} (see {@link #STEP_BUDGET}). */
    static int steps(long nonZeros) {
        return (int) Math.max(MIN_ITERATIONS, Math.min(ITERATIONS, STEP_BUDGET / Math.max(1, nonZeros)));
    }

    /** The weights {@code 1 / S_tau^2} of the intervals' residuals, {@code S_tau} the interval's total ingress. */
    private static double[] scales(double[][] ingress) {
        double[] scale = new double[ingress.length];
        for (int j = 0; j < ingress.length; j++) {
            double s = 0;
            for (double v : ingress[j]) {
                s += v;
            }
            scale[j] = s > 0 ? 1.0 / (s * s) : 0;
        }
        return scale;
    }

    private static double[] regWeights(RoutingMatrix a, double[] phi0, double lambda) {
        double eps = 0.1 / (a.nodes() - 1);
        double[] regW = new double[phi0.length];
        for (int p = 0; p < regW.length; p++) {
            regW[p] = lambda / (phi0[p] + eps);
        }
        return regW;
    }

    /**
     * Lipschitz constant of the window objective's gradient: power iteration on its Hessian; on
     * networks where the fit takes fewer steps (see {@link #STEP_BUDGET}) the bound
     * {@code max_p 2 regW_p + trace(data Hessian)} instead: one pass instead of fifteen Hessian
     * products, and a true upper bound (on Kdl, 754 nodes, the power iteration, which approaches
     * from below, was still at 386 after fifteen products, under the regulariser's own 452; the
     * bound is 568). Returned divided by the 1.05 margin {@link #fit} applies.
     */
    private static double lipschitz(RoutingMatrix a, List<Equations> eqs, FanoutWindow fast, double[][] ingress,
                                    double[] phi0, double lambda) {
        int pairs = a.pairs();
        double[] scale = scales(ingress);
        double[] regW = regWeights(a, phi0, lambda);
        if (fast != null && steps(a.nonZeros()) < ITERATIONS) {
            double max = 0;
            for (int p = 0; p < pairs; p++) {
                max = Math.max(max, fast.free()[p] ? 2 * regW[p] : 0);
            }
            return (max + fast.traceBound(ingress, scale)) / 1.05;
        }
        double[] v = new double[pairs];
        Arrays.fill(v, 1.0);
        double lip = 0;
        for (int it = 0; it < 15; it++) {
            double[] hv = hessianTimes(a, eqs, fast, ingress, scale, regW, v);
            double norm = Math.sqrt(Projection.dot(hv, hv));
            if (norm == 0) {
                break;
            }
            lip = norm / Math.sqrt(Projection.dot(v, v));
            for (int p = 0; p < pairs; p++) {
                v[p] = hv[p] / norm;
            }
        }
        return lip;
    }

    /** FISTA on the window objective over the product of the sources' simplices. */
    private static double[] fit(RoutingMatrix a, List<Equations> eqs, FanoutWindow fast, double[][] ingress,
                                double[] phi0, double[] start, double lambda, double lip) {
        int pairs = a.pairs();
        double[] scale = scales(ingress);
        double[] regW = regWeights(a, phi0, lambda);
        boolean[] free = eqs.get(0).free;
        if (lip == 0) {
            return start.clone();
        }
        double step = 1.0 / (1.05 * lip);
        double[] x = start.clone();
        projectSimplices(a, x, free);
        double[] y = x.clone();
        double tk = 1;
        for (int it = 0, steps = steps(a.nonZeros()); it < steps; it++) {
            double[] g = gradient(a, eqs, fast, ingress, scale, regW, phi0, y);
            double[] next = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                next[p] = y[p] - step * g[p];
            }
            projectSimplices(a, next, free);
            double tn = 0.5 * (1 + Math.sqrt(1 + 4 * tk * tk));
            double mom = (tk - 1) / tn;
            for (int p = 0; p < pairs; p++) {
                y[p] = next[p] + mom * (next[p] - x[p]);
            }
            x = next;
            tk = tn;
        }
        return x;
    }

    /** {@code H v} of the window objective (a quadratic): data terms plus the regulariser's diagonal. */
    private static double[] hessianTimes(RoutingMatrix a, List<Equations> eqs, FanoutWindow fast, double[][] ingress,
                                         double[] scale, double[] regW, double[] v) {
        int pairs = a.pairs();
        double[] out = new double[pairs];
        double[] xv = new double[pairs];
        for (int j = 0; fast == null && j < eqs.size(); j++) {
            Equations eq = eqs.get(j);
            for (int p = 0; p < pairs; p++) {
                xv[p] = eq.free[p] ? ingress[j][a.src(p)] * v[p] : 0;
            }
            double[] bx = eq.times(xv, eq.free);
            for (int p = 0; p < pairs; p++) {
                if (eq.free[p]) {
                    out[p] += 2 * scale[j] * ingress[j][a.src(p)] * eq.transposeAt(p, bx);
                }
            }
        }
        if (fast != null) {
            fast.add(v, ingress, scale, false, out);
        }
        for (int p = 0; p < pairs; p++) {
            out[p] += 2 * regW[p] * v[p];
        }
        return out;
    }

    private static double[] gradient(RoutingMatrix a, List<Equations> eqs, FanoutWindow fast, double[][] ingress,
                                     double[] scale, double[] regW, double[] phi0, double[] phi) {
        int pairs = a.pairs();
        double[] g = new double[pairs];
        double[] x = new double[pairs];
        for (int j = 0; fast == null && j < eqs.size(); j++) {
            Equations eq = eqs.get(j);
            for (int p = 0; p < pairs; p++) {
                x[p] = eq.free[p] ? ingress[j][a.src(p)] * phi[p] : 0;
            }
            double[] r = eq.times(x, eq.free);
            for (int i = 0; i < r.length; i++) {
                r[i] -= eq.b[i];
            }
            for (int p = 0; p < pairs; p++) {
                if (eq.free[p]) {
                    g[p] += 2 * scale[j] * ingress[j][a.src(p)] * eq.transposeAt(p, r);
                }
            }
        }
        if (fast != null) {
            fast.add(phi, ingress, scale, true, g);
        }
        for (int p = 0; p < pairs; p++) {
            g[p] += 2 * regW[p] * (phi[p] - phi0[p]);
        }
        return g;
    }

    /** Euclidean projection of each source's free entries onto the unit simplex (sort-based). */
    static void projectSimplices(RoutingMatrix a, double[] x, boolean[] free) {
        int n = a.nodes();
        double[] buf = new double[n - 1];
        for (int s = 0; s < n; s++) {
            int base = s * (n - 1);
            int k = 0;
            for (int j = 0; j < n - 1; j++) {
                if (free[base + j]) {
                    buf[k++] = x[base + j];
                }
            }
            if (k == 0) {
                continue;
            }
            double[] sorted = Arrays.copyOf(buf, k);
            Arrays.sort(sorted);
            double cum = 0;
            double theta = 0;
            for (int i = k - 1; i >= 0; i--) {
                cum += sorted[i];
                double t = (cum - 1) / (k - i);
                if (i == 0 || sorted[i - 1] <= t) {
                    theta = t;
                    break;
                }
            }
            for (int j = 0; j < n - 1; j++) {
                if (free[base + j]) {
                    x[base + j] = Math.max(0, x[base + j] - theta);
                }
            }
        }
    }

    /**
     * Multiplicative updates of the ingress of sources whose ingress is not counted, {@code phi}
     * fixed; returns whether there were any.
     */
    private static boolean refitIngress(RoutingMatrix a, Equations eq, double[] phi, double[] ingress) {
        int n = a.nodes();
        int pairs = a.pairs();
        boolean any = false;
        for (int v = 0; v < n; v++) {
            any |= eq.inRow[v] < 0;
        }
        if (!any) {
            return false;
        }
        double[] b = new double[eq.rows];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.max(0, eq.b[i]);
        }
        double[] btb = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            btb[p] = eq.free[p] ? eq.transposeAt(p, b) : 0;
        }
        double[] x = new double[pairs];
        double[] num = new double[n];
        double[] den = new double[n];
        for (int it = 0; it < 30; it++) {
            for (int p = 0; p < pairs; p++) {
                x[p] = eq.free[p] ? ingress[a.src(p)] * phi[p] : 0;
            }
            double[] bx = eq.times(x, eq.free);
            Arrays.fill(num, 0);
            Arrays.fill(den, 0);
            for (int p = 0; p < pairs; p++) {
                if (eq.free[p] && phi[p] > 0) {
                    num[a.src(p)] += phi[p] * btb[p];
                    den[a.src(p)] += phi[p] * eq.transposeAt(p, bx);
                }
            }
            for (int v = 0; v < n; v++) {
                if (eq.inRow[v] < 0 && den[v] > 0) {
                    ingress[v] *= num[v] / den[v];
                }
            }
        }
        return true;
    }
}
