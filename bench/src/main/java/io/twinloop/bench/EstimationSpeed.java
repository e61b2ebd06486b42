package io.twinloop.bench;

import io.twinloop.bench.EstimationBenchmark.Run;
import io.twinloop.bench.EstimationWorkload.CounterSpec;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.twinloop.bench.EstimationBenchmark.fmt;
import static io.twinloop.bench.EstimationBenchmark.median;

/**
 * The speed part of {@link EstimationBenchmark}: rows of the speed table (Abilene and GEANT come
 * from the accuracy runs) and the Kdl run. Kdl ({@code topologies/topology-zoo/Kdl.gml}) has no
 * measured matrix, so its truth is a gravity series from random node weights
 * ({@link EstimationWorkload#gravity}); with exact node totals the gravity prior is then nearly the
 * truth, so Kdl's errors say little and only its times count.
 */
final class EstimationSpeed {

    private EstimationSpeed() {
    }

    static String header() {
        return fmt("%-8s %6s %7s %9s %10s %-15s %10s %10s %8s  %s", "network", "nodes", "links", "pairs", "A build ms",
                "method", "java ms", "py ms", "py/java", "goal");
    }

    static String row(EstimationWorkload w, int intervals, String method, double javaMs, double pyMs, double goalMs) {
        String ratio = Double.isNaN(pyMs) ? "-" : fmt("%.2fx", pyMs / javaMs);
        String goal = method.equals("calibrated+cal") || method.equals("fanout+cal") || method.equals("gravity")
                ? "" : javaMs <= goalMs ? fmt("<= %.0f ms: met (%.0f %% of it)", goalMs, 100 * javaMs / goalMs)
                : fmt("<= %.0f ms: NOT met (+%.1f ms)", goalMs, javaMs - goalMs);
        return fmt("%-8s %6d %7d %9d %10.1f %-15s %10.3f %10s %8s  %s", w.name + "/" + intervals, w.a.nodes(), w.a.links(),
                w.a.pairs(), w.matrixMillis, method, javaMs, Double.isNaN(pyMs) ? "-" : fmt("%.3f", pyMs), ratio, goal);
    }

    /** Kdl: routing-matrix build, gravity, tomogravity and fan-out per interval, and the reference's tomogravity. */
    static void kdl(Path data, int rows, int timeoutSeconds, boolean reference, EstimationReference ref, long seed,
                    List<String> speed) throws Exception {
        EstimationWorkload w = EstimationWorkload.gravity("kdl", data.resolve("topologies/topology-zoo/Kdl.gml"), rows,
                100e9, seed);
        System.out.println();
        System.out.printf("== speed: kdl (topologies/topology-zoo/Kdl.gml), %d nodes, %d links, %d pairs, %d non-zeros in A, "
                        + "built in %.0f ms; truth: %d gravity matrices (random node weights), 2%% noise on the counters%n",
                w.a.nodes(), w.a.links(), w.a.pairs(), w.a.nonZeros(), w.matrixMillis, rows);
        List<Integer> all = w.presentRows(0, rows);
        List<IntervalCounters> counters = w.counters(all, new CounterSpec(0.02, 0, true, seed));
        List<double[]> truth = all.stream().map(w.truth::get).toList();
        TrafficEstimator est = new TrafficEstimator(w.a);
        EstimationReference.Result py = null;
        if (reference) {
            long t0 = System.nanoTime();
            py = ref.run(w.a, counters, 60);
            System.out.printf("   reference (scipy.sparse B W B^T, dense Cholesky): whole script %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);
        } else {
            System.out.println("   reference skipped (--skip-kdl-reference)");
        }
        for (EstimationMethod m : List.of(EstimationMethod.GRAVITY, EstimationMethod.TOMOGRAVITY, EstimationMethod.FANOUT)) {
            long t0 = System.nanoTime();
            // one measured batch only (no warm-up call: a Kdl interval is long enough to warm the JIT within itself),
            // on a daemon thread so that a method over the time limit can be left behind
            ExecutorService one = Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "kdl-" + m.id());
                t.setDaemon(true);
                return t;
            });
            List<EstimatedInterval> res;
            try {
                res = one.submit(() -> est.estimate(counters, null, m)).get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.out.printf("   %-12s did not finish %d intervals within %d s (left running; not measured further)%n",
                        m.id(), rows, timeoutSeconds);
                speed.add(fmt("%-8s %6d %7d %9d %10.1f %-15s %10s %10s %8s  <= 5000 ms: NOT met", w.name + "/" + rows,
                        w.a.nodes(), w.a.links(), w.a.pairs(), w.matrixMillis, m.id(),
                        fmt("> %.0f", timeoutSeconds * 1000.0 / rows), "-", "-"));
                continue;
            } finally {
                one.shutdown();
            }
            double ms = (System.nanoTime() - t0) / 1e6 / counters.size();
            List<double[]> xs = res.stream().map(r -> r.pairBps()).toList();
            Run r = new Run(m.id(), xs, EstimationBenchmark.errors(xs, truth), ms);
            double pyMs = Double.NaN;
            String agree = "";
            if (py != null && m != EstimationMethod.FANOUT) {
                boolean tomo = m == EstimationMethod.TOMOGRAVITY;
                pyMs = median(tomo ? py.tomoSeconds() : py.gravitySeconds()) * 1000;
                List<double[]> px = tomo ? py.tomogravity() : py.gravity();
                double diff = EstimationReference.maxRelDiff(xs, px);
                agree = fmt(", py median error %.4f, max rel diff java-py %.2e%s", median(EstimationBenchmark.errors(px, truth)),
                        diff, diff > EstimationReference.AGREE ? "  DISAGREE" : "");
            }
            System.out.printf("   %-12s %9.1f ms/interval, median error %.4f%s%n", m.id(), ms, r.median(), agree);
            speed.add(row(w, rows, m.id(), ms, pyMs, 5000));
        }
    }
}
