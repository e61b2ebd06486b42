package io.twinloop.bench;

import io.twinloop.bench.EstimationBenchmark.Run;
import io.twinloop.bench.EstimationWorkload.CounterSpec;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.twinloop.bench.EstimationBenchmark.median;

/**
 * The published anchor of {@link EstimationBenchmark}: the first 36 rows of Zhang's original
 * Abilene {@code X01} file ({@code traffic/abilene/yates/X01-first36rows.txt}: per row 144 OD pairs
 * x 5 variants {@code realOD, simpleGravity, simpleTomogravity, generalGravity, generalTomogravity},
 * OD index {@code src*12+dst} in Zhang's node order, unit 100 bytes per 5 min). The published
 * estimates are scored off-diagonal against {@code realOD}, per interval (median) and pooled over
 * the 36 rows ({@code ||X^ - X||_F / ||X||_F}, the form of the published 0.305 and 0.215), next to
 * ours on SNDlib rows 0..35, which are the same matrices.
 */
final class EstimationAnchor {

    /** Zhang's node order (data README, section 2.1). */
    static final List<String> ORDER = List.of("ATLAM5", "ATLAng", "CHINng", "DNVRng", "HSTNng", "IPLSng", "KSCYng",
            "LOSAng", "NYCMng", "SNVAng", "STTLng", "WASHng");
    static final String[] VARIANTS = {"realOD", "simpleGravity", "simpleTomogravity", "generalGravity", "generalTomogravity"};
    static final int ROWS = 36;

    private EstimationAnchor() {
    }

    static void run(Path data, EstimationWorkload w, EstimationReference ref) throws Exception {
        Path file = data.resolve("traffic/abilene/yates/X01-first36rows.txt");
        List<String> lines = Files.readAllLines(file);
        int pairs = w.a.pairs();
        // zhang[variant][row] = pair vector in bit/s, off-diagonal, our pair order
        List<List<double[]>> zhang = new ArrayList<>();
        for (int v = 0; v < VARIANTS.length; v++) {
            zhang.add(new ArrayList<>());
        }
        for (int r = 0; r < ROWS; r++) {
            String[] f = lines.get(r).trim().split("\\s+");
            if (f.length != 720) {
                throw new IllegalStateException(file + " row " + r + ": " + f.length + " values, expected 720");
            }
            double[][] x = new double[VARIANTS.length][pairs];
            for (int od = 0; od < 144; od++) {
                int s = od / 12;
                int d = od % 12;
                if (s == d) {
                    continue;
                }
                int p = w.a.pair(w.network.nodeIndex(ORDER.get(s)), w.network.nodeIndex(ORDER.get(d)));
                for (int v = 0; v < VARIANTS.length; v++) {
                    x[v][p] = Double.parseDouble(f[od * 5 + v]) * 800 / 300;
                }
            }
            for (int v = 0; v < VARIANTS.length; v++) {
                zhang.get(v).add(x[v]);
            }
        }
        List<double[]> real = zhang.get(0);
        List<Integer> rows = w.presentRows(0, ROWS);
        List<double[]> sndlib = rows.stream().map(w.truth::get).toList();
        System.out.println();
        System.out.printf("== published anchor: %s, rows 0..%d (%s..%s); SNDlib rows vs Zhang's realOD: max relative L2 "
                        + "difference %.1e%n", file.getFileName(), ROWS - 1, w.times.get(0), w.times.get(ROWS - 1),
                EstimationReference.maxRelDiff(sndlib, real));
        System.out.printf("   %-58s %8s %8s %8s%n", "estimate (off-diagonal, against realOD)", "median", "p90", "pooled");
        for (int v = 1; v < VARIANTS.length; v++) {
            line("Zhang " + VARIANTS[v] + " (published)", zhang.get(v), real);
        }
        TrafficEstimator est = new TrafficEstimator(w.a);
        List<IntervalCounters> exact = w.counters(rows, new CounterSpec(0, 0, true, 1));
        List<IntervalCounters> linksOnly = w.counters(rows, new CounterSpec(0, 0, false, 1));
        Calibration later = w.calibration(w.firstRowOf("20040302"), w.times.size());
        for (EstimationMethod m : List.of(EstimationMethod.GRAVITY, EstimationMethod.TOMOGRAVITY, EstimationMethod.FANOUT)) {
            line("twinloop " + m.id() + ", node totals", EstimationBenchmark.java(est, exact, null, m, real, m.id()).est(), real);
        }
        EstimationReference.Result py = ref.run(w.a, exact, 10);
        line("reference (numpy) gravity, node totals", py.gravity(), real);
        line("reference (numpy) tomogravity, node totals", py.tomogravity(), real);
        for (EstimationMethod m : List.of(EstimationMethod.TOMOGRAVITY, EstimationMethod.FANOUT)) {
            line("twinloop " + m.id() + ", links only", EstimationBenchmark.java(est, linksOnly, null, m, real, m.id()).est(), real);
        }
        Run cal = EstimationBenchmark.java(est, exact, later, EstimationMethod.CALIBRATED, real, "calibrated");
        line("twinloop calibrated, node totals, cal. = days 2-7 (LATER)", cal.est(), real);
        System.out.println("   (Zhang's estimates used Abilene's own IGP routing and node totals that include the diagonal "
                + "(intra-PoP) traffic; ours use the SNDlib topology with hop-count ECMP and off-diagonal totals.)");
    }

    private static void line(String label, List<double[]> est, List<double[]> truth) {
        double[] err = EstimationBenchmark.errors(est, truth);
        double num = 0;
        double den = 0;
        for (int i = 0; i < est.size(); i++) {
            for (int p = 0; p < est.get(i).length; p++) {
                double e = est.get(i)[p] - truth.get(i)[p];
                num += e * e;
                den += truth.get(i)[p] * truth.get(i)[p];
            }
        }
        System.out.printf("   %-58s %8.4f %8.4f %8.4f%n", label, median(err), EstimationWorkload.quantile(err, 0.9),
                Math.sqrt(num / den));
    }
}
