package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One network of the demand-deduction benchmark: its topology, the exact routing matrix of the
 * ECMP kernel, the true matrices (measured rows of a traffic series, or a synthetic series) and the
 * counters derived from them ({@code y = A x}, node totals = row and column sums), optionally with
 * multiplicative Gaussian noise and missing link counters.
 */
final class EstimationWorkload {

    final String name;
    final Network network;
    final RoutingMatrix a;
    /** Wall time of {@code RoutingMatrix.of(new EcmpRouter(network))}, ms. */
    final double matrixMillis;
    /** Time label per row (series order; synthetic series: {@code t0, t1, ...}). */
    final List<String> times;
    /** True pair rates per row, bit/s; null for a row without a measurement. */
    final List<double[]> truth;

    private EstimationWorkload(String name, Network network, List<String> times, List<double[]> truth,
                               RoutingMatrix a, double matrixMillis) {
        this.name = name;
        this.network = network;
        this.times = times;
        this.truth = truth;
        this.a = a;
        this.matrixMillis = matrixMillis;
    }

    /** A measured SNDlib series on its SNDlib topology. */
    static EstimationWorkload measured(String name, Path topology, Path traffic) {
        Network net = TopologyImporters.read(topology);
        long t0 = System.nanoTime();
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(net));
        double ms = (System.nanoTime() - t0) / 1e6;
        TrafficSeries series = TrafficCsvImporter.read(traffic);
        List<String> times = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        for (int r = 0; r < series.size(); r++) {
            times.add(series.samples().get(r).time());
            truth.add(series.samples().get(r).missing() ? null : vector(a, net, series.demandsAt(r)));
        }
        return new EstimationWorkload(name, net, times, truth, a, ms);
    }

    /**
     * A synthetic series on a topology without measured traffic: per row a gravity matrix
     * {@code x_sd = w_s w_d} from node weights drawn once (log-normal, sigma 1), each row's weights
     * perturbed by 10 % log-normal noise, scaled to {@code totalBps}.
     */
    static EstimationWorkload gravity(String name, Path topology, int rows, double totalBps, long seed) {
        Network net = TopologyImporters.read(topology);
        long t0 = System.nanoTime();
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(net));
        double ms = (System.nanoTime() - t0) / 1e6;
        Random rnd = new Random(seed);
        int n = a.nodes();
        double[] w = new double[n];
        for (int v = 0; v < n; v++) {
            w[v] = Math.exp(rnd.nextGaussian());
        }
        List<String> times = new ArrayList<>();
        List<double[]> truth = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            double[] wr = new double[n];
            for (int v = 0; v < n; v++) {
                wr[v] = w[v] * Math.exp(0.1 * rnd.nextGaussian());
            }
            double[] x = new double[a.pairs()];
            double sum = 0;
            for (int p = 0; p < x.length; p++) {
                x[p] = wr[a.src(p)] * wr[a.dst(p)];
                sum += x[p];
            }
            for (int p = 0; p < x.length; p++) {
                x[p] *= totalBps / sum;
            }
            times.add("t" + r);
            truth.add(x);
        }
        return new EstimationWorkload(name, net, times, truth, a, ms);
    }

    /** The rows in {@code [from, to)} that have a measurement. */
    List<Integer> presentRows(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int r = from; r < to; r++) {
            if (truth.get(r) != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The first row whose time label starts with {@code prefix} (e.g. a day {@code 20040307}). */
    int firstRowOf(String prefix) {
        for (int r = 0; r < times.size(); r++) {
            if (times.get(r).startsWith(prefix)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name + ": no row at " + prefix);
    }

    /** The measured rows in {@code [from, to)} as a calibration history. */
    Calibration calibration(int from, int to) {
        List<String> ts = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        for (int r : presentRows(from, to)) {
            ts.add(times.get(r));
            xs.add(truth.get(r));
        }
        return new Calibration(ts, xs);
    }

    /** How the counters of a scenario are made from the truth. */
    record CounterSpec(double noise, double missing, boolean nodeTotals, long seed) {
    }

    /**
     * The counters of {@code rows}: link loads {@code A x} through the exact kernel's routing
     * matrix, each multiplied by {@code 1 + noise * N(0,1)} and dropped (NaN) with probability
     * {@code missing}; node totals (row and column sums of the truth, with the same noise) when
     * asked for. The random stream depends only on the seed, so two scenarios with the same seed
     * see the same noise.
     */
    List<IntervalCounters> counters(List<Integer> rows, CounterSpec spec) {
        Random rnd = new Random(spec.seed());
        List<IntervalCounters> out = new ArrayList<>(rows.size());
        for (int r : rows) {
            double[] x = truth.get(r);
            double[] y = a.times(x);
            for (int l = 0; l < y.length; l++) {
                y[l] *= 1 + spec.noise() * rnd.nextGaussian();
                if (rnd.nextDouble() < spec.missing()) {
                    y[l] = Double.NaN;
                }
            }
            double[] in = null;
            double[] eg = null;
            if (spec.nodeTotals()) {
                in = new double[a.nodes()];
                eg = new double[a.nodes()];
                for (int p = 0; p < x.length; p++) {
                    in[a.src(p)] += x[p];
                    eg[a.dst(p)] += x[p];
                }
                for (int v = 0; v < in.length; v++) {
                    in[v] *= 1 + spec.noise() * rnd.nextGaussian();
                    eg[v] *= 1 + spec.noise() * rnd.nextGaussian();
                }
            }
            out.add(new IntervalCounters(times.get(r), y, in, eg, null));
        }
        return out;
    }

    /** The pair vector of a demand list (indexed like the routing matrix's pairs). */
    static double[] vector(RoutingMatrix a, Network net, List<Demand> demands) {
        double[] x = new double[a.pairs()];
        for (Demand d : demands) {
            x[a.pair(net.nodeIndex(d.src()), net.nodeIndex(d.dst()))] += d.rateBps();
        }
        return x;
    }

    /** The demands of a pair vector (pairs with a positive rate only). */
    List<Demand> demands(double[] x) {
        List<Demand> out = new ArrayList<>();
        var nodes = network.nodes();
        for (int p = 0; p < x.length; p++) {
            if (x[p] > 0) {
                out.add(new Demand(nodes.get(a.src(p)).name(), nodes.get(a.dst(p)).name(), x[p]));
            }
        }
        return out;
    }

    /** {@code ||est - truth|| / ||truth||}. */
    static double relErr(double[] est, double[] truth) {
        double num = 0;
        double den = 0;
        for (int p = 0; p < est.length; p++) {
            num += (est[p] - truth[p]) * (est[p] - truth[p]);
            den += truth[p] * truth[p];
        }
        return Math.sqrt(num / den);
    }

    /** The {@code q}-quantile of {@code v}, linear between order statistics (NumPy's default). */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
