package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.FailureSweep;
import io.twinloop.planner.diagnosis.Diagnosis;
import io.twinloop.planner.diagnosis.FaultDiagnoser;
import io.twinloop.planner.diagnosis.FaultDictionary;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.diagnosis.HypothesisKind;
import io.twinloop.planner.diagnosis.LinkObservation;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fault-diagnosis benchmark of {@link FaultDiagnoser}: injected failures on real topologies with
 * real traffic matrices, and a replay of real router telemetry with ground-truth events.
 *
 * <p><b>Injected failures</b> ({@code geant}, {@code abilene}): on {@code --rows} measured matrices
 * spread evenly over the shared slice, every single cable and every single node failure. The
 * observed loads are simulated from scratch with a fresh {@link EcmpRouter} (the failed links down,
 * a failed node's own demands gone), times {@code max(0, 1 + 0.05 N(0, 1))} (seeded), and the
 * failed element's links send no telemetry at all (silent failure). Variant {@code silent+loss}
 * also drops the telemetry of 2 % of the healthy links at random. The diagnoser gets the twin's
 * state (no failure) and the row's matrix. Reported: top-1 (the injected hypothesis is ranked
 * first), top-1 up to equivalence (or one that fails exactly the same links with exactly the same
 * loads, e.g. a node hanging on one cable and that cable), top-3; the time to prepare the
 * {@link FaultDictionary} of a twin state and the time of one diagnosis against it.
 *
 * <p>Failures are classed by what they change in the noise-free telemetry of the links that still
 * report, with {@code floor = max(1 kbit/s, 0.1 % of their mean load)}: <em>unobservable</em> if no
 * load changes at all ({@code |ln((x_fail + floor) / (x_ok + floor))| < 1e-9} on every link),
 * <em>weak</em> if no load changes by more than two noise sigmas (0.1), <em>observable</em>
 * otherwise. Only silence can reveal the first two; the tables show them separately.
 *
 * <p>Also: no-fault draws (how often noise alone makes a fault rank first), degraded capacities
 * (every link carrying at least 10 % of the mean load passes half of it) and traffic shifts (every
 * node's originated traffic times 0 and times 2) on the first two rows.
 *
 * <p><b>Real telemetry</b> ({@code leaf7}): {@link LeafTelemetryReplay} on
 * {@code telemetry/cisco-ie-telemetry-ds11-leaf7}, four ways: rates from the byte counters or from
 * the router's smoothed data-rate leaves, each with and without the interface states; detections,
 * misses, alarms without a matching event and delays against {@code events.csv.gz}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.twinloop.bench.DiagnosisBenchmark [--rows N]
 * [--seed S] [--fa-draws N] [--window N] [--margin X] [--confirm N] [geant] [abilene] [leaf7]}
 * (default: all three, 8 rows, seed 42, 50 no-fault draws per row and variant, window 6 sweeps,
 * margin 10, confirm 2).
 */
public final class DiagnosisBenchmark {

    private static final double NOISE = 0.05;
    private static final double LOSS = 0.02;
    /** Dictionaries built (and timed) per matrix, for more timing samples. */
    private static final int PREPARE_REPEATS = 5;
    private static final String[] VARIANTS = {"silent", "silent+loss"};
    private static final String[] CLASSES = {"observable", "weak", "unobservable"};

    private DiagnosisBenchmark() {
    }

    /** Counts of one table cell. */
    private static final class Tally {
        int n;
        int top1;
        int top1eq;
        int top3;

        void add(int rank, boolean equivalent) {
            n++;
            top1 += rank == 0 ? 1 : 0;
            top1eq += rank == 0 || equivalent ? 1 : 0;
            top3 += rank >= 0 && rank < 3 ? 1 : 0;
        }

