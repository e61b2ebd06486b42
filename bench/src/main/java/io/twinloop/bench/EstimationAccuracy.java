package io.twinloop.bench;

import io.twinloop.bench.EstimationBenchmark.Run;
import io.twinloop.bench.EstimationWorkload.CounterSpec;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;

import java.util.ArrayList;
import java.util.List;

import static io.twinloop.bench.EstimationBenchmark.fmt;
import static io.twinloop.bench.EstimationBenchmark.median;

/**
 * The accuracy part of {@link EstimationBenchmark}: per network and counter scenario, every Java
 * method and the NumPy reference (when the node totals are counted) on the same test intervals,
 * then the two goals: without calibration, the best non-calibrated method at most 0.8 x
 * tomogravity's median error; with calibration, at most 0.10.
 */
final class EstimationAccuracy {

    static final double GOAL_RATIO = 0.8;
    static final double GOAL_CALIBRATED = 0.10;

    /** Test rows (the series' last day) and the calibration history (every measured row before it). */
    record Split(EstimationWorkload w, List<Integer> test, Calibration cal, String note) {
        static Split lastDay(EstimationWorkload w, String day) {
            int first = w.firstRowOf(day);
            List<Integer> test = w.presentRows(first, w.times.size());
            List<Integer> calRows = w.presentRows(0, first);
            String note = fmt("test %s..%s (%d intervals); calibration %s..%s (%d measured rows)",
                    w.times.get(test.get(0)), w.times.get(test.get(test.size() - 1)), test.size(),
                    w.times.get(calRows.get(0)), w.times.get(calRows.get(calRows.size() - 1)), calRows.size());
            return new Split(w, test, w.calibration(0, first), note);
        }
    }

