package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cross-checks {@link EcmpRouter} against an independent per-hop ECMP implementation in Python
 * and NetworkX ({@code bench/reference/ecmp_networkx.py}) on every {@link BenchWorkload}.
 *
 * <p>For each workload it writes the links ({@code link_id,src,dst,weight,capacity_bps}) and the
 * demands ({@code src,dst,rate_bps}) as CSV to a temporary directory, runs the script, reads back
 * its per-link loads and compares them with the Java loads link by link (matched by link id). It
 * prints the maximum absolute error, the maximum relative error
 * ({@code |java - ref| / max(|java|, |ref|)}, 0 where both are 0), the unrouted traffic and the
 * maximum link utilisation from both sides. The exit status is 1 if any link's relative error
 * exceeds {@value #TOLERANCE}, if the link sets or the unrouted traffic differ, or if the script
 * fails; 0 otherwise.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.twinloop.bench.EcmpReferenceCheck
 * [--script PATH] [--python EXE] [--keep] [workload...]} (default: all workloads; the script
 * defaults to {@code bench/reference/ecmp_networkx.py} under the repository root). The data
 * directory comes from {@link SharedDataDir}.
 */
public final class EcmpReferenceCheck {

    /** Largest accepted relative error per link. */
    public static final double TOLERANCE = 1e-9;

    private EcmpReferenceCheck() {
    }

