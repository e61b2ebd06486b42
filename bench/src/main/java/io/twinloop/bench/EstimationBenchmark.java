package io.twinloop.bench;

import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Demand-deduction benchmark (issue 18): accuracy, a published anchor, decision quality and
 * speed of {@link TrafficEstimator}, with an independent NumPy/SciPy gravity and tomogravity
 * ({@link EstimationReference}) run side by side on the same counters.
 *
 * <p>Truth: the measured Abilene and GEANT matrices of the shared data; the counters are their link
 * loads through the exact ECMP kernel's routing matrix ({@code y = A x}) and the node totals (row
 * and column sums), optionally with 2 % multiplicative Gaussian noise or 10 % of the link counters
 * missing. Test intervals: the last day of each series (Abilene 2004-03-07, GEANT 2005-05-06); the
 * calibration history is every earlier measured row (Abilene days 1-6, GEANT 2005-05-04 15:00 to
 * 2005-05-05 23:45). Error per interval {@code ||x^ - x|| / ||x||}, median and p90 over intervals.
 *
 * <p>Usage: {@code EstimationBenchmark [--only accuracy,anchor,decision,speed] [--python EXE]
 * [--script PATH] [--kdl-rows N] [--kdl-timeout SECONDS] [--skip-kdl-reference] [--seed N]}: Kdl's methods
 * get {@code --kdl-timeout} seconds (default 300) for the whole batch of {@code --kdl-rows} intervals (default 2).
 */
public final class EstimationBenchmark {

    static final String ABILENE_TOPO = "topologies/sndlib/abilene.xml";
    static final String ABILENE_TM = "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv";
    static final String GEANT_TOPO = "topologies/sndlib/geant.xml";
    static final String GEANT_TM = "traffic/geant/geant_sndlib_15min_20050504-20050506.csv";

    private EstimationBenchmark() {
    }

    /** The result of one method on one set of counters. */
    record Run(String label, List<double[]> est, double[] err, double msPerInterval) {
        double median() {
            return EstimationWorkload.quantile(err, 0.5);
        }

        double p90() {
            return EstimationWorkload.quantile(err, 0.9);
        }
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        Set<String> parts = new LinkedHashSet<>(List.of("accuracy", "anchor", "decision", "speed"));
        String python = "python3";
        Path script = Path.of("bench/reference/tomogravity_numpy.py");
        int kdlRows = 2;
        int kdlTimeout = 300;
        boolean kdlReference = true;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> parts = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--python" -> python = args[++i];
                case "--script" -> script = Path.of(args[++i]);
                case "--kdl-rows" -> kdlRows = Integer.parseInt(args[++i]);
                case "--skip-kdl-reference" -> kdlReference = false;
                case "--kdl-timeout" -> kdlTimeout = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = SharedDataDir.resolve();
        EstimationReference ref = new EstimationReference(python, script);
        System.out.println("shared data: " + data + "; reference: " + python + " " + script);
        EstimationWorkload abilene = EstimationWorkload.measured("abilene", data.resolve(ABILENE_TOPO), data.resolve(ABILENE_TM));
        EstimationWorkload geant = EstimationWorkload.measured("geant", data.resolve(GEANT_TOPO), data.resolve(GEANT_TM));
        List<EstimationAccuracy.Split> splits = List.of(
                EstimationAccuracy.Split.lastDay(abilene, "20040307"),
                EstimationAccuracy.Split.lastDay(geant, "20050506"));
        List<String> speed = new ArrayList<>(List.of(EstimationSpeed.header()));
        if (parts.contains("accuracy") || parts.contains("speed")) {
            EstimationAccuracy acc = new EstimationAccuracy(ref, seed);
            for (EstimationAccuracy.Split s : splits) {
                acc.run(s, parts.contains("accuracy"), speed);
            }
        }
        if (parts.contains("anchor")) {
            EstimationAnchor.run(data, abilene, ref);
        }
        if (parts.contains("decision")) {
            EstimationDecision.run(splits);
        }
        if (parts.contains("speed")) {
            EstimationSpeed.kdl(data, kdlRows, kdlTimeout, kdlReference, ref, seed, speed);
            System.out.println();
            System.out.println("== speed: ms per interval (java: one batch call / intervals, after a warm-up call; reference: "
                    + "median of its per-interval times), routing-matrix build separately");
            speed.forEach(System.out::println);
        }
        System.exit(0); // a Kdl method stopped at its time limit may still be running on its thread
    }

    /** Runs {@code method} on the counters (after one warm-up call on up to 24 intervals) and scores it. */
    static Run java(TrafficEstimator est, List<IntervalCounters> counters, Calibration cal, EstimationMethod method,
                    List<double[]> truth, String label) {
        est.estimate(counters.subList(0, Math.min(24, counters.size())), cal, method);
        long t0 = System.nanoTime();
        List<EstimatedInterval> res = est.estimate(counters, cal, method);
        double ms = (System.nanoTime() - t0) / 1e6 / counters.size();
        List<double[]> xs = res.stream().map(EstimatedInterval::pairBps).toList();
        return new Run(label, xs, errors(xs, truth), ms);
    }

    /** Per interval, the relative L2 error of {@code est} against {@code truth}. */
    static double[] errors(List<double[]> est, List<double[]> truth) {
        double[] err = new double[est.size()];
        for (int i = 0; i < err.length; i++) {
            err[i] = EstimationWorkload.relErr(est.get(i), truth.get(i));
        }
        return err;
    }

    static double median(double[] v) {
        return EstimationWorkload.quantile(v, 0.5);
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
