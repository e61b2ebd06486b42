package io.twinloop.bench;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.twinloop.platform.web.PrometheusCounters;
import io.twinloop.proto.common.v1.Demand;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.forecast.v1.ForecastStep;
import io.twinloop.proto.forecast.v1.QuantileSeries;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.RoundStatus;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageTiming;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Optimization rounds end to end, without an LLM, on GEANT: the four packaged services on loopback
 * ({@link LoopbackStack}), the SNDlib GEANT topology and its measured 15-minute traffic series imported
 * through the twin's gRPC API, then rounds through the gateway's {@code RunRound}.
 *
 * <p>A round is the gateway's whole loop: <b>observe</b> (the twin's latest version, and the KPIs of the
 * round's traffic row routed on it), <b>forecast</b> (p50 and p90 of the next interval from the history up
 * to the row; seasonal naive, as no model is trained), <b>plan</b> (the planner's IGP weight search and TE
 * optimizer on p90 and observed traffic; no LLM is configured, so "optimizer only"), <b>verify</b> (the
 * no-op plan and every candidate simulated by the twin under the observed, p50 and p90 traffic and
 * checked against the guardrails), <b>apply</b> (skipped in dry-run) and <b>record</b> (stored in the
 * gateway's H2 round history). The recorded {@code RECORD} timing ends before the store write, so the
 * write shows up in "outside the stages" (client latency minus the sum of the stage timings), together
 * with the gRPC transport between the client and the gateway.
 *
 * <p>What is measured: {@code --warmup} unmeasured rounds, then {@code --rounds} dry-run rounds in a row,
 * each on its own traffic row (from {@code --first-row} up; rows wrap after the last), timed by the
 * client, with each round's own stage timings ({@code Round.timings}). Before the first measured round
 * and after every {@code --sample-every} rounds, each service JVM gets a full GC and its heap, metaspace,
 * RSS and thread count are read ({@link JvmMemoryProbe}); the twin's own count of the gRPC calls it
 * received ({@value #TWIN_CALLS_METRIC} on its {@code /q/metrics}, by method) is read before the first and
 * after the last measured round, giving the twin calls per round of the gateway, the forecaster and the
 * planner together; the least-squares slope of the post-GC heap
 * over the last {@code --slope-window} rounds tells whether a service's memory grows with rounds.
 * Then {@code --profile} rows are timed RPC by RPC from the client (the calls a round makes, made
 * directly), and {@code --auto} rounds run in auto mode (plans are applied, so the network changes).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.twinloop.bench.RoundBenchmark [--rounds 100] [--warmup 10]
 *     [--sample-every 10] [--slope-window 80] [--first-row 105] [--auto 10] [--profile 20]
 *     [--service-jvm "-Xmx384m -XX:+UseSerialGC"] [--gateway-jvm "-Xms384m -Xmx384m -XX:+UseSerialGC"]
 *     [--json bench/target/round-bench.json] [--keep]
 * </pre>
 * Exits 1 when a round fails.
 */
public final class RoundBenchmark {
    static final String NETWORK = "geant";
    private static final String TOPOLOGY = "topologies/sndlib/geant.xml";
    private static final String TRAFFIC = "traffic/geant/geant_sndlib_15min_20050504-20050506.csv";
    private static final List<Stage> STAGES = List.of(Stage.STAGE_OBSERVE, Stage.STAGE_FORECAST, Stage.STAGE_PLAN,
            Stage.STAGE_VERIFY, Stage.STAGE_APPLY, Stage.STAGE_RECORD);
    /** The forecaster's history window for 15-minute rows: one week plus one day (forecast-service README). */
    private static final int FORECAST_WINDOW_ROWS = 8 * 96;
    /** The twin's counter of gRPC request messages received, by method (one per unary call). */
    static final String TWIN_CALLS_METRIC = "grpc_server_requests_received_messages_total";
    /** Default JVM options of the twin, forecaster and planner: EndToEndIT's. */
    private static final String DEFAULT_JVM = "-Xmx384m -XX:+UseSerialGC";
    /**
     * Default JVM options of the gateway: EndToEndIT's, with the initial heap set too, so that its heap does not
     * depend on the machine's memory (the JVM's default initial heap is 1/64 of it: 378 MiB on the 23 GB machine
     * of bench/README.md, 64 MiB on a 4 GB one).
     */
    private static final String DEFAULT_GATEWAY_JVM = "-Xms384m -Xmx384m -XX:+UseSerialGC";
    /** A service's memory "grows" when the fitted post-GC heap growth per 100 rounds exceeds this share of -Xmx. */
    static final double GROWTH_LIMIT_OF_MAX_HEAP = 0.01;

    private RoundBenchmark() {
    }

    /** One round as the client saw it. */
    record RoundResult(String phase, int index, int row, double latencyMs, String status, Map<Stage, Double> stageMs,
                       int candidates, int verified, String chosen, double mluBefore, double mluAfter,
                       String forecastMethod, String llmStatus, List<String> degradations, long appliedVersion,
                       String error) {
        double stageSumMs() {
            return stageMs.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        boolean ok() {
            return error.isEmpty();
        }
    }

    /** A memory reading of one service after {@code round} measured rounds. */
    record MemoryPoint(int round, JvmMemoryProbe.Reading reading) {
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path root = repoRoot();
        Path data = SharedDataDir.resolve();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", Instant.now().toString());
        json.put("machine", machine());
        System.out.printf(Locale.ROOT, "# round benchmark: %s%n", machine());

        Map<String, List<String>> jvm = new LinkedHashMap<>();
        for (String s : LoopbackStack.SERVICES) {
            jvm.put(s, List.of((s.equals("gateway") ? o.gatewayJvm : o.serviceJvm).trim().split("\\s+")));
        }
        long startNs = System.nanoTime();
        boolean failed;
        try (LoopbackStack stack = LoopbackStack.start(root, jvm, 180, o.keep)) {
            double startS = (System.nanoTime() - startNs) / 1e9;
            System.out.printf(Locale.ROOT, "# four services SERVING %.1f s after launch; data and logs in %s%s%n", startS,
                    stack.work(), o.keep ? " (kept)" : " (deleted at the end)");
            List<Map<String, Object>> jvmJson = new ArrayList<>();
            for (LoopbackStack.Service s : stack.services()) {
                JvmMemoryProbe.HeapFlags f = JvmMemoryProbe.heapFlags(s.pid());
                System.out.printf(Locale.ROOT, "#   %-16s pid %-7d port %-5d %s -> InitialHeapSize %s, MaxHeapSize %s, %s%n",
                        s.name(), s.pid(), s.port(), String.join(" ", s.jvmArgs()), mib(f.initialHeapBytes()),
                        mib(f.maxHeapBytes()), f.gc());
                jvmJson.add(map("service", s.name(), "pid", s.pid(), "port", s.port(), "jvmArgs", s.jvmArgs(),
                        "initialHeapBytes", f.initialHeapBytes(), "maxHeapBytes", f.maxHeapBytes(), "gc", f.gc()));
            }
            json.put("startSeconds", startS);
            json.put("jvms", jvmJson);
            failed = run(o, stack, data, json);
            json.put("dataDirBytes", sizeOf(stack.work().resolve("data")));
            json.put("gatewayStoreBytes", sizeOf(stack.work().resolve("data/gateway")));
            System.out.printf(Locale.ROOT, "# data directory after the runs: %s (gateway round store %s)%n",
                    mib(sizeOf(stack.work().resolve("data"))), mib(sizeOf(stack.work().resolve("data/gateway"))));
            if (failed) {
                for (LoopbackStack.Service s : stack.services()) {
                    System.err.println("--- " + s.name() + " log tail ---\n" + LoopbackStack.tail(s.log(), 2000));
                }
            }
        }
        json.put("loadAfter", loadAverage());
        Path out = o.json != null ? o.json : root.resolve("bench/target/round-bench.json");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(json) + "\n");
        System.out.printf(Locale.ROOT, "# results: %s; load after run: %s%n", out, loadAverage());
        if (failed) {
            System.exit(1);
        }
    }

    private static boolean run(Options o, LoopbackStack stack, Path data, Map<String, Object> json) throws Exception {
        TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(stack.channel("twin-service"));
        GatewayServiceGrpc.GatewayServiceBlockingStub gateway = GatewayServiceGrpc.newBlockingStub(stack.channel("gateway"));

        int rows = importGeant(twin, data, json);
        if (o.firstRow >= rows) {
            throw new IllegalArgumentException("--first-row " + o.firstRow + " is past the series' " + rows + " rows");
        }
        RowCursor rowsCursor = new RowCursor(o.firstRow, rows);

        // warm-up
        List<RoundResult> warm = new ArrayList<>();
        for (int i = 0; i < o.warmup; i++) {
            warm.add(round(gateway, "warmup", i, rowsCursor.next(), RoundMode.ROUND_MODE_DRY_RUN));
        }
        if (!warm.isEmpty()) {
            double[] w = warm.stream().filter(RoundResult::ok).mapToDouble(RoundResult::latencyMs).toArray();
            System.out.printf(Locale.ROOT, "# warm-up: %d rounds, first %.0f ms, last %.0f ms%n", warm.size(),
                    warm.get(0).latencyMs(), warm.get(warm.size() - 1).latencyMs());
            json.put("warmupLatencyMs", w);
        }

        // measured dry-run series with memory samples
        Map<String, List<MemoryPoint>> memory = new LinkedHashMap<>();
        Map<String, Long> histogramBefore = JvmMemoryProbe.histogram(stack.service("gateway").pid(), 60);
        sample(stack, memory, 0);
        Map<String, Double> twinCallsBefore = twinCalls(stack);
        List<RoundResult> measured = new ArrayList<>();
        int firstMeasuredRow = rowsCursor.peek();
        for (int i = 1; i <= o.rounds; i++) {
            measured.add(round(gateway, "dry-run", i, rowsCursor.next(), RoundMode.ROUND_MODE_DRY_RUN));
            if (i % o.sampleEvery == 0 || i == o.rounds) {
                sample(stack, memory, i);
            }
        }
        Map<String, Double> twinCallsAfter = twinCalls(stack);
        Map<String, Long> histogramAfter = JvmMemoryProbe.histogram(stack.service("gateway").pid(), 60);
        int lastMeasuredRow = measured.stream().mapToInt(RoundResult::row).max().orElse(firstMeasuredRow);
        long distinctRows = measured.stream().mapToInt(RoundResult::row).distinct().count();

        System.out.printf(Locale.ROOT, "%n== %d dry-run rounds in a row on GEANT, traffic rows %d..%d (%d distinct%s), no LLM%n",
                o.rounds, measured.stream().mapToInt(RoundResult::row).min().orElse(firstMeasuredRow), lastMeasuredRow, distinctRows,
                rowsCursor.wrapped() ? "; the rows wrapped to --first-row " + o.firstRow + " after the last" : "");
        Map<String, Object> dry = report(measured);
        dry.put("firstRow", firstMeasuredRow);
        dry.put("lastRow", lastMeasuredRow);
        dry.put("distinctRows", distinctRows);
        json.put("dryRun", dry);
        json.put("twinCallsPerRound", twinCallsReport(twinCallsBefore, twinCallsAfter, measured.size()));
        json.put("memory", memoryReport(stack, memory, o));
        json.put("gatewayHistogramGrowth", histogramGrowth(histogramBefore, histogramAfter));

        if (o.profile > 0) {
            json.put("profile", profile(stack, o.profile, firstMeasuredRow, rows));
        }

        List<RoundResult> auto = new ArrayList<>();
        if (o.auto > 0) {
            for (int i = 1; i <= o.auto; i++) {
                auto.add(round(gateway, "auto", i, rowsCursor.next(), RoundMode.ROUND_MODE_AUTO));
            }
            long applied = auto.stream().filter(r -> r.status().equals("APPLIED")).count();
            System.out.printf(Locale.ROOT, "%n== %d auto rounds (rows %d..%d): %d applied a plan (a new version each)%n",
                    o.auto, auto.get(0).row(), auto.get(auto.size() - 1).row(), applied);
            Map<String, Object> a = report(auto);
            a.put("applied", applied);
            json.put("auto", a);
        }
        json.put("rounds", Stream.of(warm, measured, auto).flatMap(List::stream).map(RoundBenchmark::roundJson).toList());
        List<RoundResult> failures = Stream.of(warm, measured, auto).flatMap(List::stream).filter(r -> !r.ok()).toList();
        for (RoundResult r : failures) {
            System.err.printf(Locale.ROOT, "FAILED %s round %d (row %d): %s%n", r.phase(), r.index(), r.row(), r.error());
        }
        return !failures.isEmpty();
    }

    /**
     * Imports the SNDlib GEANT topology and its measured 15-minute traffic series into the twin as network
     * {@value #NETWORK}, prints what was imported and puts it under "network" in {@code json}.
     *
     * @return the number of rows of the traffic series
     */
    static int importGeant(TwinServiceGrpc.TwinServiceBlockingStub twin, Path data, Map<String, Object> json)
            throws IOException {
        Path topo = data.resolve(TOPOLOGY);
        Path csv = data.resolve(TRAFFIC);
        ImportTopologyResponse imported = twin.withDeadlineAfter(60, TimeUnit.SECONDS).importTopology(
                ImportTopologyRequest.newBuilder().setNetwork(NETWORK).setFileName(topo.getFileName().toString())
                        .setContent(ByteString.copyFrom(Files.readAllBytes(topo))).setReason("round benchmark")
                        .setAuthor("round-bench").build());
        ImportTrafficResponse traffic = twin.withDeadlineAfter(60, TimeUnit.SECONDS).importTraffic(
                ImportTrafficRequest.newBuilder().setNetwork(NETWORK).setFileName(csv.getFileName().toString()).setReplace(true)
                        .setCsvContent(ByteString.copyFrom(Files.readAllBytes(csv))).build());
        int rows = traffic.getSamples();
        System.out.printf(Locale.ROOT, "# imported %s: %d nodes, %d directed links (version %d); traffic %s: %d rows "
                        + "(%d missing), %d OD pairs, %s .. %s%n", TOPOLOGY, imported.getNodes(), imported.getLinks(),
                imported.getVersion(), TRAFFIC, rows, traffic.getMissingSamples(), traffic.getOdPairs(),
                traffic.getFirstTime(), traffic.getLastTime());
        json.put("network", map("name", NETWORK, "topology", TOPOLOGY, "nodes", imported.getNodes(),
                "links", imported.getLinks(), "traffic", TRAFFIC, "rows", rows, "missingRows", traffic.getMissingSamples(),
                "odPairs", traffic.getOdPairs()));
        return rows;
    }

    /** Runs one round through the gateway and times it from the client. */
    private static RoundResult round(GatewayServiceGrpc.GatewayServiceBlockingStub gateway, String phase, int index, int row,
                                     RoundMode mode) {
        RunRoundRequest req = RunRoundRequest.newBuilder().setNetwork(NETWORK).setMode(mode)
                .setTraffic(TrafficSelector.newBuilder().setRow(row)).setRequestedBy("round-bench").build();
        long t0 = System.nanoTime();
        try {
            Round r = gateway.withDeadlineAfter(120, TimeUnit.SECONDS).runRound(req).getRound();
            double ms = (System.nanoTime() - t0) / 1e6;
            Map<Stage, Double> stages = new EnumMap<>(Stage.class);
            for (StageTiming t : r.getTimingsList()) {
                stages.merge(t.getStage(), t.getDurationMs(), Double::sum);
            }
            int verified = (int) r.getCandidatesList().stream().filter(CandidateRecord::getVerified).count();
            String error = r.getStatus() == RoundStatus.ROUND_STATUS_FAILED ? "round FAILED: " + r.getError() : "";
            return new RoundResult(phase, index, row, ms, r.getStatus().name().replace("ROUND_STATUS_", ""), stages,
                    r.getCandidatesCount(), verified, r.getChosenCandidateId(), r.getKpisBefore().getMaxLinkUtilization(),
                    r.getKpisAfter().getMaxLinkUtilization(), r.getForecastMethod(), r.getLlmStatus(),
                    r.getDegradationsList(), r.getAppliedVersion(), error);
        } catch (StatusRuntimeException e) {
            double ms = (System.nanoTime() - t0) / 1e6;
            return new RoundResult(phase, index, row, ms, "ERROR", Map.of(), 0, 0, "", 0, 0, "", "", List.of(), 0,
                    e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        }
    }

    /** The twin's gRPC calls received so far, by method: its own count, so every caller's calls are in it. */
    static Map<String, Double> twinCalls(LoopbackStack stack) throws IOException, InterruptedException {
        return PrometheusCounters.sumBy(PrometheusCounters.scrape("http://127.0.0.1:" + stack.service("twin-service").port()),
                TWIN_CALLS_METRIC, "method", Map.of("service", "twinloop.twin.v1.TwinService"));
    }

    /**
     * Prints and returns the twin's calls per round between two readings of its counter, by method: the
     * gateway's, the forecaster's and the planner's alike (the twin counts every call it receives).
     * {@code ListNetworks} is the forecaster's periodic health refresh, not a round's call: it is shown but
     * left out of the round's total.
     */
    private static Map<String, Object> twinCallsReport(Map<String, Double> before, Map<String, Double> after, int rounds) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (rounds == 0) {
            return out;
        }
        Map<String, Double> delta = PrometheusCounters.delta(before, after);
        System.out.printf(Locale.ROOT, "twin calls per round (the twin's %s, %d rounds):%n", TWIN_CALLS_METRIC, rounds);
        double total = 0;
        Map<String, Object> byMethod = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : delta.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            double perRound = e.getValue() / rounds;
            boolean background = e.getKey().equals("ListNetworks");
            total += background ? 0 : perRound;
            byMethod.put(e.getKey(), perRound);
            System.out.printf(Locale.ROOT, "  %-24s %6.2f%s%n", e.getKey(), perRound,
                    background ? "  (the forecaster's health refresh; not counted)" : "");
        }
        System.out.printf(Locale.ROOT, "  %-24s %6.2f%n", "total", total);
        out.put("rounds", rounds);
        out.put("byMethod", byMethod);
        out.put("total", total);
        return out;
    }

    /** Prints and returns the latency distribution and the per-stage breakdown of successful rounds. */
    private static Map<String, Object> report(List<RoundResult> rounds) {
        List<RoundResult> ok = rounds.stream().filter(RoundResult::ok).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rounds", rounds.size());
        out.put("failed", rounds.size() - ok.size());
        if (ok.isEmpty()) {
            return out;
        }
        double[] lat = ok.stream().mapToDouble(RoundResult::latencyMs).toArray();
        Map<String, Object> latency = quantiles(lat);
        out.put("latencyMs", latency);
        System.out.printf(Locale.ROOT, "client latency per round, ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  "
                        + "(mean %.1f, min %.1f, n %d)%n", latency.get("p50"), latency.get("p90"), latency.get("p99"),
                latency.get("max"), latency.get("mean"), latency.get("min"), lat.length);
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s %9s%n", "stage (Round.timings)", "p50 ms", "p90 ms", "max ms",
                "mean ms");
        Map<String, Object> stages = new LinkedHashMap<>();
        for (Stage s : STAGES) {
            double[] v = ok.stream().mapToDouble(r -> r.stageMs().getOrDefault(s, 0.0)).toArray();
            Map<String, Object> q = quantiles(v);
            stages.put(s.name().replace("STAGE_", "").toLowerCase(Locale.ROOT), q);
            System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f %9.1f%n", s.name().replace("STAGE_", "").toLowerCase(Locale.ROOT),
                    q.get("p50"), q.get("p90"), q.get("max"), q.get("mean"));
        }
        double[] sum = ok.stream().mapToDouble(RoundResult::stageSumMs).toArray();
        double[] outside = ok.stream().mapToDouble(r -> r.latencyMs() - r.stageSumMs()).toArray();
        Map<String, Object> qs = quantiles(sum);
        Map<String, Object> qo = quantiles(outside);
        stages.put("sumOfStages", qs);
        stages.put("outsideStages", qo);
        out.put("stagesMs", stages);
        System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f %9.1f%n", "sum of the stages", qs.get("p50"), qs.get("p90"),
                qs.get("max"), qs.get("mean"));
        System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f %9.1f%n", "outside (gRPC to gateway + store write)",
                qo.get("p50"), qo.get("p90"), qo.get("max"), qo.get("mean"));

        Map<String, Long> statuses = count(ok, RoundResult::status);
        Map<String, Long> methods = count(ok, r -> r.forecastMethod().isEmpty() ? "(none)" : r.forecastMethod());
        Map<String, Long> llm = count(ok, RoundResult::llmStatus);
        Map<String, Long> degradations = new TreeMap<>();
        ok.forEach(r -> r.degradations().forEach(d -> degradations.merge(d, 1L, Long::sum)));
        Map<String, Long> candidates = count(ok, r -> r.candidates() + " candidates, " + r.verified() + " verified");
        out.put("statuses", statuses);
        out.put("forecastMethods", methods);
        out.put("llmStatus", llm);
        out.put("degradations", degradations);
        out.put("candidates", candidates);
        double[] before = ok.stream().mapToDouble(RoundResult::mluBefore).toArray();
        double[] after = ok.stream().mapToDouble(RoundResult::mluAfter).toArray();
        out.put("mluBefore", quantiles(before));
        out.put("mluAfter", quantiles(after));
        System.out.printf(Locale.ROOT, "statuses %s; forecast %s; LLM %s%n", statuses, methods, llm);
        System.out.printf(Locale.ROOT, "candidates per round %s%n", candidates);
        System.out.printf(Locale.ROOT, "MLU of the round's traffic row before -> after the chosen plan (median): %.3f -> %.3f%n",
                (double) quantiles(before).get("p50"), (double) quantiles(after).get("p50"));
        if (!degradations.isEmpty()) {
            System.out.printf(Locale.ROOT, "degradations %s%n", degradations);
        }
        return out;
    }

    private static void sample(LoopbackStack stack, Map<String, List<MemoryPoint>> memory, int round)
            throws IOException, InterruptedException {
        for (LoopbackStack.Service s : stack.services()) {
            memory.computeIfAbsent(s.name(), k -> new ArrayList<>())
                    .add(new MemoryPoint(round, JvmMemoryProbe.afterFullGc(s.pid())));
        }
    }

    /** Prints the memory series and the least-squares growth per round of each service. */
    private static Map<String, Object> memoryReport(LoopbackStack stack, Map<String, List<MemoryPoint>> memory, Options o)
            throws IOException, InterruptedException {
        List<Integer> rounds = memory.values().iterator().next().stream().map(MemoryPoint::round).toList();
        int from = Math.max(0, o.rounds - o.slopeWindow);
        System.out.printf(Locale.ROOT, "%nmemory after a forced full GC (jcmd GC.run; GC.heap_info), MiB, after N measured rounds%n");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s", "service", "N ="));
        rounds.forEach(r -> head.append(String.format(Locale.ROOT, " %7d", r)));
        System.out.println(head);
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<MemoryPoint>> e : memory.entrySet()) {
            List<MemoryPoint> pts = e.getValue();
            row(e.getKey(), "heap used", pts, p -> p.reading().heapUsedBytes());
            row("", "RSS", pts, p -> p.reading().rssBytes());
            row("", "metaspace", pts, p -> p.reading().metaspaceUsedBytes());
            StringBuilder threads = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s", "", "threads"));
            pts.forEach(p -> threads.append(String.format(Locale.ROOT, " %7d", p.reading().threads())));
            System.out.println(threads);

            List<MemoryPoint> window = pts.stream().filter(p -> p.round() >= from).toList();
            double heapSlope = slope(window, p -> p.reading().heapUsedBytes());
            double rssSlope = slope(window, p -> p.reading().rssBytes());
            long maxHeap = JvmMemoryProbe.heapFlags(stack.service(e.getKey()).pid()).maxHeapBytes();
            double growth100 = heapSlope * 100;
            boolean grows = growth100 > GROWTH_LIMIT_OF_MAX_HEAP * maxHeap;
            MemoryPoint first = window.get(0);
            MemoryPoint last = window.get(window.size() - 1);
            String verdict = String.format(Locale.ROOT,
                    "%-16s post-GC heap slope over rounds %d..%d: %+,.0f bytes/round (%+.2f MiB per 100 rounds = %.2f %% of "
                            + "-Xmx %s; limit %.0f %%) -> %s; first/last %s/%s; RSS slope %+,.0f bytes/round",
                    e.getKey(), first.round(), last.round(), heapSlope, growth100 / (1 << 20), 100 * growth100 / maxHeap,
                    mib(maxHeap), 100 * GROWTH_LIMIT_OF_MAX_HEAP, grows ? "GROWS" : "no growth", mib(first.reading().heapUsedBytes()),
                    mib(last.reading().heapUsedBytes()), rssSlope);
            verdicts.add(verdict);
            out.put(e.getKey(), map(
                    "rounds", pts.stream().map(MemoryPoint::round).toList(),
                    "heapUsedBytes", pts.stream().map(p -> p.reading().heapUsedBytes()).toList(),
                    "heapCommittedBytes", pts.stream().map(p -> p.reading().heapCommittedBytes()).toList(),
                    "metaspaceUsedBytes", pts.stream().map(p -> p.reading().metaspaceUsedBytes()).toList(),
                    "rssBytes", pts.stream().map(p -> p.reading().rssBytes()).toList(),
                    "threads", pts.stream().map(p -> p.reading().threads()).toList(),
                    "slopeFromRound", first.round(),
                    "heapSlopeBytesPerRound", heapSlope,
                    "rssSlopeBytesPerRound", rssSlope,
                    "maxHeapBytes", maxHeap,
                    "heapGrowthPer100RoundsShareOfMaxHeap", growth100 / maxHeap,
                    "grows", grows));
        }
        System.out.println();
        verdicts.forEach(System.out::println);
        return out;
    }

    /** Classes of the gateway whose live bytes grew most between the first and the last sample. */
    private static Map<String, Long> histogramGrowth(Map<String, Long> before, Map<String, Long> after) {
        Set<String> classes = new LinkedHashSet<>(after.keySet());
        classes.addAll(before.keySet());
        Map<String, Long> growth = new LinkedHashMap<>();
        classes.stream()
                .sorted((a, b) -> Long.compare(after.getOrDefault(b, 0L) - before.getOrDefault(b, 0L),
                        after.getOrDefault(a, 0L) - before.getOrDefault(a, 0L)))
                .limit(8)
                .forEach(c -> growth.put(c, after.getOrDefault(c, 0L) - before.getOrDefault(c, 0L)));
        System.out.printf(Locale.ROOT, "gateway: live bytes per class, largest changes from before the first to after the "
                + "last measured round (GC.class_histogram, 60 largest classes each): %s%n", growth);
        return growth;
    }

    /**
     * Times, from the client, the RPCs a round makes, on {@code n} rows: the twin's GetNetwork,
     * Simulate of the row, GetTrafficHistory of the row, the forecaster's Forecast, the planner's
     * Propose (with the gateway's inputs) and the twin's Simulate of a matrix with the best candidate's plan; and,
     * to split the forecast's time, the history the forecaster reads from the twin for it.
     */
    private static Map<String, Object> profile(LoopbackStack stack, int n, int firstRow, int rows) {
        TwinServiceGrpc.TwinServiceBlockingStub twin = TwinServiceGrpc.newBlockingStub(stack.channel("twin-service"));
        ForecastServiceGrpc.ForecastServiceBlockingStub forecast =
                ForecastServiceGrpc.newBlockingStub(stack.channel("forecast-service"));
        PlannerServiceGrpc.PlannerServiceBlockingStub planner =
                PlannerServiceGrpc.newBlockingStub(stack.channel("planner-service"));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Long> candidates = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int row = firstRow + i % Math.max(1, rows - firstRow);
            GetNetworkResponse net = timed(times, "twin GetNetwork", () -> twin.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getNetwork(GetNetworkRequest.newBuilder().setNetwork(NETWORK).build()));
            timed(times, "twin Simulate (row)", () -> twin.withDeadlineAfter(30, TimeUnit.SECONDS).simulate(
                    SimulateRequest.newBuilder().setNetwork(NETWORK).setVersion(net.getVersion())
                            .setTraffic(TrafficSelector.newBuilder().setRow(row)).build()));
            TrafficMatrix observed = timed(times, "twin GetTrafficHistory (1 row)", () -> twin
                    .withDeadlineAfter(30, TimeUnit.SECONDS).getTrafficHistory(GetTrafficHistoryRequest.newBuilder()
                            .setNetwork(NETWORK).setFromRow(row).setToRow(row + 1).build())).getSamples(0);
            ForecastResponse f = timed(times, "forecast Forecast (p50, p90)", () -> forecast
                    .withDeadlineAfter(30, TimeUnit.SECONDS).forecast(ForecastRequest.newBuilder().setNetwork(NETWORK)
                            .setHorizonSteps(1).addQuantiles(0.5).addQuantiles(0.9).setHistoryEndRow(row).build()));
            // what the forecaster reads from the twin for that forecast: one week plus one day of rows up to the row
            int from = Math.max(0, row + 1 - FORECAST_WINDOW_ROWS);
            timed(times, "twin GetTrafficHistory (forecast window)", () -> twin.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getTrafficHistory(GetTrafficHistoryRequest.newBuilder().setNetwork(NETWORK).setFromRow(from)
                            .setToRow(row + 1).setLimit(row + 1 - from).build()));
            TrafficMatrix p50 = quantile(f, 0.5);
            TrafficMatrix p90 = quantile(f, 0.9);
            ProposeResponse proposed = timed(times, "planner Propose", () -> planner.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .propose(ProposeRequest.newBuilder().setNetwork(NETWORK).setVersion(net.getVersion()).setTraffic(p50)
                            .addTrafficSamples(observed).addTrafficSamples(p90)
                            .setGuardrails(Guardrails.newBuilder().setMaxLinkUtilization(1.0).setMaxChanges(10))
                            .setUseLlm(true).build()));
            candidates.merge(proposed.getCandidatesList().stream().map(Candidate::getId).collect(Collectors.joining(",")),
                    1L, Long::sum);
            Plan plan = proposed.getCandidatesList().stream().map(Candidate::getPlan)
                    .filter(p -> p.getActionsCount() > 0).findFirst().orElse(Plan.getDefaultInstance());
            timed(times, "twin Simulate (matrix + plan)", () -> twin.withDeadlineAfter(30, TimeUnit.SECONDS).simulate(
                    SimulateRequest.newBuilder().setNetwork(NETWORK).setVersion(net.getVersion()).setPlan(plan)
                            .setTraffic(TrafficSelector.newBuilder().setMatrix(p90)).build()));
        }
        System.out.printf(Locale.ROOT, "%n== the round's RPCs called directly from the client, %d rows from %d (ms)%n", n,
                firstRow);
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %9s%n", "call", "p50", "p90", "max");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            Map<String, Object> q = quantiles(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
            out.put(e.getKey(), q);
            System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f%n", e.getKey(), q.get("p50"), q.get("p90"), q.get("max"));
        }
        System.out.printf(Locale.ROOT, "planner candidates: %s%n", candidates);
        out.put("plannerCandidates", candidates);
        return out;
    }

    private static <T> T timed(Map<String, List<Double>> times, String what, Supplier<T> call) {
        long t0 = System.nanoTime();
        T v = call.get();
        times.computeIfAbsent(what, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
        return v;
    }

    /** Step 1 of a forecast at quantile {@code q}, as a matrix (the gateway's p50; with one step also its p90). */
    private static TrafficMatrix quantile(ForecastResponse f, double q) {
        TrafficMatrix.Builder b = TrafficMatrix.newBuilder();
        for (ForecastStep step : f.getStepsList()) {
            if (step.getStep() != 1) {
                continue;
            }
            b.setTime(step.getTime());
            for (QuantileSeries s : step.getQuantilesList()) {
                if (Math.abs(s.getQuantile() - q) < 1e-9) {
                    for (int i = 0; i < s.getRateBpsCount() && i < f.getOdPairsCount(); i++) {
                        if (s.getRateBps(i) > 0) {
                            b.addDemands(Demand.newBuilder().setSrc(f.getOdPairs(i).getSrc()).setDst(f.getOdPairs(i).getDst())
                                    .setRateBps(s.getRateBps(i)));
                        }
                    }
                }
            }
        }
        return b.build();
    }

    // ---- statistics and output

    /** Nearest-rank percentiles (p99 of 100 values is the 99th smallest), mean, min and max. */
    static Map<String, Object> quantiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("n", v.length);
        if (v.length == 0) {
            return q;
        }
        q.put("p50", rank(v, 50));
        q.put("p90", rank(v, 90));
        q.put("p99", rank(v, 99));
        q.put("max", v[v.length - 1]);
        q.put("min", v[0]);
        q.put("mean", Arrays.stream(v).average().orElse(0));
        return q;
    }

    private static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Least-squares slope of y over the points' round numbers. */
    static double slope(List<MemoryPoint> pts, java.util.function.ToLongFunction<MemoryPoint> y) {
        if (pts.size() < 2) {
            return 0;
        }
        double mx = pts.stream().mapToDouble(MemoryPoint::round).average().orElse(0);
        double my = pts.stream().mapToDouble(y::applyAsLong).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (MemoryPoint p : pts) {
            sxy += (p.round() - mx) * (y.applyAsLong(p) - my);
            sxx += (p.round() - mx) * (p.round() - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static void row(String service, String what, List<MemoryPoint> pts,
                            java.util.function.ToLongFunction<MemoryPoint> value) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-10s", service, what));
        pts.forEach(p -> sb.append(String.format(Locale.ROOT, " %7.1f", value.applyAsLong(p) / (double) (1 << 20))));
        System.out.println(sb);
    }

    private static Map<String, Object> roundJson(RoundResult r) {
        Map<String, Object> stages = new LinkedHashMap<>();
        r.stageMs().forEach((s, ms) -> stages.put(s.name().replace("STAGE_", "").toLowerCase(Locale.ROOT), ms));
        return map("phase", r.phase(), "index", r.index(), "row", r.row(), "latencyMs", r.latencyMs(), "status", r.status(),
                "stagesMs", stages, "candidates", r.candidates(), "verified", r.verified(), "chosen", r.chosen(),
                "mluBefore", r.mluBefore(), "mluAfter", r.mluAfter(), "forecastMethod", r.forecastMethod(),
                "appliedVersion", r.appliedVersion(), "error", r.error());
    }

    private static <T> Map<String, Long> count(List<T> items, java.util.function.Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.runtime.version")
                + ", load average " + loadAverage();
    }

    static String loadAverage() {
        return ProcStat.loadAverage();
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("bench/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from inside the repository (no bench/pom.xml above " + Path.of("").toAbsolutePath() + ")");
    }

    /** Traffic rows, one after another from a first row, wrapping to it after the last. */
    static final class RowCursor {
        private final int first;
        private final int rows;
        private int next;
        private boolean wrapped;

        RowCursor(int first, int rows) {
            this.first = first;
            this.rows = rows;
            this.next = first;
        }

        int peek() {
            return next;
        }

        int next() {
            int r = next;
            next = next + 1 < rows ? next + 1 : first;
            wrapped |= next == first;
            return r;
        }

        boolean wrapped() {
            return wrapped;
        }
    }

    /** Command-line options; see the class comment. */
    private static final class Options {
        int rounds = 100;
        int warmup = 10;
        int sampleEvery = 10;
        int slopeWindow = 80;
        /**
         * Rows 0 and 1 are missing measurements; from row 105 on, the history up to the row holds the 10 one-step
         * seasonal-naive residuals the forecaster needs for quantiles (before it, p90 = p50 and the round says so).
         */
        int firstRow = 105;
        int auto = 10;
        int profile = 20;
        String serviceJvm = DEFAULT_JVM;
        String gatewayJvm = DEFAULT_GATEWAY_JVM;
        Path json;
        boolean keep;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--keep")) {
                    o.keep = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--rounds" -> o.rounds = Integer.parseInt(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--sample-every" -> o.sampleEvery = Integer.parseInt(v);
                    case "--slope-window" -> o.slopeWindow = Integer.parseInt(v);
                    case "--first-row" -> o.firstRow = Integer.parseInt(v);
                    case "--auto" -> o.auto = Integer.parseInt(v);
                    case "--profile" -> o.profile = Integer.parseInt(v);
                    case "--service-jvm" -> o.serviceJvm = v;
                    case "--gateway-jvm" -> o.gatewayJvm = v;
                    case "--json" -> o.json = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown argument " + a + "; use --rounds N --warmup N "
                            + "--sample-every N --slope-window N --first-row N --auto N --profile N --service-jvm OPTS "
                            + "--gateway-jvm OPTS --json FILE --keep");
                }
            }
            if (o.rounds < 1 || o.warmup < 0 || o.sampleEvery < 1 || o.slopeWindow < 1 || o.firstRow < 0 || o.auto < 0
                    || o.profile < 0) {
                throw new IllegalArgumentException("--rounds, --sample-every and --slope-window must be >= 1; "
                        + "--warmup, --first-row, --auto and --profile >= 0");
            }
            return o;
        }
    }

    /** A minimal JSON writer for maps, lists, arrays, numbers, strings and booleans. */
    static final class Json {
        private Json() {
        }

        static String write(Object v) {
            StringBuilder sb = new StringBuilder();
            write(sb, v, "");
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object v, String indent) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(indent).append("  ");
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), indent + "  ");
                    sb.append(++i < m.size() ? ",\n" : "\n");
                }
                sb.append(indent).append('}');
            } else if (v instanceof List<?> l) {
                boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (!flat) {
                        sb.append('\n').append(indent).append("  ");
                    }
                    write(sb, l.get(i), indent + "  ");
                    if (i + 1 < l.size()) {
                        sb.append(flat ? ", " : ",");
                    }
                }
                if (!flat && !l.isEmpty()) {
                    sb.append('\n').append(indent);
                }
                sb.append(']');
            } else if (v instanceof double[] d) {
                write(sb, Arrays.stream(d).boxed().toList(), indent);
            } else if (v instanceof Double d) {
                sb.append(Double.isFinite(d) ? new java.math.BigDecimal(d).round(new java.math.MathContext(7))
                        .stripTrailingZeros().toPlainString() : "null");
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, v.toString());
            }
        }

        private static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
