package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.telemetry.CounterKey;
import io.twinloop.model.telemetry.CounterKind;
import io.twinloop.model.telemetry.CounterRateConverter;
import io.twinloop.model.telemetry.CounterWidth;
import io.twinloop.model.telemetry.RateConfig;
import io.twinloop.planner.diagnosis.Diagnosis;
import io.twinloop.planner.diagnosis.FaultDiagnoser;
import io.twinloop.planner.diagnosis.FaultDictionary;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.diagnosis.HypothesisKind;
import io.twinloop.planner.diagnosis.LinkObservation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A telemetry front-end for {@link FaultDiagnoser} on the one-router data set
 * {@code telemetry/cisco-ie-telemetry-ds11-leaf7} (shared data README, section 3.1): it builds a
 * twin of leaf7 from the first telemetry sweep, replays the interface telemetry (about every 11 s)
 * through the diagnoser sweep by sweep, raises alarms, keeps the twin's state in step with what it
 * diagnosed, and matches the alarms against {@code events.csv.gz}.
 *
 * <p><b>Rates.</b> Two sources: {@link Source#COUNTERS}, the rate of each sweep interval from the
 * byte counters ({@code generic-counters}: {@code 8 * delta bytes / delta t} between an interface's
 * consecutive reports, by {@link io.twinloop.model.telemetry.CounterRateConverter}; a counter reset
 * leaves that interface silent for the sweep), and {@link Source#DATA_RATE}, the router's own {@code data-rate} leaves, which are
 * exponentially smoothed (after a shutdown the rate decays by about a third per sweep, a time
 * constant near 30 s) and so lag every change.
 *
 * <p><b>The twin.</b> Only one router reports, so the twin is a star: leaf7, a node {@code fabric}
 * standing for the spines, and one host node per ingress port. The ports are the interfaces up at
 * the first sweep; an ingress port receives more than it sends (and at least 1 % of the busiest
 * port's rate), every other port is an uplink. Only the direction that carries the traffic is
 * modelled: {@code host -> leaf7} on an ingress port (its input rate) and {@code leaf7 -> fabric} on
 * an uplink (its output rate), all with weight 1, so leaf7 spreads the traffic to the fabric over
 * its working uplinks by ECMP, as the router does. The return direction (a few hundred Mbit/s that
 * the spines, not leaf7, spread over a subset of the uplinks) is not modelled: one router's
 * telemetry does not show how the spines route. Uplinks carrying less than 1 % of the busiest
 * port's rate at the first sweep (no BFD session, not in the ECMP group) start down in the twin.
 * The twin's traffic matrix is the median over the previous {@code window} sweeps of what each
 * ingress port received; the current sweep never enters its own expectation.
 *
 * <p><b>Alarms.</b> A sweep is suspicious when the best hypothesis is not NONE and beats it by at
 * least {@code margin} (a log likelihood ratio); an alarm is raised when the same hypothesis has been
 * suspicious for {@code confirm} consecutive sweeps, at the time of the last of them. A confirmed
 * cable or node failure is applied to the twin (its links go down), so the next sweeps are judged
 * against the failed state. A port the twin has down is declared restored when the diagnoser, run on
 * the twin with that port up, finds NONE better than the best hypothesis of the current twin by
 * {@code margin}, again for {@code confirm} sweeps.
 *
 * <p><b>Scoring against the events.</b> Faults are {@code shutdown_interface} (device leaf7) and
 * {@code break_bfd} (device spine4, interface eth1/25, i.e. the far end of a leaf7 port). The leaf7
 * port of a BFD event is taken from the BFD session telemetry: the leaf7 session that changes state
 * within 60 s after the events of that device and interface (majority over the events). Recoveries
 * are {@code enable_interface} and {@code enable_bfd}. A fault is detected by a LINK_DOWN alarm on
 * its port, a recovery by a restoration of its port, within 120 s after the event; the delay is
 * measured to the confirming sweep. An alarm of another kind on the port of a fault in that window
 * counts as a miss of the event and is listed as "wrong kind". Alarms that match no event are false
 * alarms. Events before the first sweep (the twin is built from a state that already contains them)
 * or less than 30 s before the last sweep are not judged and are listed apart.
 */
final class LeafTelemetryReplay {

    /** Rates and bandwidth of one interface in one sweep, bit/s. */
    record Rates(double inBps, double outBps, double bandwidthBps) {
    }

    /** One telemetry sweep of the data-rate collection. */
    record Sweep(double time, Map<String, Rates> rates) {
    }

    /** One ground-truth event. */
    record Event(double time, String event, String device, String iface) {
    }

    /**
     * A raised alarm: a confirmed fault hypothesis (with its fitted parameter, NaN if none) or a
     * restoration.
     */
    record Alarm(double time, boolean restoration, HypothesisKind kind, List<String> elements, double fitted,
                 String text) {
    }

    /** Where the rates come from (see the class comment). */
    enum Source {
        /** Byte counters, differenced per sweep. */
        COUNTERS,
        /** The router's smoothed data-rate leaves. */
        DATA_RATE
    }

    /**
     * The outcome of one replay.
     *
     * @param hits       per detected event the alarm that detected it
     * @param wrongKind  per fault event without a hit the first other alarm naming its port in the window
     */
    record Result(int sweeps, List<String> uplinks, List<String> ingress, List<String> initiallyDown, List<Event> faults,
                  List<Event> recoveries, List<Event> notJudged, Map<Event, Alarm> hits, Map<Event, Alarm> wrongKind,
                  List<Alarm> falseAlarms, double[] millisPerSweep) {
    }

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]XXX");
    private static final String LEAF = "leaf7";
    private static final String FABRIC = "fabric";
    private static final double MATCH_WINDOW_S = 120;
    private static final double EDGE_S = 30;
    /** {@code -Dtwinloop.diag.trace=true} prints every sweep's best hypothesis and the restoration checks. */
    private static final boolean TRACE = Boolean.getBoolean("twinloop.diag.trace");

    private final List<Sweep> dataRate;
    private final List<Sweep> counters;
    private final Map<String, TreeMap<Double, Boolean>> ifaceUp;
    private final List<Event> events;
    private final Map<String, String> bfdPort;

    LeafTelemetryReplay(Path dir) {
        this.dataRate = readDataRate(dir.resolve(
                "Cisco-IOS-XR-infra-statsd-oper__infra-statistics_interfaces_interface_data-rate.csv.gz"));
        this.counters = readCounters(dir.resolve(
                "Cisco-IOS-XR-infra-statsd-oper__infra-statistics_interfaces_interface_generic-counters.csv.gz"));
        this.ifaceUp = readStates(dir.resolve(
                "Cisco-IOS-XR-pfi-im-cmd-oper__interfaces_interface-briefs_interface-brief.csv.gz"), "state", "im-state-up");
        Map<String, TreeMap<Double, Boolean>> bfd = readStates(dir.resolve(
                "Cisco-IOS-XR-ip-bfd-oper__bfd_session-briefs_session-brief.csv.gz"), "state", "bfd-mgmt-session-state-up");
        this.events = readEvents(dir.resolve("events.csv.gz"));
        this.bfdPort = mapBfdEvents(events, bfd);
    }

    /** The sweeps of a source (for counters, one fewer than reports: rates need two). */
    List<Sweep> sweeps(Source source) {
        return source == Source.COUNTERS ? counters : dataRate;
    }

    /** The leaf7 port of the BFD events per {@code device/interface}, from the session telemetry. */
    Map<String, String> bfdPorts() {
        return bfdPort;
    }

    /**
     * Replays every sweep.
     *
     * @param diagnoser the engine
     * @param source    where the rates come from
     * @param useStates whether the interface states go into the observations (else rates only)
     * @param window    sweeps in the trailing median of the twin's traffic matrix
     * @param margin    evidence (score difference to NONE) a hypothesis needs to be suspicious
     * @param confirm   consecutive suspicious sweeps before an alarm
     */
    Result replay(FaultDiagnoser diagnoser, Source source, boolean useStates, int window, double margin, int confirm) {
        List<Sweep> sweeps = sweeps(source);
        Sweep first = sweeps.get(0);
        List<String> ports = first.rates().keySet().stream().filter(p -> stateAt(p, first.time()) == LinkState.UP)
                .sorted(LeafTelemetryReplay::byPortNumber).toList();
        double busiest = ports.stream().map(first.rates()::get).mapToDouble(r -> Math.max(r.inBps(), r.outBps()))
                .max().orElse(0);
        List<String> uplinks = new ArrayList<>();
        List<String> ingress = new ArrayList<>();
        List<String> initiallyDown = new ArrayList<>();
        for (String p : ports) {
            Rates r = first.rates().get(p);
            if (r.inBps() > r.outBps() && r.inBps() >= 0.01 * busiest) {
                ingress.add(p);
            } else {
                uplinks.add(p);
                if (r.outBps() < 0.01 * busiest) {
                    initiallyDown.add(p);
                }
            }
        }
        Network net = twin(first, uplinks, ingress);
        BitSet down = new BitSet();
        initiallyDown.forEach(p -> down.set(net.linkIndex(p)));
        Map<String, Integer> restoreRun = new HashMap<>();
        List<Alarm> alarms = new ArrayList<>();
        String runKey = null;
        int runLen = 0;
        double[] millis = new double[sweeps.size() - 1];
        for (int s = 1; s < sweeps.size(); s++) {
            Sweep sw = sweeps.get(s);
            List<Demand> demands = matrix(sweeps, s, window, ingress);
            List<LinkObservation> obs = new ArrayList<>();
            for (Link l : net.links()) {
                Rates r = sw.rates().get(l.id());
                if (r != null) {
                    LinkState st = useStates ? stateAt(l.id(), sw.time()) : null;
                    obs.add(LinkObservation.of(l.id(), l.dst().equals(LEAF) ? r.inBps() : r.outBps(), st));
                }
            }
            long t0 = System.nanoTime();
            FaultDictionary dict = diagnoser.prepare(net, down, demands);
            Diagnosis d = diagnoser.diagnose(dict, obs, 3);
            millis[s - 1] = (System.nanoTime() - t0) / 1e6;
            Hypothesis best = d.best();
            if (TRACE) {
                System.out.printf(Locale.ROOT, "   trace %s %s %s margin %.1f; down %s%n",
                        Instant.ofEpochSecond((long) sw.time()), best.kind(), best.elements(), d.margin(), down);
            }
            String key = best.kind() == HypothesisKind.NONE || d.margin() < margin ? null : best.kind() + " " + best.elements();
            if (key != null && key.equals(runKey)) {
                runLen++;
            } else {
                runKey = key;
                runLen = 1;
            }
            if (key != null && runLen == confirm) {
                alarms.add(new Alarm(sw.time(), false, best.kind(), best.elements(), best.fitted(), best.explanation()));
                if (best.kind() == HypothesisKind.LINK_DOWN) {
                    best.elements().forEach(id -> down.set(net.linkIndex(id)));
                } else if (best.kind() == HypothesisKind.NODE_DOWN) {
                    for (int i = 0; i < net.links().size(); i++) {
                        Link l = net.links().get(i);
                        if (l.src().equals(best.elements().get(0)) || l.dst().equals(best.elements().get(0))) {
                            down.set(i);
                        }
                    }
                }
                continue;
            }
            // restorations: a port the twin has down that explains the telemetry better when up
            for (int i = down.nextSetBit(0); i >= 0; i = down.nextSetBit(i + 1)) {
                String port = net.links().get(i).id();
                BitSet without = (BitSet) down.clone();
                without.clear(i);
                Diagnosis restored = diagnoser.diagnose(diagnoser.prepare(net, without, demands), obs, 1);
                int run = restored.noneScore() < best.score() - margin ? restoreRun.getOrDefault(port, 0) + 1 : 0;
                if (TRACE) {
                    System.out.printf(Locale.ROOT, "   trace    restore %s: NONE %.1f vs best %.1f%n", port,
                            restored.noneScore(), best.score());
                }
                restoreRun.put(port, run);
                if (run == confirm) {
                    down.clear(i);
                    restoreRun.remove(port);
                    alarms.add(new Alarm(sw.time(), true, HypothesisKind.NONE, List.of(port), Double.NaN,
                            String.format(Locale.ROOT,
                            "port %s restored: with it up the twin explains the telemetry (score %.1f better)", port,
                            best.score() - restored.noneScore())));
                }
            }
        }
        return score(sweeps, alarms, uplinks, ingress, initiallyDown, millis);
    }

    /** Interface names in port order ({@code HundredGigE0/0/0/2} before {@code .../10}). */
    private static int byPortNumber(String a, String b) {
        int c = a.substring(0, a.lastIndexOf('/') + 1).compareTo(b.substring(0, b.lastIndexOf('/') + 1));
        return c != 0 ? c : Integer.compare(lastNumber(a), lastNumber(b));
    }

    private static int lastNumber(String s) {
        try {
            return Integer.parseInt(s.substring(s.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private Result score(List<Sweep> sweeps, List<Alarm> alarms, List<String> uplinks, List<String> ingress,
                         List<String> initiallyDown, double[] millis) {
        double t0 = sweeps.get(0).time();
        double t1 = sweeps.get(sweeps.size() - 1).time() - EDGE_S;
        List<Event> faults = new ArrayList<>();
        List<Event> recoveries = new ArrayList<>();
        List<Event> notJudged = new ArrayList<>();
        for (Event e : events) {
            boolean fault = e.event().equals("shutdown_interface") || e.event().equals("break_bfd");
            boolean recovery = e.event().equals("enable_interface") || e.event().equals("enable_bfd");
            if (!fault && !recovery) {
                continue;
            }
            if (e.time() < t0 || e.time() > t1) {
                notJudged.add(e);
            } else {
                (fault ? faults : recoveries).add(e);
            }
        }
        Map<Event, Alarm> hits = new LinkedHashMap<>();
        Map<Event, Alarm> wrongKind = new LinkedHashMap<>();
        List<Alarm> unmatched = new ArrayList<>(alarms);
        List<Event> judged = new ArrayList<>(faults);
        judged.addAll(recoveries);
        judged.sort((a, b) -> Double.compare(a.time(), b.time()));
        for (Event e : judged) {
            String port = port(e);
            boolean recovery = recoveries.contains(e);
            Alarm hit = null;
            Alarm other = null;
            for (Alarm a : unmatched) {
                if (port == null || !a.elements().contains(port) || a.time() < e.time()
                        || a.time() > e.time() + MATCH_WINDOW_S) {
                    continue;
                }
                if (recovery ? a.restoration() : !a.restoration() && a.kind() == HypothesisKind.LINK_DOWN) {
                    hit = a;
                    break;
                }
                if (!recovery && !a.restoration() && other == null) {
                    other = a;
                }
            }
            if (hit != null) {
                hits.put(e, hit);
                unmatched.remove(hit);
            } else if (other != null) {
                wrongKind.put(e, other);
            }
        }
        return new Result(sweeps.size(), uplinks, ingress, initiallyDown, faults, recoveries, notJudged, hits, wrongKind,
                unmatched, millis);
    }

    /** The leaf7 port an event is about, or null if unknown. */
    String port(Event e) {
        if (e.device().equals(LEAF)) {
            return e.iface();
        }
        return bfdPort.get(e.device() + "/" + e.iface());
    }

    /** The star twin of leaf7 (see the class comment); capacities from the interface bandwidth. */
    private static Network twin(Sweep first, List<String> uplinks, List<String> ingress) {
        List<Node> nodes = new ArrayList<>(List.of(new Node(LEAF), new Node(FABRIC)));
        List<Link> links = new ArrayList<>();
        for (String u : uplinks) {
            links.add(new Link(u, LEAF, FABRIC, first.rates().get(u).bandwidthBps(), 1));
        }
        for (String g : ingress) {
            nodes.add(new Node("host:" + g));
            links.add(new Link(g, "host:" + g, LEAF, first.rates().get(g).bandwidthBps(), 1));
        }
        return new Network("leaf7-star", nodes, links, List.of());
    }

    /** The twin's matrix before sweep {@code s}: per ingress port the median input over the previous {@code window} sweeps. */
    private static List<Demand> matrix(List<Sweep> sweeps, int s, int window, List<String> ingress) {
        List<Demand> out = new ArrayList<>();
        for (String g : ingress) {
            List<Double> in = new ArrayList<>();
            for (int k = Math.max(0, s - window); k < s; k++) {
                Rates r = sweeps.get(k).rates().get(g);
                if (r != null) {
                    in.add(r.inBps());
                }
            }
            double a = median(in);
            if (a > 0) {
                out.add(new Demand("host:" + g, FABRIC, a));
            }
        }
        return out;
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The interface state last reported at or before {@code time}, or null if none yet. */
    private LinkState stateAt(String port, double time) {
        TreeMap<Double, Boolean> m = ifaceUp.get(port);
        Map.Entry<Double, Boolean> e = m == null ? null : m.floorEntry(time);
        return e == null ? null : e.getValue() ? LinkState.UP : LinkState.DOWN;
    }

    /** For every BFD event device/interface, the leaf7 session that changes state just after its events. */
    private static Map<String, String> mapBfdEvents(List<Event> events, Map<String, TreeMap<Double, Boolean>> bfd) {
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        for (Event e : events) {
            boolean brk = e.event().equals("break_bfd");
            if (!brk && !e.event().equals("enable_bfd")) {
                continue;
            }
            for (Map.Entry<String, TreeMap<Double, Boolean>> s : bfd.entrySet()) {
                Boolean before = valueOf(s.getValue().floorEntry(e.time()));
                for (Map.Entry<Double, Boolean> c : s.getValue().subMap(e.time(), true, e.time() + 60, true).entrySet()) {
                    if (c.getValue() == !brk && (before == null || before == brk)) {
                        votes.computeIfAbsent(e.device() + "/" + e.iface(), k -> new TreeMap<>()).merge(s.getKey(), 1,
                                Integer::sum);
                        break;
                    }
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        votes.forEach((k, v) -> v.entrySet().stream().max(Map.Entry.comparingByValue())
                .ifPresent(best -> out.put(k, best.getKey())));
        return out;
    }

    private static Boolean valueOf(Map.Entry<Double, Boolean> e) {
        return e == null ? null : e.getValue();
    }

    private static List<Sweep> readDataRate(Path file) {
        List<String[]> rows = readCsv(file);
        String[] h = rows.get(0);
        int cName = col(h, "interface-name");
        int cIn = col(h, "input-data-rate");
        int cOut = col(h, "output-data-rate");
        int cBw = col(h, "bandwidth");
        List<Sweep> out = new ArrayList<>();
        for (List<String[]> sweep : sweeps(rows, cName)) {
            Map<String, Rates> rates = new LinkedHashMap<>();
            for (String[] r : sweep) {
                // data rates and bandwidth are in kbit/s
                rates.put(r[cName], new Rates(Double.parseDouble(r[cIn]) * 1e3, Double.parseDouble(r[cOut]) * 1e3,
                        Double.parseDouble(r[cBw]) * 1e3));
            }
            out.add(new Sweep(epoch(sweep.get(0)[0]), Map.copyOf(rates)));
        }
        return out;
    }

    /**
     * Per sweep after the first, each interface's rates from its byte counters since its previous
     * report, by {@link CounterRateConverter} (times in ns, 64-bit counters, IOS-XR's
     * {@code last-discontinuity-time} as the reset marker): an interface is in a sweep only when both
     * its counters gave a rate, so a reset, wrap-less backward step or duplicate leaves it silent.
     */
    private static List<Sweep> readCounters(Path file) {
        List<String[]> rows = readCsv(file);
        String[] h = rows.get(0);
        int cName = col(h, "interface-name");
        int cIn = col(h, "bytes-received");
        int cOut = col(h, "bytes-sent");
        int cDisc = col(h, "last-discontinuity-time");
        double[] got = new double[2]; // the in and out rates of the row being read, NaN if none
        CounterRateConverter rates = new CounterRateConverter(RateConfig.of(TimeUnit.NANOSECONDS), null,
                (key, start, end, rate) -> got[key.kind() == CounterKind.IN_OCTETS ? 0 : 1] = rate);
        Map<String, CounterKey[]> keys = new HashMap<>();
        List<Sweep> out = new ArrayList<>();
        for (List<String[]> sweep : sweeps(rows, cName)) {
            Map<String, Rates> sweepRates = new LinkedHashMap<>();
            for (String[] r : sweep) {
                long t = epochNanos(r[0]);
                long disc = Long.parseLong(r[cDisc]);
                CounterKey[] k = keys.computeIfAbsent(r[cName], n -> new CounterKey[] {
                        CounterKey.of(LEAF, n, CounterKind.IN_OCTETS), CounterKey.of(LEAF, n, CounterKind.OUT_OCTETS)});
                got[0] = Double.NaN;
                got[1] = Double.NaN;
                rates.accept(k[0], t, r[cIn], CounterWidth.BITS_64, disc);
                rates.accept(k[1], t, r[cOut], CounterWidth.BITS_64, disc);
                if (!Double.isNaN(got[0]) && !Double.isNaN(got[1])) {
                    // bandwidth is not in this collection; 100 Gbit/s ports (HundredGigE)
                    sweepRates.put(r[cName], new Rates(got[0], got[1], 100e9));
                }
            }
            if (!sweepRates.isEmpty()) {
                out.add(new Sweep(epoch(sweep.get(0)[0]), Map.copyOf(sweepRates)));
            }
        }
        return out;
    }

    /** Consecutive rows until an interface repeats: one telemetry sweep. */
    private static List<List<String[]>> sweeps(List<String[]> rows, int cName) {
        List<List<String[]>> out = new ArrayList<>();
        List<String[]> cur = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] r = rows.get(i);
            if (!seen.add(r[cName])) {
                out.add(cur);
                cur = new ArrayList<>();
                seen.clear();
                seen.add(r[cName]);
            }
            cur.add(r);
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static Map<String, TreeMap<Double, Boolean>> readStates(Path file, String stateCol, String upValue) {
        List<String[]> rows = readCsv(file);
        String[] h = rows.get(0);
        int cName = col(h, "interface-name");
        int cState = col(h, stateCol);
        Map<String, TreeMap<Double, Boolean>> out = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.computeIfAbsent(r[cName], k -> new TreeMap<>()).put(epoch(r[0]), r[cState].equals(upValue));
        }
        return out;
    }

    private static List<Event> readEvents(Path file) {
        List<String[]> rows = readCsv(file);
        List<Event> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] r = rows.get(i);
            out.add(new Event(Double.parseDouble(r[0]), r[1], r.length > 3 ? r[3] : "", r.length > 4 ? r[4] : ""));
        }
        return out;
    }

    private static int col(String[] header, String name) {
        int i = Arrays.asList(header).indexOf(name);
        if (i < 0) {
            throw new IllegalStateException("column " + name + " not found in " + Arrays.toString(header));
        }
        return i;
    }

    /** A gzip CSV without quoted fields (checked: the files of this data set have none). */
    private static List<String[]> readCsv(Path file) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            List<String[]> out = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.indexOf('"') >= 0) {
                    throw new IllegalStateException(file + ": quoted CSV fields are not supported: " + line);
                }
                out.add(line.split(",", -1));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long epochNanos(String ts) {
        OffsetDateTime t = OffsetDateTime.parse(ts, TS);
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static double epoch(String ts) {
        OffsetDateTime t = OffsetDateTime.parse(ts, TS);
        return t.toEpochSecond() + t.getNano() / 1e9;
    }
}
