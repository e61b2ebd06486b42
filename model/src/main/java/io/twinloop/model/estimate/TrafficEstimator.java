package io.twinloop.model.estimate;

import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;
import io.twinloop.model.routing.RoutingMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Estimates traffic matrices from counters (see {@link EstimationMethod} for the methods).
 *
 * <p><b>Input rules.</b> Every rate must be finite and non-negative or {@code NaN} (not counted).
 * An interval must have at least one link counter. A pair that crosses only uncounted links is
 * estimated from the gravity prior, whose node totals come from the node's other counted links;
 * when its source or destination has no counted link and no counted totals at all, and the pair
 * is not known and there is no calibration, it cannot be estimated: the interval is rejected
 * naming that pair and node. Violations throw
 * {@link InvalidNetworkException} naming the interval (index and time) and the element, before
 * anything is estimated.
 *
 * <p><b>Output.</b> Non-negative rates for every pair (known pairs at their known rate), the
 * residual of every counted link ({@code A x - y}) and the relative fit
 * {@code ||A x - y|| / ||y||}.
 *
 * <p>Instances hold only the routing matrix and are thread-safe.
 */
public final class TrafficEstimator {

    private final RoutingMatrix a;

    /** An estimator for the network and routing of {@code a}. */
    public TrafficEstimator(RoutingMatrix a) {
        this.a = Objects.requireNonNull(a, "routing matrix");
    }

    /** The routing matrix. */
    public RoutingMatrix routing() {
        return a;
    }

    /**
     * Estimates every interval.
     *
     * @param intervals   the counters, in time order
     * @param calibration earlier measured matrices, or null
     * @param method      the method, or null for {@link EstimationMethod#defaultFor the default}
     * @throws InvalidNetworkException on invalid input (nothing is estimated then)
     */
    public List<EstimatedInterval> estimate(List<IntervalCounters> intervals, Calibration calibration,
                                            EstimationMethod method) {
        return estimate(intervals, calibration, method, done -> { });
    }

    /**
     * {@link #estimate(List, Calibration, EstimationMethod)} reporting progress: {@code progress}
     * gets the number of intervals estimated so far, after each interval (or block of intervals
     * for {@link EstimationMethod#FANOUT}). A runtime exception it throws (a caller that gave up)
     * stops the estimation and propagates.
     */
    public List<EstimatedInterval> estimate(List<IntervalCounters> intervals, Calibration calibration,
                                            EstimationMethod method, IntConsumer progress) {
        Calibration cal = calibration == null || calibration.isEmpty() ? null : calibration;
        EstimationMethod m = method == null ? EstimationMethod.defaultFor(cal != null) : method;
        validate(intervals, cal);
        List<Equations> eqs = new ArrayList<>(intervals.size());
        for (IntervalCounters c : intervals) {
            eqs.add(new Equations(a, c));
        }
        if (cal == null) {
            checkObservable(intervals, eqs);
        }
        List<double[]> priors = new ArrayList<>(intervals.size());
        for (int i = 0; i < intervals.size(); i++) {
            priors.add(gravityPrior(eqs.get(i)));
        }
        List<double[]> estimates = switch (m) {
            case GRAVITY -> priors;
            case TOMOGRAVITY -> {
                List<double[]> out = new ArrayList<>();
                for (int i = 0; i < eqs.size(); i++) {
                    out.add(Projection.project(eqs.get(i), priors.get(i), priors.get(i)));
                    progress.accept(i + 1);
                }
                yield out;
            }
            case FANOUT -> Fanout.estimate(a, intervals, eqs, priors, cal, progress);
            case CALIBRATED -> {
                if (cal == null) {
                    throw new InvalidNetworkException("method", "method calibrated needs a calibration history "
                            + "(earlier measured traffic matrices)");
                }
                yield new Conditional(a, cal).estimate(eqs, priors, progress);
            }
        };
        List<EstimatedInterval> out = new ArrayList<>(intervals.size());
        for (int i = 0; i < intervals.size(); i++) {
            out.add(result(intervals.get(i), eqs.get(i), estimates.get(i)));
        }
        if (m == EstimationMethod.GRAVITY) {
            progress.accept(intervals.size());
        }
        return out;
    }

    /** The gravity prior of an interval: node totals as counted, the missing ones fitted to the links. */
    static double[] gravityPrior(Equations eq) {
        RoutingMatrix a = eq.a;
        int n = a.nodes();
        double[] in = new double[n];
        double[] out = new double[n];
        boolean missing = false;
        for (int v = 0; v < n; v++) {
            in[v] = eq.inRow[v] >= 0 ? Math.max(0, eq.b[eq.inRow[v]]) : Double.NaN;
            out[v] = eq.outRow[v] >= 0 ? Math.max(0, eq.b[eq.outRow[v]]) : Double.NaN;
            missing |= Double.isNaN(in[v]) || Double.isNaN(out[v]);
        }
        if (missing) {
            double[] fit = Gravity.fitToLinks(eq);
            double[] fin = new double[n];
            double[] fout = new double[n];
            for (int p = 0; p < fit.length; p++) {
                fin[a.src(p)] += fit[p];
                fout[a.dst(p)] += fit[p];
            }
            for (int v = 0; v < n; v++) {
                if (Double.isNaN(in[v])) {
                    in[v] = fin[v];
                }
                if (Double.isNaN(out[v])) {
                    out[v] = fout[v];
                }
            }
        }
        double[] g = Gravity.ipf(a, in, out, eq.free);
        for (int p = 0; p < g.length; p++) {
            if (!eq.free[p]) {
                g[p] = eq.fixed[p];
            }
        }
        return g;
    }

