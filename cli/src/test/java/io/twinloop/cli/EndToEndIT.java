package io.twinloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.cli.PackagedStack.Result;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TopologyImporters;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts the four packaged services as separate JVMs on free ports, then drives them through
 * the packaged CLI jar exactly as a user would: import a real topology and traffic series,
 * simulate, run rounds in dry-run and auto mode, run the demo, and feed it bad input; then look
 * at the gateway's dashboard in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static PackagedStack stack;
    private static Path root;
    private static Path work;
    private static OtlpReceiver otlp;

    @BeforeAll
    static void startStack() throws Exception {
        otlp = new OtlpReceiver();
        // traces of every service go to the test's own OTLP receiver
        stack = PackagedStack.start("twinloop-e2e", Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlp.endpoint(),
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"), List.of());
        root = stack.root;
        work = stack.work;
        PORTS.putAll(stack.ports);
    }

    @AfterAll
    static void stopStack() throws InterruptedException {
        if (stack != null) {
            stack.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    @Order(1)
    void realNetworkSimulatesExactlyAndRoundsVerifyAndApply() throws Exception {
        Path data = sharedData();
        Path topo = data.resolve("topologies/sndlib/abilene.xml");
        Path csv = data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv");

        Result imported = cli("import", "abilene", topo.toString(), "--json");
        assertEquals(0, imported.exit(), imported.err());
        JsonNode imp = JSON.readTree(imported.out());
        assertEquals(1, imp.get("version").asLong());
        assertEquals(12, imp.get("nodes").asInt());
        assertEquals(30, imp.get("links").asInt());

        Result traffic = cli("traffic", "abilene", csv.toString());
        assertEquals(0, traffic.exit(), traffic.err());

        // The twin's loads equal the model kernel run here on the same files, link by link.
        int row = 600;
        Result sim = cli("simulate", "abilene", "--at", Integer.toString(row), "--json");
        assertEquals(0, sim.exit(), sim.err());
        JsonNode s = JSON.readTree(sim.out());
        assertEquals("abilene", s.get("network").asText());
        assertEquals(1, s.get("version").asLong());
        Network network = TopologyImporters.read(topo);
        TrafficSeries series = TrafficCsvImporter.read(csv);
        RoutingResult expected = new EcmpRouter(network).route(series.demandsAt(row));
        Map<String, JsonNode> byId = new HashMap<>();
        s.get("links").forEach(l -> byId.put(l.get("id").asText(), l));
        assertEquals(network.links().size(), byId.size());
        double mlu = 0;
        for (int i = 0; i < network.links().size(); i++) {
            Link l = network.links().get(i);
            JsonNode got = byId.get(l.id());
            assertEquals(l.src(), got.get("src").asText());
            assertEquals(l.dst(), got.get("dst").asText());
            assertEquals(l.capacityBps(), got.get("capacityBps").asDouble(), 1e-6);
            assertEquals(expected.loadBps()[i], got.get("loadBps").asDouble(), 1e-6 * Math.max(1, expected.loadBps()[i]));
            mlu = Math.max(mlu, expected.loadBps()[i] / l.capacityBps());
        }
        assertEquals(mlu, s.get("kpis").get("maxLinkUtilization").asDouble(), 1e-9);

        // A dry run changes nothing. At 6-20 % utilisation the network is idle: under the default worth rule
        // (act only above the target utilisation 0.5) the round keeps today's configuration.
        Result dry = cli("round", "abilene", "--mode", "dry-run", "--at", Integer.toString(row), "--json");
        assertEquals(0, dry.exit(), dry.err());
        JsonNode d = JSON.readTree(dry.out());
        assertEquals(1, d.get("baseVersion").asLong());
        assertEquals(0, d.get("appliedVersion").asLong());
        assertEquals(mlu, d.get("kpisBefore").get("maxLinkUtilization").asDouble(), 1e-9);
        assertTrue(d.get("candidates").size() >= 1, "the planner proposed no candidate: " + dry.out());
        assertEquals("seasonal-naive", d.get("forecastMethod").asText());
        assertEquals("ROUND_STATUS_COMPLETED", d.get("status").asText(), "an idle network was churned: " + dry.out());

        // With a target below today's worst case, an auto round applies a verified plan as a new version.
        Result policy = cli("policy", "abilene", "--target-utilization", "0.05", "--min-gain-per-change", "0.02");
        assertEquals(0, policy.exit(), policy.err());
        Result auto = cli("round", "abilene", "--mode", "auto", "--at", Integer.toString(row), "--json");
        assertEquals(0, auto.exit(), auto.err());
        JsonNode a = JSON.readTree(auto.out());
        assertEquals("ROUND_STATUS_APPLIED", a.get("status").asText(), auto.out());
        assertEquals(2, a.get("appliedVersion").asLong());
        Result after = cli("simulate", "abilene", "--at", Integer.toString(row), "--json");
        JsonNode af = JSON.readTree(after.out());
        assertEquals(2, af.get("version").asLong());
        assertEquals(a.get("kpisAfter").get("maxLinkUtilization").asDouble(),
                af.get("kpis").get("maxLinkUtilization").asDouble(), 1e-9);
        assertTrue(af.get("kpis").get("maxLinkUtilization").asDouble() < mlu);
        // churn of version 2 against version 1: the links whose weight the applied plan moved off 1 (Abilene's)
        JsonNode churn = JSON.readTree(cli("simulate", "abilene", "--at", Integer.toString(row), "--churn-base", "1",
                "--json").out());
        // (and the OD pairs the plan gives a path policy: Abilene has none)
        java.util.Map<String, Double> finalWeight = new java.util.HashMap<>();
        java.util.Set<String> policies = new java.util.HashSet<>();
        for (JsonNode c : a.get("candidates")) {
            if (c.get("id").asText().equals(a.get("chosenCandidateId").asText())) {
                for (JsonNode act : c.get("plan").get("actions")) {
                    JsonNode w = act.get("setLinkWeight");
                    JsonNode p = act.get("setPathPolicy");
                    if (w != null) {
                        finalWeight.put(w.get("linkId").asText(), w.get("igpWeight").asDouble());
                    } else {
                        policies.add(p.get("src").asText() + "->" + p.get("dst").asText());
                    }
                }
            }
        }
        long moved = finalWeight.values().stream().filter(w -> w != 1.0).count() + policies.size();
        assertTrue(moved > 0, a.toString());
        assertEquals(moved, churn.get("kpis").get("churn").asLong(), churn.toString());
        Result rounds = cli("rounds", "abilene", "--json");
        assertEquals(2, JSON.readTree(rounds.out()).get("rounds").size());

        // N-1 sweep: 15 physical links and 12 nodes, worst first, each worse than or equal to no failure.
        Result sweep = cli("sweep", "abilene", "--at", Integer.toString(row), "--kinds", "link,node", "--json");
        assertEquals(0, sweep.exit(), sweep.err());
        JsonNode sw = JSON.readTree(sweep.out());
        assertEquals(27, sw.get("scenarios").asInt());
        double baselineMlu = sw.get("baselineKpis").get("maxLinkUtilization").asDouble();
        assertTrue(sw.get("worstByMlu").get(0).get("kpis").get("maxLinkUtilization").asDouble() >= baselineMlu - 1e-12);

        // Telemetry: valid samples are kept, an unknown link is named, a DOWN link makes a new version.
        String up = network.links().get(0).id();
        String downLink = network.links().get(1).id();
        Path telemetry = work.resolve("telemetry.csv");
        Files.writeString(telemetry, "time,link,rate_bps,drops_pps,oper_state\n"
                + "2004-03-01T00:00:00Z," + up + ",1000000,0,up\n"
                + "2004-03-01T00:00:10Z,no-such-link,5,0,up\n"
                + "1078099220000," + downLink + ",0,0,down\n");
        Result tel = cli("telemetry", "abilene", telemetry.toString(), "--json");
        assertEquals(13, tel.exit(), "a rejected sample exits non-zero: " + tel.out() + tel.err());
        assertTrue(tel.err().contains("1 unknown link (no-such-link)"), tel.err());
        JsonNode t = JSON.readTree(tel.out());
        assertEquals(2, t.get("accepted").asInt());
        assertEquals(1, t.get("rejected").asInt());
        assertEquals(1, t.get("rejections").get("unknownLink").asInt());
        assertEquals("no-such-link", t.get("unknownLinkIds").get(0).asText());
        assertEquals(1, t.get("stateChanges").asInt());
        // the same file again: nothing stored twice, no state change
        JsonNode again = JSON.readTree(cli("telemetry", "abilene", telemetry.toString(), "--json").out());
        assertEquals(0, again.get("accepted").asInt());
        assertEquals(2, again.get("duplicates").asInt());
        assertEquals(0, again.get("stateChanges").asInt());
        JsonNode now = JSON.readTree(cli("simulate", "abilene", "--at", Integer.toString(row), "--json").out());
        long latest = now.get("version").asLong();
        for (JsonNode l : now.get("links")) {
            if (l.get("id").asText().equals(downLink)) {
                assertEquals(0.0, l.get("loadBps").asDouble(), "a link telemetry saw down carries nothing");
            }
        }
        Result diff = cli("diff", "abilene", "1", Long.toString(latest), "--json");
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains(downLink), diff.out());

        // a malformed line after 12,000 good ones (more than the twin commits at a time): refused with its
        // line number, and nothing of the file stored
        long t1 = 1078185600000L; // 2004-03-02, no sample of the test before
        StringBuilder lines = new StringBuilder("time,link,rate_bps,drops_pps,oper_state\n");
        for (int i = 0; i < 12_000; i++) {
            lines.append(t1 + i * 10L).append(',').append(up).append(",1000000,0,\n");
        }
        lines.append(t1 + 120_000).append(',').append(up).append(",lots,0,\n");
        Files.writeString(telemetry, lines);
        Result malformed = cli("telemetry", "abilene", telemetry.toString());
        assertEquals(2, malformed.exit(), malformed.out() + malformed.err());
        assertTrue(malformed.err().contains("line 12002"), malformed.err());
        assertEquals(0, storedSamples(up, t1, t1 + 200_000), "nothing of a malformed file is stored");
        // an unknown network: NOT_FOUND, and the CLI says what is stored
        Files.writeString(telemetry, "time,link,rate_bps\n" + t1 + "," + up + ",1000000\n");
        Result lost = cli("telemetry", "no-such-network", telemetry.toString());
        assertEquals(4, lost.exit(), lost.out() + lost.err());
        assertTrue(lost.err().contains("nothing of " + telemetry + " was stored"), lost.err());
        Result ok = cli("telemetry", "abilene", telemetry.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertEquals(1, storedSamples(up, t1, t1 + 200_000));
    }

    /** Samples the twin holds for {@code link} of abilene in [from, to], read over gRPC. */
    private static int storedSamples(String link, long from, long to) throws InterruptedException {
        io.grpc.ManagedChannel ch = io.grpc.ManagedChannelBuilder.forAddress("localhost",
                stack.ports.get("twin-service")).usePlaintext().build();
        try {
            return io.twinloop.proto.twin.v1.TwinServiceGrpc.newBlockingStub(ch).getTelemetry(
                    io.twinloop.proto.twin.v1.GetTelemetryRequest.newBuilder().setNetwork("abilene").addLinkIds(link)
                            .setFromUnixMs(from).setToUnixMs(to).setLimit(100_000).build()).getSamplesCount();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(2)
    void demoRunsRoundsThatLowerTheBusiestHourMlu() throws Exception {
        Result demo = cli("demo", "--rounds", "2");
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("MLU BEFORE -> AFTER"), demo.out());
        // the first round's row of the demo's table: # ROUND MODE STATUS TRAFFIC "before% -> after%" ACTIONS timings
        Matcher first = Pattern.compile("(?m)^1\\s+(\\S+)\\s+\\S+\\s+(\\S+)\\s+(?:row \\d+|-)\\s+([0-9.]+)%\\s+->\\s+([0-9.]+)%\\s+(\\d+)\\s")
                .matcher(demo.out());
        assertTrue(first.find(), "no row for the first round:\n" + demo.out());
        assertEquals("APPLIED", first.group(2), "the first demo round applied no plan:\n" + demo.out());
        assertTrue(Double.parseDouble(first.group(4)) < Double.parseDouble(first.group(3)),
                "the first demo round did not lower the MLU:\n" + demo.out());
        int actions = Integer.parseInt(first.group(5));
        assertTrue(actions > 0, "the first demo round applied an empty plan:\n" + demo.out());

        // the same round as the gateway recorded it: applied as a new version, with exactly those actions
        Result listed = cli("rounds", "demo", "--json");
        assertEquals(0, listed.exit(), listed.err());
        JsonNode round = null;
        for (JsonNode r : JSON.readTree(listed.out()).get("rounds")) {
            if (r.get("id").asText().equals(first.group(1))) {
                round = r;
            }
        }
        assertTrue(round != null, "round " + first.group(1) + " not listed: " + listed.out());
        assertEquals("ROUND_STATUS_APPLIED", round.get("status").asText(), round.toString());
        assertTrue(round.get("appliedVersion").asLong() > round.get("baseVersion").asLong(), round.toString());
        assertTrue(round.get("kpisAfter").get("maxLinkUtilization").asDouble()
                < round.get("kpisBefore").get("maxLinkUtilization").asDouble(), round.toString());
        JsonNode chosen = null;
        for (JsonNode c : round.get("candidates")) {
            if (c.get("id").asText().equals(round.get("chosenCandidateId").asText())) {
                chosen = c;
            }
        }
        assertTrue(chosen != null, "no chosen candidate: " + round);
        assertEquals(actions, chosen.get("plan").get("actions").size(), chosen.toString());
    }

    @Test
    @Order(3)
    void badInputGetsAClearErrorAndStoresNothing() throws Exception {
        Path truncated = work.resolve("truncated.xml");
        Files.writeString(truncated, "<?xml version=\"1.0\"?><network xmlns=\"http://sndlib.zib.de/network\"><networkStructure><nodes>");
        Result bad = cli("import", "broken", truncated.toString());
        assertEquals(3, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("INVALID_ARGUMENT"), bad.err());
        Result sim = cli("simulate", "broken");
        assertEquals(4, sim.exit(), "a failed import must store nothing: " + sim.out() + sim.err());
        assertTrue(sim.err().contains("NOT_FOUND"), sim.err());
        Result round = cli("round", "no-such-network");
        assertEquals(4, round.exit(), round.err());
    }

    @Test
    @Order(4)
    void forecastTrainPredictAndBacktestOnRealTraffic() throws Exception {
        // Abilene was loaded by test 1: 2016 five-minute rows of 132 OD pairs
        Result trained = cli("forecast", "train", "abilene", "--epochs", "2", "--seed", "11", "--json");
        assertEquals(0, trained.exit(), trained.err() + logs());
        JsonNode m = JSON.readTree(trained.out());
        assertEquals("abilene", m.get("name").asText());
        assertEquals(1, m.get("version").asInt());
        assertEquals(132, m.get("odPairs").asInt());
        assertEquals(2016, m.get("trainRows").asInt());
        assertEquals(300, m.get("stepSeconds").asInt());

        Result predicted = cli("forecast", "predict", "abilene", "--model", "abilene", "--horizon", "3", "--json");
        assertEquals(0, predicted.exit(), predicted.err());
        JsonNode p = JSON.readTree(predicted.out());
        assertEquals("abilene", p.get("model").asText());
        // by default the model serves unless a baseline beat it on its validation rows
        JsonNode byDefault = JSON.readTree(cli("forecast", "predict", "abilene", "--json").out());
        assertEquals(m.get("beatenBy").asText().isEmpty() ? "abilene" : "", byDefault.get("model").asText(),
                byDefault.toString());
        assertEquals(3, p.get("steps").size());
        assertEquals(132, p.get("steps").get(0).get("quantiles").get(0).get("rateBps").size());

        Path predictions = work.resolve("predictions.csv");
        Result bt = cli("forecast", "backtest", "abilene", "--split", "20040306-0000", "--horizon", "1",
                "--methods", "model,last-value", "--epochs", "2", "--predictions-out", predictions.toString(), "--json");
        assertEquals(0, bt.exit(), bt.err());
        JsonNode b = JSON.readTree(bt.out());
        assertEquals(5 * 288, b.get("splitRow").asInt(), "five days of 5-minute rows before the split");
        assertEquals(2, b.get("methods").size());
        TrafficSeries rows = TrafficCsvImporter.read(predictions);
        assertEquals(b.get("testOrigins").asInt(), rows.size());
        assertEquals(132, rows.pairs().size());
        assertEquals("20040306-0000", rows.samples().get(0).time(), "the first predicted interval is the split");

        Result models = cli("forecast", "models", "abilene", "--json");
        assertEquals(0, models.exit(), models.err());
        assertEquals(1, JSON.readTree(models.out()).get("models").size());
    }

    @Test
    @Order(5)
    void optimizeFindsAPlanTheTwinVerifiesAndRejectsWhatCannotBeMet() throws Exception {
        int row = 600;
        JsonNode now = JSON.readTree(cli("simulate", "abilene", "--at", Integer.toString(row), "--json").out());
        Result opt = cli("optimize", "abilene", "--at", Integer.toString(row), "--objective", "min-mlu", "--json");
        assertEquals(0, opt.exit(), opt.err());
        JsonNode o = JSON.readTree(opt.out());
        assertEquals(30, o.get("links").size());
        assertTrue(o.get("kpis").get("maxLinkUtilization").asDouble()
                <= now.get("kpis").get("maxLinkUtilization").asDouble() + 1e-9, o.get("kpis").toString());
        for (JsonNode split : o.get("splits")) {
            double sum = 0;
            for (JsonNode p : split.get("paths")) {
                sum += p.get("fraction").asDouble();
            }
            assertEquals(1.0, sum, 1e-9, split.toString());
        }
        assertTrue(o.get("plan").has("actions") || o.get("plan").size() == 0);

        Result impossible = cli("optimize", "abilene", "--at", Integer.toString(row), "--objective", "min-power",
                "--constraint", "mlu<=0.001");
        assertEquals(5, impossible.exit(), impossible.out() + impossible.err());
        assertTrue(impossible.err().contains("FAILED_PRECONDITION"), impossible.err());
        Result unknown = cli("optimize", "abilene", "--objective", "fastest");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("min-power"), unknown.err());

        // the Pareto front of MLU and latency: simulated plans, sorted by MLU, each one faster than the last
        Result front = cli("optimize", "abilene", "--at", Integer.toString(row), "--pareto", "mlu,latency", "--points", "3",
                "--json");
        assertEquals(0, front.exit(), front.err());
        JsonNode f = JSON.readTree(front.out());
        assertTrue(f.get("points").size() >= 1, f.toString());
        for (int i = 0; i < f.get("points").size(); i++) {
            JsonNode p = f.get("points").get(i);
            assertEquals(p.get("kpis").get("maxLinkUtilization").asDouble(), p.get("mlu").asDouble(), 1e-9);
            assertEquals(p.get("kpis").get("meanLatencyMs").asDouble(), p.get("latency").asDouble(), 1e-9);
            if (i > 0) {
                JsonNode q = f.get("points").get(i - 1);
                assertTrue(p.get("mlu").asDouble() >= q.get("mlu").asDouble()
                        && p.get("latency").asDouble() < q.get("latency").asDouble(), f.toString());
            }
        }
        // earlier tests left node ATLAM5 cut off: energy planning keeps routed what is routed and goes on
        Result power = cli("optimize", "abilene", "--at", Integer.toString(row), "--pareto", "mlu,power", "--points", "3");
        assertEquals(0, power.exit(), power.out() + power.err());
        assertTrue(power.out().contains("Pareto front of mlu and power"), power.out());
        // diagnosis: the twin's own loads, as telemetry, are explained by "no fault"; bad files are refused
        com.fasterxml.jackson.databind.node.ObjectNode obs = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode ls = obs.putArray("links");
        for (JsonNode l : now.get("links")) {
            ls.addObject().put("src", l.get("src").asText()).put("dst", l.get("dst").asText())
                    .put("loadBps", l.path("loadBps").asDouble());
        }
        Path obsFile = Files.createTempFile("observed", ".json");
        Files.writeString(obsFile, obs.toString());
        Result diag = cli("diagnose", "abilene", "--observed", obsFile.toString(), "--at", Integer.toString(row), "--json");
        assertEquals(0, diag.exit(), diag.err());
        JsonNode dj = JSON.readTree(diag.out());
        assertEquals("NO_FAULT", dj.get("hypotheses").get(0).get("kind").asText(), dj.toString());
        Files.writeString(obsFile, "{\"links\": [{\"src\": \"nowhere\", \"dst\": \"ATLAng\", \"loadBps\": 5}]}");
        Result badDiag = cli("diagnose", "abilene", "--observed", obsFile.toString());
        assertEquals(3, badDiag.exit(), badDiag.out() + badDiag.err());
        assertTrue(badDiag.err().contains("nowhere"), badDiag.err());

        Result sameAxes = cli("optimize", "abilene", "--pareto", "mlu,mlu");
        assertEquals(2, sameAxes.exit(), sameAxes.out() + sameAxes.err());
    }

    @Test
    @Order(20)
    void aRoundIsOneTraceAcrossTheFourServices() throws Exception {
        sharedData();
        Result r = cli("round", "abilene", "--mode", "dry-run", "--json");
        assertEquals(0, r.exit(), r.err());
        String roundId = JSON.readTree(r.out()).path("id").asText();
        assertTrue(!roundId.isEmpty(), r.out());
        // the exporters batch every 200 ms: wait for the round's spans from all four services
        java.util.Set<String> services = java.util.Set.of();
        String trace = null;
        for (int i = 0; i < 100; i++) {
            List<OtlpReceiver.Span> spans = otlp.spans();
            // the newest RunRound server span of the gateway is this round's
            trace = spans.stream().filter(s -> s.service().contains("gateway") && s.name().endsWith("GatewayService/RunRound"))
                    .reduce((a, b) -> b).map(OtlpReceiver.Span::traceId).orElse(null);
            String t = trace;
            services = spans.stream().filter(s -> s.traceId().equals(t)).map(OtlpReceiver.Span::service)
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
            if (services.size() >= 4) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(trace != null, "no RunRound span reached the collector; spans: " + otlp.spans().size());
        assertEquals(java.util.Set.of("twinloop-gateway", "twinloop-twin-service", "twinloop-forecast-service",
                "twinloop-planner-service"), services, "services in the round's trace " + trace);
        String t = trace;
        List<OtlpReceiver.Span> inTrace = otlp.spans().stream().filter(s -> s.traceId().equals(t)).toList();
        java.util.Set<String> ids = inTrace.stream().map(OtlpReceiver.Span::spanId).collect(java.util.stream.Collectors.toSet());
        // one tree: every span but the root has its parent in the trace
        assertEquals(1, inTrace.stream().filter(s -> s.parentId().isEmpty() || !ids.contains(s.parentId())).count(),
                "the trace is not one tree: " + inTrace);
        assertTrue(inTrace.stream().anyMatch(s -> s.service().equals("twinloop-twin-service")
                && s.name().endsWith("TwinService/Simulate")), "the twin's Simulate spans are in the trace");
        assertTrue(inTrace.stream().anyMatch(s -> s.service().equals("twinloop-planner-service")
                && s.name().endsWith("PlannerService/Propose")), "the planner's Propose span is in the trace");
    }

    @Test
    @Order(6)
    void dashboardDrawsTheNetworkAndItsRoundsInHeadlessChromium() throws Exception {
        Path data = sharedData();
        Path browser = chromium();
        Network network = TopologyImporters.read(data.resolve("topologies/sndlib/abilene.xml"));
        // One more round, in approve mode: pending when the planner finds a plan worth applying.
        Result approve = cli("round", "abilene", "--mode", "approve", "--at", "600", "--json");
        assertEquals(0, approve.exit(), approve.err());
        String base = "http://127.0.0.1:" + PORTS.get("gateway");
        // And a dry run on a given matrix marked as estimated from link counters (row 600's demands, so that the
        // charts stay like the other rounds'): the list tags it.
        StringBuilder demands = new StringBuilder();
        for (var d : TrafficCsvImporter.read(data.resolve("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"))
                .demandsAt(600)) {
            demands.append(demands.isEmpty() ? "" : ", ").append("{\"src\": \"").append(d.src()).append("\", \"dst\": \"")
                    .append(d.dst()).append("\", \"rateBps\": ").append(d.rateBps()).append('}');
        }
        JsonNode onEstimate = JSON.readTree(httpPost(base + "/api/v1/rounds", "{\"network\": \"abilene\", "
                + "\"mode\": \"ROUND_MODE_DRY_RUN\", \"traffic\": {\"matrix\": {\"estimated\": true, \"fitError\": 0.034, "
                + "\"demands\": [" + demands + "]}}}"));
        assertTrue(onEstimate.get("trafficEstimated").asBoolean(), onEstimate.toString());
        String estimatedId = onEstimate.get("id").asText();
        String table = cli("rounds", "abilene", "--limit", "500").out();
        List<String> tagged = table.lines().filter(l -> l.contains(" est. ")).toList();
        assertEquals(1, tagged.size(), table);
        assertTrue(tagged.get(0).contains(estimatedId) && tagged.get(0).contains(" est. 3.4% "), table);
        JsonNode rounds = JSON.readTree(cli("rounds", "abilene", "--limit", "500", "--json").out()).get("rounds");
        int withKpis = 0;
        int pending = 0;
        for (JsonNode r : rounds) {
            withKpis += r.has("kpisBefore") ? 1 : 0;
            pending += r.get("status").asText().equals("ROUND_STATUS_PENDING_APPROVAL") ? 1 : 0;
        }
        assertTrue(withKpis >= 3, "test 1's two rounds and this one have KPIs: " + rounds);

        String url = base + "/?network=abilene";
        Result dump = browser(browser, "--dump-dom", url);
        assertEquals(0, dump.exit(), "chromium --dump-dom failed:\n" + dump.err());
        Document dom = Jsoup.parse(dump.out());
        assertEquals("1", dom.body().attr("data-ready"), "the dashboard did not finish rendering; message: "
                + dom.select("#message").text() + "\n" + dump.out());

        // One line per directed link of the file, one circle per node, drawn from the twin's topology.
        Elements links = dom.select("svg#topology line.link");
        assertEquals(network.links().size(), links.size());
        assertEquals(network.nodes().size(), dom.select("svg#topology circle.node").size());
        Set<String> fileIds = new HashSet<>();
        network.links().forEach(l -> fileIds.add(l.id()));
        Set<String> drawnIds = new HashSet<>(links.eachAttr("data-id"));
        assertEquals(fileIds, drawnIds);
        Set<String> fileNodes = new HashSet<>();
        network.nodes().forEach(n -> fileNodes.add(n.name()));
        assertEquals(fileNodes, new HashSet<>(dom.select("svg#topology circle.node").eachAttr("data-name")));

        // Each link's colour-coded utilisation is the REST view's, which simulates the latest version and sample.
        JsonNode topology = JSON.readTree(httpGet(base + "/api/v1/networks/abilene/topology"));
        Map<String, JsonNode> apiLinks = new HashMap<>();
        topology.get("links").forEach(l -> apiLinks.put(l.get("id").asText(), l));
        for (Element line : links) {
            JsonNode l = apiLinks.get(line.attr("data-id"));
            assertTrue(l.get("utilization").isNumber(), "Abilene has traffic, so every link has a utilisation: " + l);
            assertEquals(l.get("utilization").asDouble(), Double.parseDouble(line.attr("data-utilization")), 1e-12);
            assertEquals(l.get("src").asText(), line.attr("data-src"));
        }

        // One point per round with KPIs in each chart; one table row per round; buttons on pending rounds.
        for (String chart : List.of("chart-mlu", "chart-latency", "chart-power")) {
            assertEquals(withKpis, dom.select("svg#" + chart + " circle.point").size(), chart);
        }
        assertEquals(rounds.size(), dom.select("#rounds tr.round").size());
        assertEquals(pending, dom.select("#rounds button.approve").size());
        assertEquals(pending, dom.select("#rounds button.reject").size());
        // the round on an estimated matrix, and only it, is tagged in the list with its fit
        Elements estimated = dom.select("#rounds tr.round span.estimated");
        assertEquals(1, estimated.size(), dom.select("#rounds").outerHtml());
        assertEquals("est. 3.4 %", estimated.get(0).text());
        assertEquals(estimatedId, estimated.get(0).closest("tr.round").attr("data-round-id"));
        assertEquals("given est. 3.4 %", estimated.get(0).closest("td").text());
        JsonNode networks = JSON.readTree(httpGet(base + "/api/v1/networks")).get("networks");
        assertEquals(networks.size(), dom.select("select#network option").size());

        // A screenshot for people to look at; it must show a rendered page, not a blank one.
        Path png = root.resolve("cli/target/dashboard.png");
        Files.deleteIfExists(png);
        Result shot = browser(browser, "--screenshot=" + png, "--window-size=1400,1000", url);
        assertEquals(0, shot.exit(), "chromium --screenshot failed:\n" + shot.err());
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        assertEquals(1000, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "the screenshot looks blank: " + colours.size() + " colours");
    }

    @Test
    @Order(21)
    void policiesAndSchedulesThroughTheCli() throws Exception {
        sharedData();
        Result set = cli("policy", "abilene", "--max-changes", "4", "--json");
        assertEquals(0, set.exit(), set.err());
        assertEquals(4, JSON.readTree(set.out()).get("guardrails").get("maxChanges").asInt());
        JsonNode shown = JSON.readTree(cli("policy", "abilene", "--json").out());
        assertEquals(4, shown.get("guardrails").get("maxChanges").asInt());
        assertTrue(shown.get("updatedUnixMs").asLong() > 0);
        // a round without its own max-changes takes the network's
        JsonNode round = JSON.readTree(cli("round", "abilene", "--mode", "dry-run", "--json").out());
        assertEquals(4, round.get("guardrails").get("maxChanges").asInt());

        Result tooOften = cli("schedule", "abilene", "--every", "5s");
        assertEquals(3, tooOften.exit(), tooOften.out() + tooOften.err());
        assertTrue(tooOften.err().contains("interval"), tooOften.err());
        Result sched = cli("schedule", "abilene", "--every", "10s", "--json");
        assertEquals(0, sched.exit(), sched.err());
        assertEquals(10, JSON.readTree(sched.out()).get("intervalSeconds").asLong());
        assertTrue(cli("schedule", "list", "--json").out().contains("\"abilene\""));
        // the first scheduled round comes about 10 s later
        JsonNode scheduled = null;
        for (int i = 0; i < 60 && scheduled == null; i++) {
            for (JsonNode r : JSON.readTree(cli("rounds", "abilene", "--limit", "5", "--json").out()).get("rounds")) {
                if (r.get("trigger").asText().equals("ROUND_TRIGGER_SCHEDULE")) {
                    scheduled = r;
                }
            }
            if (scheduled == null) {
                Thread.sleep(500);
            }
        }
        assertTrue(scheduled != null, "no scheduled round within 30 s");
        assertEquals("schedule every 10 s", scheduled.get("triggerDetail").asText());
        assertEquals(0, cli("schedule", "abilene", "--off").exit());
        assertEquals(4, cli("schedule", "abilene", "--off").exit(), "a second --off finds no schedule");
        assertEquals(0, cli("policy", "abilene", "--max-changes", "0").exit());
    }

    private static Path sharedData() {
        Path data = Path.of(System.getProperty("twinloop.shared.data", "../shared/data"));
        boolean present = Files.isDirectory(data);
        if (!present && "1".equals(System.getenv("TWINLOOP_REQUIRE_SHARED_DATA"))) {
            throw new AssertionError("shared data required (TWINLOOP_REQUIRE_SHARED_DATA=1) but not found at " + data);
        }
        if (!present) {
            System.err.println("*** SKIPPING: shared data not found at " + data.toAbsolutePath() + " ***");
        }
        assumeTrue(present, "shared data not found at " + data + "; skipping");
        return data;
    }

    /**
     * Debian's Chromium, for the dashboard test. Missing: the test is skipped, loudly, unless
     * TWINLOOP_REQUIRE_CHROMIUM=1 (CI), which makes it a failure.
     */
    private static Path chromium() {
        String override = System.getenv("TWINLOOP_CHROMIUM");
        Path found = null;
        for (String candidate : new String[]{override, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (candidate != null && !candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                found = Path.of(candidate);
                break;
            }
        }
        if (found == null && "1".equals(System.getenv("TWINLOOP_REQUIRE_CHROMIUM"))) {
            throw new AssertionError("Chromium required (TWINLOOP_REQUIRE_CHROMIUM=1) but not found at /usr/bin/chromium "
                    + "(apt-get install chromium, or set TWINLOOP_CHROMIUM)");
        }
        if (found == null) {
            System.err.println("*** SKIPPING the dashboard test: Chromium not found at /usr/bin/chromium "
                    + "(apt-get install chromium, or set TWINLOOP_CHROMIUM) ***");
        }
        assumeTrue(found != null, "Chromium not found; skipping the dashboard test");
        return found;
    }

    /** Headless Chromium on one URL with a fresh profile; virtual time lets the page's fetches and timers run. */
    private static Result browser(Path chromium, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=15000"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium timed out: " + String.join(" ", cmd));
        }
        String errText = Files.readString(err);
        return new Result(p.exitValue(), Files.readString(out), errText.substring(Math.max(0, errText.length() - 4000)));
    }

    private static String httpPost(String url, String json) throws IOException, InterruptedException {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, res.statusCode(), url + ": " + res.body());
        return res.body();
    }

    private static String httpGet(String url) throws IOException, InterruptedException {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), url + ": " + res.body());
        return res.body();
    }

    private static Result cli(String... args) {
        return stack.cli(args);
    }

    private static String logs() throws IOException {
        return stack.logs();
    }

}
