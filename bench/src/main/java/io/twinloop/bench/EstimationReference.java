package io.twinloop.bench;

import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.routing.RoutingMatrix;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the independent NumPy/SciPy gravity and tomogravity ({@code bench/reference/tomogravity_numpy.py})
 * on the same routing matrix and counters as the Java estimator. The exchange is a temporary
 * directory of little-endian binary arrays (exact doubles), deleted afterwards.
 */
final class EstimationReference {

    /** The reference's estimates and its wall time per interval (seconds). */
    record Result(List<double[]> gravity, List<double[]> tomogravity, double[] gravitySeconds, double[] tomoSeconds) {
    }

    /** Java and reference estimates of the same method agree when their relative L2 difference is at most this. */
    static final double AGREE = 1e-6;

    private final String python;
    private final Path script;

    EstimationReference(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Estimates every interval with the reference; the counters must carry node totals. */
    Result run(RoutingMatrix a, List<IntervalCounters> counters, long timeoutMinutes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("twinloop-estref");
        try {
            int t = counters.size();
            Files.writeString(dir.resolve("meta.txt"), a.nodes() + " " + a.links() + " " + a.pairs() + " " + a.nonZeros()
                    + " " + t + " 1\n", StandardCharsets.UTF_8);
            try (var out = open(dir.resolve("pairs.i32"))) {
                for (int p = 0; p < a.pairs(); p++) {
                    out.writeInt(Integer.reverseBytes(a.src(p)));
                    out.writeInt(Integer.reverseBytes(a.dst(p)));
                }
            }
            try (var link = open(dir.resolve("coo_link.i32")); var pair = open(dir.resolve("coo_pair.i32"));
                 var frac = open(dir.resolve("coo_frac.f64"))) {
                for (int p = 0; p < a.pairs(); p++) {
                    for (int k = a.columnStart(p); k < a.columnStart(p + 1); k++) {
                        link.writeInt(Integer.reverseBytes(a.linkAt(k)));
                        pair.writeInt(Integer.reverseBytes(p));
                        frac.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(a.fractionAt(k))));
                    }
                }
            }
            try (var y = open(dir.resolve("links.f64")); var in = open(dir.resolve("ingress.f64"));
                 var eg = open(dir.resolve("egress.f64"))) {
                for (IntervalCounters c : counters) {
                    if (c.ingressBps() == null || c.egressBps() == null) {
                        throw new IllegalArgumentException("the reference needs node totals");
                    }
                    write(y, c.linkBps());
                    write(in, c.ingressBps());
                    write(eg, c.egressBps());
                }
            }
            Process p = new ProcessBuilder(python, script.toString(), dir.toString()).inheritIO().start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("reference timed out after " + timeoutMinutes + " min");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("reference failed with exit status " + p.exitValue());
            }
            List<double[]> g = read(dir.resolve("est_gravity.f64"), t, a.pairs());
            List<double[]> x = read(dir.resolve("est_tomogravity.f64"), t, a.pairs());
            List<String> lines = Files.readAllLines(dir.resolve("times.txt"), StandardCharsets.UTF_8);
            double[] gs = new double[t];
            double[] ts = new double[t];
            for (int i = 0; i < t; i++) {
                String[] f = lines.get(i).trim().split(" ");
                gs[i] = Double.parseDouble(f[0]);
                ts[i] = Double.parseDouble(f[1]);
            }
            return new Result(g, x, gs, ts);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Agreement of two estimates of the same intervals: the largest, over intervals, of
     * {@code ||x1 - x2|| / ||x2||}.
     */
    static double maxRelDiff(List<double[]> x1, List<double[]> x2) {
        double worst = 0;
        for (int i = 0; i < x1.size(); i++) {
            worst = Math.max(worst, EstimationWorkload.relErr(x1.get(i), x2.get(i)));
        }
        return worst;
    }

    private static DataOutputStream open(Path f) throws IOException {
        OutputStream os = Files.newOutputStream(f);
        return new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
    }

    private static void write(DataOutputStream out, double[] v) throws IOException {
        for (double d : v) {
            out.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(d)));
        }
    }

    private static List<double[]> read(Path f, int rows, int cols) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() != (long) rows * cols * 8) {
            throw new IllegalStateException(f.getFileName() + ": " + buf.remaining() + " bytes, expected " + rows * cols * 8L);
        }
        List<double[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] x = new double[cols];
            buf.asDoubleBuffer().get(x);
            buf.position(buf.position() + cols * 8);
            out.add(x);
        }
        return out;
    }
}