    private record Scenario(String name, double noise, double missing, boolean nodes, boolean wholeSeries) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("exact, node totals", 0, 0, true, false),
            new Scenario("2% noise, node totals", 0.02, 0, true, false),
            new Scenario("10% links missing, node totals", 0, 0.10, true, false),
            new Scenario("10% missing + 2% noise, nodes", 0.02, 0.10, true, false),
            new Scenario("links only", 0, 0, false, false),
            new Scenario("links only, 2% noise", 0.02, 0, false, false),
            new Scenario("whole series, exact, nodes", 0, 0, true, true));

    private final EstimationReference ref;
    private final long seed;

    EstimationAccuracy(EstimationReference ref, long seed) {
        this.ref = ref;
        this.seed = seed;
    }

    /** Runs every scenario on {@code s}; prints the tables when {@code print}, adds speed rows to {@code speed}. */
    void run(Split s, boolean print, List<String> speed) throws Exception {
        EstimationWorkload w = s.w();
        TrafficEstimator est = new TrafficEstimator(w.a);
        System.out.println();
        System.out.printf("== accuracy: %s, %d nodes, %d links, %d pairs, %d non-zeros in A; %s%n", w.name, w.a.nodes(),
                w.a.links(), w.a.pairs(), w.a.nonZeros(), s.note());
        List<String> summary = new ArrayList<>();
        summary.add(fmt("%-32s %8s %8s %8s %8s %8s %8s  %-24s %-22s", "scenario (median error)", "gravity", "tomo",
                "tomo-py", "fanout", "fan+cal", "calib", "goal a: fanout/tomo<=0.8", "goal b: best cal<=0.10"));
        for (Scenario sc : SCENARIOS) {
            if (sc.wholeSeries() && !print) {
                continue;
            }
            List<Integer> rows = sc.wholeSeries() ? w.presentRows(0, w.times.size()) : s.test();
            List<IntervalCounters> counters = w.counters(rows, new CounterSpec(sc.noise(), sc.missing(), sc.nodes(), seed));
            List<double[]> truth = rows.stream().map(w.truth::get).toList();
            Calibration cal = sc.wholeSeries() ? null : s.cal();
            List<Run> runs = new ArrayList<>();
            runs.add(EstimationBenchmark.java(est, counters, null, EstimationMethod.GRAVITY, truth, "gravity"));
            runs.add(EstimationBenchmark.java(est, counters, null, EstimationMethod.TOMOGRAVITY, truth, "tomogravity"));
            runs.add(EstimationBenchmark.java(est, counters, null, EstimationMethod.FANOUT, truth, "fanout"));
            if (cal != null) {
                runs.add(EstimationBenchmark.java(est, counters, cal, EstimationMethod.FANOUT, truth, "fanout+cal"));
                runs.add(EstimationBenchmark.java(est, counters, cal, EstimationMethod.CALIBRATED, truth, "calibrated+cal"));
            }
            EstimationReference.Result py = sc.nodes() ? ref.run(w.a, counters, 60) : null;
            if (print) {
                System.out.printf("-- %s: %s (%d intervals)%n", w.name, sc.name(), rows.size());
                System.out.printf("   %-15s %8s %8s %9s | %8s %8s %9s %8s %13s%n", "method", "median", "p90", "ms/int",
                        "py med", "py p90", "py ms/int", "py/java", "max rel diff");
                for (Run r : runs) {
                    String side = "";
                    if (py != null && (r.label().equals("gravity") || r.label().equals("tomogravity"))) {
                        boolean tomo = r.label().equals("tomogravity");
                        List<double[]> px = tomo ? py.tomogravity() : py.gravity();
                        double[] perr = EstimationBenchmark.errors(px, truth);
                        double pms = median(tomo ? py.tomoSeconds() : py.gravitySeconds()) * 1000;
                        double diff = EstimationReference.maxRelDiff(r.est(), px);
                        side = fmt("%8.4f %8.4f %9.3f %7.2fx %13.2e%s", median(perr), EstimationWorkload.quantile(perr, 0.9),
                                pms, pms / r.msPerInterval(), diff, diff > EstimationReference.AGREE ? "  DISAGREE" : "");
                    }
                    System.out.printf("   %-15s %8.4f %8.4f %9.3f | %s%n", r.label(), r.median(), r.p90(), r.msPerInterval(), side);
                }
            }
            double tomo = runs.get(1).median();
            double fan = runs.get(2).median();
            String goalA = fmt("%.3f %s", fan / tomo, verdict(fan / tomo, GOAL_RATIO));
            String goalB = "";
            double fanCal = Double.NaN;
            double calib = Double.NaN;
            if (cal != null) {
                fanCal = runs.get(3).median();
                calib = runs.get(4).median();
                double best = Math.min(fanCal, calib);
                goalB = fmt("%.4f %s", best, verdict(best, GOAL_CALIBRATED));
            }
            String pyTomo = py == null ? "-" : fmt("%.4f", median(EstimationBenchmark.errors(py.tomogravity(), truth)));
            summary.add(fmt("%-32s %8.4f %8.4f %8s %8.4f %8s %8s  %-24s %-22s", sc.name(), runs.get(0).median(), tomo,
                    pyTomo, fan, Double.isNaN(fanCal) ? "-" : fmt("%.4f", fanCal), Double.isNaN(calib) ? "-" : fmt("%.4f", calib),
                    goalA, goalB));
            if (sc.name().equals("exact, node totals")) {
                for (Run r : runs) {
                    double pms = Double.NaN;
                    if (r.label().equals("tomogravity")) {
                        pms = median(py.tomoSeconds()) * 1000;
                    } else if (r.label().equals("gravity")) {
                        pms = median(py.gravitySeconds()) * 1000;
                    }
                    speed.add(EstimationSpeed.row(w, rows.size(), r.label(), r.msPerInterval(), pms, 20));
                }
            }
        }
        if (print) {
            System.out.printf("-- %s summary (median relative L2 error over the intervals)%n", w.name);
            summary.forEach(l -> System.out.println("   " + l));
        }
    }

    /** "met (margin m)" or "NOT met (by m)" for {@code value <= goal}. */
    static String verdict(double value, double goal) {
        return value <= goal ? fmt("met (-%.3f)", goal - value) : fmt("NOT met (+%.3f)", value - goal);
    }
}