    private EstimatedInterval result(IntervalCounters c, Equations eq, double[] x) {
        for (int p = 0; p < x.length; p++) {
            if (!eq.free[p]) {
                x[p] = eq.fixed[p];
            } else if (!(x[p] > 0)) {
                x[p] = 0;
            }
        }
        double[] loads = a.times(x);
        double[] residual = new double[a.links()];
        List<String> missing = new ArrayList<>();
        Network net = a.network();
        double err = 0;
        double norm = 0;
        for (int l = 0; l < residual.length; l++) {
            double y = c.linkBps()[l];
            if (Double.isNaN(y)) {
                residual[l] = Double.NaN;
                missing.add(net.links().get(l).id());
            } else {
                residual[l] = loads[l] - y;
                err += residual[l] * residual[l];
                norm += y * y;
            }
        }
        double fit = norm > 0 ? Math.sqrt(err / norm) : (err > 0 ? Double.POSITIVE_INFINITY : 0);
        return new EstimatedInterval(c.time(), x, residual, missing, fit);
    }

    private void validate(List<IntervalCounters> intervals, Calibration cal) {
        Objects.requireNonNull(intervals, "intervals");
        if (intervals.isEmpty()) {
            throw new InvalidNetworkException("intervals", "no interval to estimate");
        }
        Network net = a.network();
        int m = a.links();
        int n = a.nodes();
        int pairs = a.pairs();
        if (cal != null) {
            for (int k = 0; k < cal.pairBps().size(); k++) {
                double[] x = cal.pairBps().get(k);
                String where = "calibration[" + k + "] (" + cal.times().get(k) + ")";
                if (x.length != pairs) {
                    throw new InvalidNetworkException(where, x.length + " pair rates for " + pairs + " pairs");
                }
                for (int p = 0; p < pairs; p++) {
                    if (!(x[p] >= 0) || Double.isInfinite(x[p])) {
                        throw new InvalidNetworkException(where + " " + pairName(p), "rate " + x[p] + " bit/s is not a non-negative number");
                    }
                }
            }
        }
        for (int i = 0; i < intervals.size(); i++) {
            IntervalCounters c = intervals.get(i);
            String where = "intervals[" + i + "] (" + c.time() + ")";
            check(where, "links", c.linkBps(), m, l -> "link " + net.links().get(l).id());
            check(where, "ingress", c.ingressBps(), n, v -> "node " + net.nodes().get(v).name() + " ingress");
            check(where, "egress", c.egressBps(), n, v -> "node " + net.nodes().get(v).name() + " egress");
            check(where, "known", c.knownPairBps(), pairs, p -> "known demand " + pairName(p));
            boolean any = false;
            for (double y : c.linkBps()) {
                any |= !Double.isNaN(y);
            }
            if (!any) {
                throw new InvalidNetworkException(where, "every link counter is missing");
            }
        }
    }

    /**
     * Without calibration: a node is seen when one of its links or its own totals are counted (the
     * gravity prior then has its totals). A pair none of whose links is counted is estimated from
     * that prior, unless one of its ends is not seen at all.
     */
    private void checkObservable(List<IntervalCounters> intervals, List<Equations> eqs) {
        Network net = a.network();
        int n = a.nodes();
        for (int i = 0; i < eqs.size(); i++) {
            Equations eq = eqs.get(i);
            boolean[] seen = new boolean[n];
            for (int l = 0; l < a.links(); l++) {
                if (eq.linkRow[l] >= 0) {
                    seen[net.nodeIndex(net.links().get(l).src())] = true;
                    seen[net.nodeIndex(net.links().get(l).dst())] = true;
                }
            }
            for (int v = 0; v < n; v++) {
                seen[v] |= eq.inRow[v] >= 0 || eq.outRow[v] >= 0;
            }
            for (int p = 0; p < a.pairs(); p++) {
                if (eq.free[p] && a.columnStart(p) != a.columnStart(p + 1) && eq.unobserved(p)
                        && (!seen[a.src(p)] || !seen[a.dst(p)])) {
                    String node = net.nodes().get(seen[a.src(p)] ? a.dst(p) : a.src(p)).name();
                    throw new InvalidNetworkException("intervals[" + i + "] (" + intervals.get(i).time() + ") "
                            + pairName(p), "underdetermined: no link on its path is counted, and node " + node
                            + " has no counted link and no counted totals; there is no calibration or known demand "
                            + "to estimate it from");
                }
            }
        }
    }

    private interface Namer {
        String name(int index);
    }

    private static void check(String where, String what, double[] values, int expected, Namer namer) {
        if (values == null) {
            return;
        }
        if (values.length != expected) {
            throw new InvalidNetworkException(where + " " + what, values.length + " values, expected " + expected);
        }
        for (int k = 0; k < values.length; k++) {
            double v = values[k];
            if (Double.isNaN(v)) {
                continue;
            }
            if (v < 0 || Double.isInfinite(v)) {
                throw new InvalidNetworkException(where + " " + namer.name(k), "rate " + v + " bit/s is "
                        + (v < 0 ? "negative" : "not finite"));
            }
        }
    }

    /** {@code SRC->DST} of pair {@code p}. */
    String pairName(int p) {
        var nodes = a.network().nodes();
        return nodes.get(a.src(p)).name() + "->" + nodes.get(a.dst(p)).name();
    }
}
