package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingMatrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Demand-deduction accuracy: real measured matrices (the truth), their link loads through the
 * exact ECMP kernel (the counters, optionally with multiplicative noise and missing links), the
 * estimate of each method, and the relative L2 error {@code ||x^ - x|| / ||x||} per interval
 * (median and p90 over intervals).
 *
 * <p>Usage: {@code EstimationBenchmark [--net abilene|geant] [--rows FROM:TO] [--cal FROM:TO]
 * [--noise 0.02] [--missing 0.1] [--no-nodes] [--seed N]}
 */
public final class EstimationBenchmark {

    private EstimationBenchmark() {
    }

    public static void main(String[] args) {
        String net = "abilene";
        int[] rows = null;
        int[] cal = null;
        double noise = 0;
        double missing = 0;
        boolean nodes = true;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--net" -> net = args[++i];
                case "--rows" -> rows = range(args[++i]);
                case "--cal" -> cal = range(args[++i]);
                case "--noise" -> noise = Double.parseDouble(args[++i]);
                case "--missing" -> missing = Double.parseDouble(args[++i]);
                case "--no-nodes" -> nodes = false;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = SharedDataDir.resolve();
        Network network;
        TrafficSeries series;
        if (net.equals("abilene")) {
            network = TopologyImporters.read(data.resolve("topologies/sndlib/abilene.xml"));
            series = TrafficCsvImporter.read(data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        } else {
            network = TopologyImporters.read(data.resolve("topologies/sndlib/geant.xml"));
            series = TrafficCsvImporter.read(data.resolve("traffic/geant/geant_sndlib_15min_20050504-20050506.csv"));
        }
        if (rows == null) {
            rows = new int[] {series.firstPresentRow(), Math.min(series.size(), series.firstPresentRow() + 288)};
        }
        long t0 = System.nanoTime();
        RoutingMatrix a = RoutingMatrix.of(new EcmpRouter(network));
        System.out.printf(Locale.ROOT, "%s: %d nodes, %d links, %d pairs, %d non-zeros, matrix built in %.1f ms%n", net,
                a.nodes(), a.links(), a.pairs(), a.nonZeros(), (System.nanoTime() - t0) / 1e6);
        Random rnd = new Random(seed);
        List<double[]> truth = new ArrayList<>();
        List<IntervalCounters> counters = new ArrayList<>();
        for (int r = rows[0]; r < rows[1]; r++) {
            if (series.samples().get(r).missing()) {
                continue;
            }
            double[] x = vector(a, network, series.demandsAt(r));
            truth.add(x);
            double[] y = a.times(x);
            for (int l = 0; l < y.length; l++) {
                y[l] *= 1 + noise * rnd.nextGaussian();
                if (rnd.nextDouble() < missing) {
                    y[l] = Double.NaN;
                }
            }
            double[] in = null;
            double[] out = null;
            if (nodes) {
                in = new double[a.nodes()];
                out = new double[a.nodes()];
                for (int p = 0; p < x.length; p++) {
                    in[a.src(p)] += x[p];
                    out[a.dst(p)] += x[p];
                }
                for (int v = 0; v < in.length; v++) {
                    in[v] *= 1 + noise * rnd.nextGaussian();
                    out[v] *= 1 + noise * rnd.nextGaussian();
                }
            }
            counters.add(new IntervalCounters(series.samples().get(r).time(), y, in, out, null));
        }
        Calibration calibration = null;
        if (cal != null) {
            List<String> times = new ArrayList<>();
            List<double[]> xs = new ArrayList<>();
            for (int r = cal[0]; r < cal[1]; r++) {
                if (!series.samples().get(r).missing()) {
                    times.add(series.samples().get(r).time());
                    xs.add(vector(a, network, series.demandsAt(r)));
                }
            }
            calibration = new Calibration(times, xs);
        }
        TrafficEstimator est = new TrafficEstimator(a);
        System.out.printf(Locale.ROOT, "%d intervals (rows %d..%d), noise %.3f, missing %.2f, node totals %s, calibration %s%n",
                counters.size(), rows[0], rows[1], noise, missing, nodes, cal == null ? "none" : cal[0] + ".." + cal[1]);
        for (EstimationMethod m : EstimationMethod.values()) {
            if (m == EstimationMethod.CALIBRATED && calibration == null) {
                continue;
            }
            for (int warm = 0; warm < 1; warm++) {
                est.estimate(counters.subList(0, Math.min(12, counters.size())), calibration, m);
            }
            long s = System.nanoTime();
            List<EstimatedInterval> res = est.estimate(counters, calibration, m);
            double ms = (System.nanoTime() - s) / 1e6 / counters.size();
            double[] err = new double[res.size()];
            double[] fit = new double[res.size()];
            for (int i = 0; i < err.length; i++) {
                err[i] = relErr(res.get(i).pairBps(), truth.get(i));
                fit[i] = res.get(i).fitError();
            }
            System.out.printf(Locale.ROOT, "%-12s median %.4f  p90 %.4f  mean %.4f  link fit median %.4f  %.2f ms/interval%n",
                    m.id(), quantile(err, 0.5), quantile(err, 0.9), Arrays.stream(err).average().orElse(0), quantile(fit, 0.5), ms);
        }
    }

    static double[] vector(RoutingMatrix a, Network net, List<Demand> demands) {
        double[] x = new double[a.pairs()];
        for (Demand d : demands) {
            x[a.pair(net.nodeIndex(d.src()), net.nodeIndex(d.dst()))] += d.rateBps();
        }
        return x;
    }

    static double relErr(double[] est, double[] truth) {
        double num = 0;
        double den = 0;
        for (int p = 0; p < est.length; p++) {
            num += (est[p] - truth[p]) * (est[p] - truth[p]);
            den += truth[p] * truth[p];
        }
        return Math.sqrt(num / den);
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
    }

    private static int[] range(String s) {
        String[] p = s.split(":");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }
}