    /** Runs the check; see the class comment for arguments and exit status. */
    public static void main(String[] args) throws Exception {
        Path script = null;
        String python = "python3";
        boolean keep = false;
        List<BenchWorkload> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--script" -> script = Path.of(args[++i]);
                case "--python" -> python = args[++i];
                case "--keep" -> keep = true;
                default -> workloads.add(BenchWorkload.of(args[i]));
            }
        }
        if (workloads.isEmpty()) {
            workloads.addAll(List.of(BenchWorkload.values()));
        }
        if (script == null) {
            script = Path.of("bench/reference/ecmp_networkx.py");
        }
        if (!Files.isRegularFile(script)) {
            System.err.println("reference script " + script.toAbsolutePath() + " not found; pass --script PATH");
            System.exit(2);
        }
        Path data = SharedDataDir.resolve();
        System.out.println("shared data: " + data);
        System.out.println("reference:   " + script.toAbsolutePath() + " (" + python + ")");
        System.out.printf(Locale.ROOT, "tolerance:   relative error per link <= %.0e%n%n", TOLERANCE);

        boolean allOk = true;
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-8s %6s %6s %9s %12s %12s %14s %14s %8s %8s %8s  %s", "network", "nodes",
                "links", "demands", "maxAbsErr", "maxRelErr", "MLU java", "MLU networkx", "java s", "ref s", "ratio",
                "result"));
        for (BenchWorkload w : workloads) {
            Path tmp = Files.createTempDirectory("twinloop-ecmp-ref-" + w.key() + "-");
            try {
                Outcome o = check(w.load(data), script, python, tmp);
                allOk &= o.ok();
                table.add(o.row());
            } finally {
                if (keep) {
                    System.out.println("kept " + tmp);
                } else {
                    deleteTree(tmp);
                }
            }
        }
        System.out.println();
        table.forEach(System.out::println);
        System.out.println();
        System.out.println(allOk ? "ALL MATCH" : "MISMATCH");
        System.exit(allOk ? 0 : 1);
    }

    private record Outcome(boolean ok, String row) {
    }

    private static Outcome check(BenchWorkload.Instance w, Path script, String python, Path tmp)
            throws IOException, InterruptedException {
        Network net = w.network();
        String key = w.workload().key();
        System.out.printf(Locale.ROOT, "== %s: %d nodes, %d links, %d demands, %s%n", key, net.nodes().size(),
                net.links().size(), w.demands().size(), w.description());

        // Java time: the best of 5 full simulations (router built each time) after one warm-up run,
        // so the ratio against NetworkX compares steady-state speeds on the same inputs.
        RoutingResult java = new EcmpRouter(net).route(w.demands());
        double javaSec = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            java = new EcmpRouter(net).route(w.demands());
            javaSec = Math.min(javaSec, (System.nanoTime() - t0) / 1e9);
        }
        Kpis kpis = Kpis.of(net, java);

        Path links = tmp.resolve("links.csv");
        Path demands = tmp.resolve("demands.csv");
        Path loads = tmp.resolve("loads.csv");
        Path summary = tmp.resolve("summary.csv");
        writeLinks(net, links);
        writeDemands(w.demands(), demands);

        long t1 = System.nanoTime();
        Process p = new ProcessBuilder(python, script.toString(), links.toString(), demands.toString(),
                loads.toString(), summary.toString()).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("reference script timed out after 30 min on " + key);
        }
        double refSec = (System.nanoTime() - t1) / 1e9;
        if (p.exitValue() != 0) {
            System.out.println("   reference script failed with exit code " + p.exitValue());
            return new Outcome(false, String.format(Locale.ROOT, "%-8s reference script failed (exit %d)", key,
                    p.exitValue()));
        }

        Map<String, Double> ref = readTwoColumns(loads);
        Map<String, Double> refSummary = readTwoColumns(summary);
        List<String> problems = new ArrayList<>();
        if (ref.size() != net.links().size()) {
            problems.add("reference has " + ref.size() + " links, java " + net.links().size());
        }
        double maxAbs = 0;
        double maxRel = 0;
        String worst = "-";
        int bad = 0;
        for (int i = 0; i < net.links().size(); i++) {
            Link l = net.links().get(i);
            Double r = ref.get(l.id());
            if (r == null) {
                problems.add("link " + l.id() + " missing from reference output");
                continue;
            }
            double a = java.load(i);
            double abs = Math.abs(a - r);
            double scale = Math.max(Math.abs(a), Math.abs(r));
            double rel = scale == 0 ? 0 : abs / scale;
            maxAbs = Math.max(maxAbs, abs);
            if (rel > maxRel) {
                maxRel = rel;
                worst = l.id();
            }
            if (rel > TOLERANCE) {
                if (bad++ < 5) {
                    System.out.printf(Locale.ROOT, "   MISMATCH link %s (%s -> %s): java %.6f bit/s, reference %.6f "
                            + "bit/s, relative error %.3e%n", l.id(), l.src(), l.dst(), a, r, rel);
                }
            }
        }
        if (bad > 0) {
            problems.add(bad + " links differ by more than " + TOLERANCE + " relative");
        }
        double refUnrouted = refSummary.getOrDefault("unrouted_bps", Double.NaN);
        if (!(relErr(java.unroutedBps(), refUnrouted) <= TOLERANCE)) {
            problems.add("unrouted traffic differs: java " + java.unroutedBps() + " bit/s, reference " + refUnrouted);
        }
        double refMlu = refSummary.getOrDefault("mlu", Double.NaN);
        double totalDemand = w.totalDemandBps();
        System.out.printf(Locale.ROOT, "   total demand %.6e bit/s; total load java %.6e, reference %.6e bit/s%n",
                totalDemand, java.totalLoadBps(), refSummary.getOrDefault("total_load_bps", Double.NaN));
        System.out.printf(Locale.ROOT, "   unrouted java %.3e, reference %.3e bit/s%n", java.unroutedBps(), refUnrouted);
        System.out.printf(Locale.ROOT, "   max abs error %.3e bit/s, max rel error %.3e (link %s)%n", maxAbs, maxRel,
                worst);
        System.out.printf(Locale.ROOT, "   MLU java %.9f, reference %.9f; java %.4f s (best of 5), reference %.1f s "
                        + "(whole script, CSV reading included): NetworkX / java = %.0fx%n",
                kpis.maxLinkUtilization(), refMlu, javaSec, refSec, refSec / javaSec);
        problems.forEach(s -> System.out.println("   PROBLEM: " + s));
        boolean ok = problems.isEmpty();
        System.out.println("   " + (ok ? "MATCH" : "MISMATCH"));
        return new Outcome(ok, String.format(Locale.ROOT, "%-8s %6d %6d %9d %12.3e %12.3e %14.9f %14.9f %8.4f %8.1f %7.0fx  %s",
                key, net.nodes().size(), net.links().size(), w.demands().size(), maxAbs, maxRel,
                kpis.maxLinkUtilization(), refMlu, javaSec, refSec, refSec / javaSec, ok ? "MATCH" : "MISMATCH"));
    }

    private static double relErr(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    private static void writeLinks(Network net, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("link_id,src,dst,weight,capacity_bps\n");
            for (Link l : net.links()) {
                out.write(csv(l.id()) + "," + csv(l.src()) + "," + csv(l.dst()) + "," + l.igpWeight() + ","
                        + l.capacityBps() + "\n");
            }
        }
    }

    private static void writeDemands(List<Demand> demands, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("src,dst,rate_bps\n");
            for (Demand d : demands) {
                // Double.toString is the shortest decimal that round-trips, so Python reads the same double
                out.write(csv(d.src()) + "," + csv(d.dst()) + "," + d.rateBps() + "\n");
            }
        }
    }

    /** RFC 4180 quoting, needed only if a name contains a comma, quote or line break. */
    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Reads a {@code key,value} CSV written by the script (keys never need quoting there except link ids). */
    private static Map<String, Double> readTwoColumns(Path file) throws IOException {
        Map<String, Double> out = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            String k = line.substring(0, comma);
            if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
                k = k.substring(1, k.length() - 1).replace("\"\"", "\"");
            }
            String v = line.substring(comma + 1).trim();
            try {
                out.put(k, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                // non-numeric summary entries (e.g. networkx_version) are informational
            }
        }
        return out;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