        void add(Tally t) {
            n += t.n;
            top1 += t.top1;
            top1eq += t.top1eq;
            top3 += t.top3;
        }
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) {
        int rows = 8;
        long seed = 42;
        int faDraws = 50;
        int window = 6;
        double margin = 10;
        int confirm = 2;
        List<String> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--fa-draws" -> faDraws = Integer.parseInt(args[++i]);
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--margin" -> margin = Double.parseDouble(args[++i]);
                case "--confirm" -> confirm = Integer.parseInt(args[++i]);
                default -> workloads.add(args[i].toLowerCase(Locale.ROOT));
            }
        }
        if (workloads.isEmpty()) {
            workloads.addAll(List.of("geant", "abilene", "leaf7"));
        }
        Path data = SharedDataDir.resolve();
        System.out.printf(Locale.ROOT, "shared data: %s; %d cores; load average %.2f at start (%s)%n", data,
                Runtime.getRuntime().availableProcessors(), load(), Instant.now().atOffset(ZoneOffset.UTC));
        FaultDiagnoser diagnoser = new FaultDiagnoser();
        List<String> accuracy = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        List<String> timing = new ArrayList<>();
        List<String> extras = new ArrayList<>();
        accuracy.add(String.format(Locale.ROOT, "%-8s %-12s %5s %6s %7s %7s %7s %10s", "network", "variant", "rows",
                "scen.", "top-1", "top-1=", "top-3", "no-fault"));
        classes.add(String.format(Locale.ROOT, "%-8s %-12s %-13s %6s %7s %7s %7s", "network", "variant", "class", "scen.",
                "top-1", "top-1=", "top-3"));
        timing.add(String.format(Locale.ROOT, "%-8s %6s %6s %10s %10s %10s %10s %9s", "network", "nodes", "links",
                "prep med", "prep p99", "diag med", "diag p99", "diagnoses"));
        extras.add(String.format(Locale.ROOT, "%-8s %-34s %6s %7s %7s %16s", "network", "injected", "cases", "top-1",
                "top-3", "fit error med/max"));
        for (String w : workloads) {
            switch (w) {
                case "geant" -> injected(diagnoser, data, "geant", "topologies/sndlib/geant.xml",
                        "traffic/geant/geant_sndlib_15min_20050504-20050506.csv", rows, seed, faDraws, accuracy, classes,
                        timing, extras);
                case "abilene" -> injected(diagnoser, data, "abilene", "topologies/sndlib/abilene.xml",
                        "traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv", rows, seed, faDraws, accuracy,
                        classes, timing, extras);
                case "leaf7" -> { }
                default -> throw new IllegalArgumentException("unknown workload " + w + "; valid: geant, abilene, leaf7");
            }
        }
        if (accuracy.size() > 1) {
            System.out.println();
            System.out.println("== Injected single failures, silent, 5 % multiplicative noise (top-1= : top-1 up to an "
                    + "equivalent failure; no-fault: draws where NONE ranks first)");
            accuracy.forEach(System.out::println);
            System.out.println();
            System.out.println("== The same by observability class (see the class comment)");
            classes.forEach(System.out::println);
            System.out.println();
            System.out.println("== Time per twin state (prepare: the fault dictionary) and per diagnosis (ms, one thread)");
            timing.forEach(System.out::println);
            System.out.println();
            System.out.println("== Degraded capacity and traffic shift (5 % noise, no silence; fit error: |fitted / true - 1|)");
            extras.forEach(System.out::println);
        }
        if (workloads.contains("leaf7")) {
            telemetry(diagnoser, data.resolve("telemetry/cisco-ie-telemetry-ds11-leaf7"), window, margin, confirm);
        }
        System.out.printf(Locale.ROOT, "%nload average %.2f at the end (%s)%n", load(), Instant.now().atOffset(ZoneOffset.UTC));
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void injected(FaultDiagnoser diagnoser, Path data, String key, String topo, String tm, int rowCount,
                                 long seed, int faDraws, List<String> accuracy, List<String> classes, List<String> timing,
                                 List<String> extras) {
        Network net = TopologyImporters.read(data.resolve(topo));
        TrafficSeries series = TrafficCsvImporter.read(data.resolve(tm));
        series.validateAgainst(net);
        List<Integer> present = new ArrayList<>();
        for (int r = 0; r < series.size(); r++) {
            if (!series.samples().get(r).missing()) {
                present.add(r);
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int j = 0; j < rowCount; j++) {
            rows.add(present.get(j * (present.size() - 1) / Math.max(1, rowCount - 1)));
        }
        System.out.printf(Locale.ROOT, "== %s: %d nodes, %d links; rows %s of %s%n", key, net.nodes().size(),
                net.links().size(), rows, tm);
        warmUp(diagnoser, net, series.demandsAt(rows.get(0)));

        Map<String, Map<String, Tally>> tallies = new LinkedHashMap<>();
        Map<String, int[]> noFault = new LinkedHashMap<>();
        for (String v : VARIANTS) {
            Map<String, Tally> m = new LinkedHashMap<>();
            for (String c : CLASSES) {
                m.put(c, new Tally());
            }
            tallies.put(v, m);
            noFault.put(v, new int[2]);
        }
        Map<String, Integer> misses = new TreeMap<>();
        Map<String, Integer> notObservable = new TreeMap<>();
        List<Double> prepMs = new ArrayList<>();
        List<Double> diagMs = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int row : rows) {
            List<Demand> demands = series.demandsAt(row);
            double[] x0 = new EcmpRouter(net).route(demands).loadBps();
            FaultDictionary dict = null;
            for (int rep = 0; rep < PREPARE_REPEATS; rep++) {
                long t0 = System.nanoTime();
                dict = diagnoser.prepare(net, new BitSet(), demands);
                prepMs.add((System.nanoTime() - t0) / 1e6);
            }
            for (String v : VARIANTS) {
                double loss = v.equals("silent") ? 0 : LOSS;
                for (int k = 0; k < faDraws; k++) {
                    Diagnosis d = diagnoser.diagnose(dict, observe(net, x0, new BitSet(), loss, rnd), 3);
                    noFault.get(v)[0]++;
                    noFault.get(v)[1] += d.best().kind() == HypothesisKind.NONE ? 1 : 0;
                }
            }
            for (FailureSweep.Scenario sc : new FailureSweep(net, demands).scenarios()) {
                if (sc.kind() == FailureSweep.Kind.SRLG) {
                    continue;
                }
                boolean node = sc.kind() == FailureSweep.Kind.NODE;
                String dead = node ? sc.id() : null;
                BitSet failed = node ? linksAt(net, dead) : indices(net, sc.failedLinkIds());
                double[] loads = failedLoads(net, demands, failed, dead);
                String cls = classify(x0, loads, failed);
                HypothesisKind kind = node ? HypothesisKind.NODE_DOWN : HypothesisKind.LINK_DOWN;
                if (!cls.equals("observable")) {
                    notObservable.merge(cls + ": " + kind + " " + (node ? dead : sc.id()), 1, Integer::sum);
                }
                List<String> elements = node ? List.of(dead) : sc.failedLinkIds();
                for (String v : VARIANTS) {
                    double loss = v.equals("silent") ? 0 : LOSS;
                    List<LinkObservation> obs = observe(net, loads, failed, loss, rnd);
                    long t1 = System.nanoTime();
                    Diagnosis d = diagnoser.diagnose(dict, obs, 3);
                    diagMs.add((System.nanoTime() - t1) / 1e6);
                    int rank = rank(d, kind, elements);
                    boolean eq = rank != 0 && equivalent(net, demands, d.best(), failed, loads);
                    tallies.get(v).get(cls).add(rank, eq);
                    if (rank != 0 && v.equals("silent")) {
                        misses.merge(String.format("%s %s (%s) -> %s %s%s", kind, node ? dead : sc.id(), cls,
                                d.best().kind(), d.best().elements(), eq ? " (equivalent)" : ""), 1, Integer::sum);
                    }
                }
            }
        }
        for (String v : VARIANTS) {
            Tally all = new Tally();
            tallies.get(v).values().forEach(all::add);
            int[] nf = noFault.get(v);
            accuracy.add(String.format(Locale.ROOT, "%-8s %-12s %5d %6d %7s %7s %7s %10s", key, v, rows.size(), all.n,
                    pctOf(all.top1, all.n), pctOf(all.top1eq, all.n), pctOf(all.top3, all.n), pctOf(nf[1], nf[0])));
            for (String c : CLASSES) {
                Tally t = tallies.get(v).get(c);
                classes.add(String.format(Locale.ROOT, "%-8s %-12s %-13s %6d %7s %7s %7s", key, v, c, t.n,
                        pctOf(t.top1, t.n), pctOf(t.top1eq, t.n), pctOf(t.top3, t.n)));
            }
        }
        double[] p = prepMs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] dd = diagMs.stream().mapToDouble(Double::doubleValue).toArray();
        timing.add(String.format(Locale.ROOT, "%-8s %6d %6d %10.2f %10.2f %10.3f %10.3f %9d", key, net.nodes().size(),
                net.links().size(), TeBenchmark.pct(p, 50), TeBenchmark.pct(p, 99), TeBenchmark.pct(dd, 50),
                TeBenchmark.pct(dd, 99), dd.length));
        System.out.println("   weak or unobservable scenarios (count over the rows):");
        notObservable.forEach((k, c) -> System.out.printf("     %3d x %s%n", c, k));
        System.out.println("   top-1 misses (variant silent), injected (class) -> ranked first, count:");
        misses.forEach((k, c) -> System.out.printf("     %3d x %s%n", c, k));
        faultsBeyondFailures(diagnoser, net, series, rows.subList(0, Math.min(2, rows.size())), key, rnd, extras);
    }

    /** JIT warm-up on one matrix: dictionaries and diagnoses, not measured. */
    private static void warmUp(FaultDiagnoser diagnoser, Network net, List<Demand> demands) {
        Random rnd = new Random(1);
        double[] x0 = new EcmpRouter(net).route(demands).loadBps();
        for (int k = 0; k < 30; k++) {
            FaultDictionary dict = diagnoser.prepare(net, new BitSet(), demands);
            for (int j = 0; j < 20; j++) {
                diagnoser.diagnose(dict, observe(net, x0, new BitSet(), 0, rnd), 3);
            }
        }
    }

    /** Degraded capacities and traffic shifts on the given rows. */
    private static void faultsBeyondFailures(FaultDiagnoser diagnoser, Network net, TrafficSeries series,
                                             List<Integer> rows, String key, Random rnd, List<String> extras) {
        Tally cap = new Tally();
        List<Double> capErr = new ArrayList<>();
        Tally[] shift = {new Tally(), new Tally()};
        double[] factors = {0.0, 2.0};
        for (int row : rows) {
            List<Demand> demands = series.demandsAt(row);
            EcmpRouter router = new EcmpRouter(net);
            double[] x0 = router.route(demands).loadBps();
            FaultDictionary dict = diagnoser.prepare(net, new BitSet(), demands);
            double mean = Arrays.stream(x0).average().orElse(0);
            Degrader degrader = new Degrader(router, demands);
            for (int l = 0; l < x0.length; l++) {
                if (x0[l] < 0.1 * mean) {
                    continue;
                }
                double[] loads = degrader.loads(l, 0.5);
                Diagnosis d = diagnoser.diagnose(dict, observe(net, loads, new BitSet(), 0, rnd), 3);
                int rank = rank(d, HypothesisKind.CAPACITY_DEGRADED, List.of(net.links().get(l).id()));
                cap.add(rank, false);
                if (rank == 0) {
                    capErr.add(Math.abs(d.best().fitted() / (0.5 * x0[l]) - 1));
                }
            }
            for (int f = 0; f < factors.length; f++) {
                for (Node v : net.nodes()) {
                    double factor = factors[f];
                    if (demands.stream().noneMatch(x -> x.src().equals(v.name()) && x.rateBps() > 0)) {
                        continue;
                    }
                    List<Demand> shifted = demands.stream().map(x -> x.src().equals(v.name()) ? x.scaled(factor) : x)
                            .toList();
                    double[] loads = router.route(shifted).loadBps();
                    Diagnosis d = diagnoser.diagnose(dict, observe(net, loads, new BitSet(), 0, rnd), 3);
                    shift[f].add(rank(d, HypothesisKind.TRAFFIC_SHIFT, List.of(v.name())), false);
                }
            }
        }
        double[] err = capErr.stream().mapToDouble(Double::doubleValue).toArray();
        extras.add(String.format(Locale.ROOT, "%-8s %-34s %6d %7s %7s %16s", key, "capacity: a loaded link passes 50 %",
                cap.n, pctOf(cap.top1, cap.n), pctOf(cap.top3, cap.n), err.length == 0 ? "-"
                        : String.format(Locale.ROOT, "%.3f / %.3f", TeBenchmark.pct(err, 50), TeBenchmark.pct(err, 100))));
        for (int f = 0; f < factors.length; f++) {
            extras.add(String.format(Locale.ROOT, "%-8s %-34s %6d %7s %7s %16s", key,
                    "shift: a node's origin traffic x" + (int) factors[f], shift[f].n, pctOf(shift[f].top1, shift[f].n),
                    pctOf(shift[f].top3, shift[f].n), ""));
        }
    }

    /**
     * Loads when one link passes only a fraction of its traffic, from per-demand unit routings (not
     * the diagnoser's per-destination aggregation): each demand's flow through the link loses
     * {@code 1 - r} on it and, split as a fresh flow from the link's head to the demand's
     * destination, on every link after it.
     */
    private static final class Degrader {
        private final EcmpRouter router;
        private final List<Demand> demands;
        private final double[] base;
        private final double[][] unit;
        private final Map<String, double[]> onward = new HashMap<>();

        Degrader(EcmpRouter router, List<Demand> demands) {
            this.router = router;
            this.demands = demands;
            this.base = router.route(demands).loadBps();
            this.unit = new double[demands.size()][];
            for (int i = 0; i < demands.size(); i++) {
                Demand d = demands.get(i);
                unit[i] = router.route(List.of(new Demand(d.src(), d.dst(), 1))).loadBps();
            }
        }

        double[] loads(int l, double r) {
            double[] x = base.clone();
            String head = router.network().links().get(l).dst();
            for (int i = 0; i < demands.size(); i++) {
                Demand d = demands.get(i);
                double through = unit[i][l] * d.rateBps();
                if (through <= 0) {
                    continue;
                }
                x[l] -= (1 - r) * through;
                if (!head.equals(d.dst())) {
                    double[] after = onward.computeIfAbsent(head + "\u0000" + d.dst(),
                            k -> router.route(List.of(new Demand(head, d.dst(), 1))).loadBps());
                    for (int k = 0; k < x.length; k++) {
                        x[k] -= (1 - r) * through * after[k];
                    }
                }
            }
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.max(0, x[k]);
            }
            return x;
        }
    }

    private static String classify(double[] x0, double[] loads, BitSet failed) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < loads.length; i++) {
            if (!failed.get(i)) {
                sum += loads[i];
                n++;
            }
        }
        double floor = Math.max(1e3, n == 0 ? 0 : 1e-3 * sum / n);
        double max = 0;
        for (int i = 0; i < loads.length; i++) {
            if (!failed.get(i)) {
                max = Math.max(max, Math.abs(Math.log((loads[i] + floor) / (x0[i] + floor))));
            }
        }
        return max < 1e-9 ? "unobservable" : max < 2 * NOISE ? "weak" : "observable";
    }

    private static double[] failedLoads(Network net, List<Demand> demands, BitSet failed, String deadNode) {
        List<Demand> alive = deadNode == null ? demands
                : demands.stream().filter(d -> !d.src().equals(deadNode) && !d.dst().equals(deadNode)).toList();
        return new EcmpRouter(net, failed).route(alive).loadBps();
    }

    private static BitSet linksAt(Network net, String node) {
        BitSet b = new BitSet();
        for (int i = 0; i < net.links().size(); i++) {
            Link l = net.links().get(i);
            if (l.src().equals(node) || l.dst().equals(node)) {
                b.set(i);
            }
        }
        return b;
    }

    private static BitSet indices(Network net, List<String> ids) {
        BitSet b = new BitSet();
        ids.forEach(id -> b.set(net.linkIndex(id)));
        return b;
    }

    /** Telemetry: silent links send nothing, the others their load with 5 % noise; {@code loss} of them are lost. */
    private static List<LinkObservation> observe(Network net, double[] loads, BitSet silent, double loss, Random rnd) {
        List<LinkObservation> out = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            if (silent.get(i)) {
                continue;
            }
            double f = Math.max(0, 1 + NOISE * rnd.nextGaussian());
            if (loss > 0 && rnd.nextDouble() < loss) {
                continue;
            }
            out.add(LinkObservation.load(net.links().get(i).id(), loads[i] * f));
        }
        return out;
    }

    private static int rank(Diagnosis d, HypothesisKind kind, List<String> elements) {
        for (int k = 0; k < d.hypotheses().size(); k++) {
            Hypothesis h = d.hypotheses().get(k);
            if (h.kind() == kind && h.elements().equals(elements)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether {@code h} fails exactly the links in {@code failed} and predicts exactly {@code loads}. */
    private static boolean equivalent(Network net, List<Demand> demands, Hypothesis h, BitSet failed, double[] loads) {
        String dead = h.kind() == HypothesisKind.NODE_DOWN ? h.elements().get(0) : null;
        BitSet down;
        if (h.kind() == HypothesisKind.LINK_DOWN) {
            down = indices(net, h.elements());
        } else if (dead != null) {
            down = linksAt(net, dead);
        } else {
            return false;
        }
        if (!down.equals(failed)) {
            return false;
        }
        double[] x = failedLoads(net, demands, down, dead);
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i] - loads[i]) > 1e-9 * (1 + loads[i])) {
                return false;
            }
        }
        return true;
    }

    private static String pctOf(int k, int n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * k / n);
    }

    private static void telemetry(FaultDiagnoser diagnoser, Path dir, int window, double margin, int confirm) {
        LeafTelemetryReplay replay = new LeafTelemetryReplay(dir);
        List<LeafTelemetryReplay.Sweep> sweeps = replay.sweeps(LeafTelemetryReplay.Source.COUNTERS);
        System.out.println();
        System.out.printf(Locale.ROOT, "== Real telemetry: %s, %d sweeps (%s to %s UTC), twin matrix = median of the "
                        + "previous %d sweeps, margin %.0f, confirm %d sweeps%n", dir.getFileName(), sweeps.size(),
                clock(sweeps.get(0).time()), clock(sweeps.get(sweeps.size() - 1).time()), window, margin, confirm);
        System.out.println("   BFD events mapped to leaf7 ports (from the BFD session telemetry): " + replay.bfdPorts());
        Map<String, LeafTelemetryReplay.Result> results = new LinkedHashMap<>();
        for (LeafTelemetryReplay.Source src : LeafTelemetryReplay.Source.values()) {
            String name = src == LeafTelemetryReplay.Source.COUNTERS ? "counters" : "data-rate";
            results.put(name + "+states", replay.replay(diagnoser, src, true, window, margin, confirm));
            results.put(name, replay.replay(diagnoser, src, false, window, margin, confirm));
        }
        LeafTelemetryReplay.Result any = results.values().iterator().next();
        System.out.printf(Locale.ROOT, "   twin (counters): %d uplinks %s, down at the start %s; %d ingress ports %s%n",
                any.uplinks().size(), ports(any.uplinks()), ports(any.initiallyDown()), any.ingress().size(),
                ports(any.ingress()));
        System.out.printf(Locale.ROOT, "%-17s | %6s %4s %5s %5s %9s | %8s %4s %5s %9s | %8s %8s%n", "rates", "faults",
                "hits", "wrong", "miss", "delay", "recovery", "hits", "miss", "delay", "no-event", "ms/sweep");
        for (Map.Entry<String, LeafTelemetryReplay.Result> e : results.entrySet()) {
            LeafTelemetryReplay.Result r = e.getValue();
            int fh = (int) r.faults().stream().filter(r.hits()::containsKey).count();
            int rh = (int) r.recoveries().stream().filter(r.hits()::containsKey).count();
            System.out.printf(Locale.ROOT, "%-17s | %6d %4d %5d %5d %9s | %8d %4d %5d %9s | %8d %8.2f%n", e.getKey(),
                    r.faults().size(), fh, r.wrongKind().size(), r.faults().size() - fh - r.wrongKind().size(),
                    delays(r, r.faults()), r.recoveries().size(), rh, r.recoveries().size() - rh,
                    delays(r, r.recoveries()), r.falseAlarms().size(), TeBenchmark.pct(r.millisPerSweep(), 50));
        }
        System.out.println("   (delay: median/max seconds from the event to the confirming sweep; wrong: an alarm of "
                + "another kind on the right port; no-event: alarms that match no event of events.csv.gz)");
        System.out.println();
        List<String> names = new ArrayList<>(results.keySet());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "   %-8s %-18s %-5s", "UTC", "event", "port"));
        names.forEach(n -> head.append(String.format(Locale.ROOT, " %-17s", n)));
        System.out.println(head);
        List<LeafTelemetryReplay.Event> judged = new ArrayList<>(any.faults());
        judged.addAll(any.recoveries());
        judged.sort((a, b) -> Double.compare(a.time(), b.time()));
        for (LeafTelemetryReplay.Event ev : judged) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-8s %-18s %-5s", clock(ev.time()),
                    ev.event(), abbrev(replay.port(ev))));
            for (LeafTelemetryReplay.Result r : results.values()) {
                LeafTelemetryReplay.Alarm a = r.hits().get(ev);
                LeafTelemetryReplay.Alarm w = r.wrongKind().get(ev);
                String cell = a != null ? String.format(Locale.ROOT, "%s +%.0f s", a.restoration() ? "restored" : "LINK_DOWN",
                        a.time() - ev.time()) : w != null ? String.format(Locale.ROOT, "(%s +%.0f s)",
                        w.kind() == HypothesisKind.CAPACITY_DEGRADED ? "CAPACITY" : w.kind().name(), w.time() - ev.time())
                        : "missed";
                line.append(String.format(Locale.ROOT, " %-17s", cell));
            }
            System.out.println(line);
        }
        for (LeafTelemetryReplay.Event ev : any.notJudged()) {
            System.out.printf(Locale.ROOT, "   %-8s %-18s %-5s not judged (before the first or in the last 30 s of "
                    + "the telemetry)%n", clock(ev.time()), ev.event(), abbrev(replay.port(ev)));
        }
        for (Map.Entry<String, LeafTelemetryReplay.Result> e : results.entrySet()) {
            System.out.println("   alarms without a matching event (" + e.getKey() + "): " + e.getValue().falseAlarms().size());
            for (LeafTelemetryReplay.Alarm a : e.getValue().falseAlarms()) {
                String what = a.restoration() ? "restored " + ports(a.elements())
                        : a.kind() + " " + ports(a.elements()) + (Double.isNaN(a.fitted()) ? ""
                        : a.kind() == HypothesisKind.TRAFFIC_SHIFT ? String.format(Locale.ROOT, " x%.2f", a.fitted())
                        : String.format(Locale.ROOT, " capacity %.2f Gbit/s", a.fitted() / 1e9));
                System.out.printf(Locale.ROOT, "     %s %s%n", clock(a.time()), what);
            }
        }
    }

    /** Median/max delay in seconds of the detected events among {@code events}, or "-". */
    private static String delays(LeafTelemetryReplay.Result r, List<LeafTelemetryReplay.Event> events) {
        double[] d = events.stream().filter(r.hits()::containsKey).mapToDouble(e -> r.hits().get(e).time() - e.time())
                .toArray();
        return d.length == 0 ? "-" : String.format(Locale.ROOT, "%.0f/%.0f", TeBenchmark.pct(d, 50), TeBenchmark.pct(d, 100));
    }

    private static String ports(List<String> ports) {
        return ports.stream().map(DiagnosisBenchmark::abbrev).toList().toString();
    }

    /** {@code HundredGigE0/0/0/10} as {@code Hu10}. */
    private static String abbrev(String port) {
        return port == null ? "?" : port.replace("HundredGigE0/0/0/", "Hu");
    }

    private static String clock(double epochSeconds) {
        return Instant.ofEpochSecond((long) epochSeconds).atOffset(ZoneOffset.UTC).toLocalTime().toString();
    }
}
