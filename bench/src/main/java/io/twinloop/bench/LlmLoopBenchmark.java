package io.twinloop.bench;

import io.twinloop.model.Network;
import io.twinloop.planner.llm.LlmOutcome;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.LlmSettings;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.planner.llm.PlanningContext;
import io.twinloop.planner.llm.ScriptedOpenAiServer;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The LLM planner's own cost per round on GEANT (peak matrix), with a scripted OpenAI-compatible
 * server that answers at once: three model calls (topology summary + hot links, then the
 * optimizer, then the final plan, which is the optimizer's), through langchain4j's real HTTP
 * client. Reports, per round, the planner time outside the model calls (tools, guard, prompt
 * handling) and the whole round (which adds the client's HTTP and JSON work for the three calls).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.twinloop.bench.LlmLoopBenchmark [rounds]} (default 200,
 * after 30 unmeasured rounds).
 */
public final class LlmLoopBenchmark {

    private LlmLoopBenchmark() {
    }

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path data = SharedDataDir.resolve();
        BenchWorkload.Instance w = BenchWorkload.GEANT.load(data);
        Network net = w.network();
        System.out.printf(Locale.ROOT, "== LLM loop on %s: %d nodes, %d links, %d demands (%s)%n", net.name(),
                net.nodes().size(), net.links().size(), w.demands().size(), w.description());
        PlanGuard guard = new PlanGuard(net, new BitSet(), List.of(w.demands()),
                new PlanGuard.Limits(1000, 1.0, Set.of()));
        PlanningContext ctx = new PlanningContext(net, new BitSet(), List.of(w.demands()), Objective.MLU, guard,
                new TePlanner());
        AtomicInteger step = new AtomicInteger();
        try (ScriptedOpenAiServer server = new ScriptedOpenAiServer(req -> switch (step.getAndIncrement() % 3) {
            case 0 -> ScriptedOpenAiServer.toolCalls(1500, 40, "topology_summary", "{}", "hot_links", "{\"k\": 5}");
            case 1 -> ScriptedOpenAiServer.toolCalls(3000, 20, "optimize", "{\"objective\": \"min-mlu\"}");
            default -> {
                String tool = ScriptedOpenAiServer.lastToolResult(req);
                try {
                    yield ScriptedOpenAiServer.text("{\"plan\": " + ScriptedOpenAiServer.JSON.readTree(tool).get("plan")
                            + ", \"rationale\": \"the optimizer's split\"}", 4000, 300);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        })) {
            LlmPlanner planner = new LlmPlanner(new LlmSettings(server.baseUrl(), "scripted", "k", Duration.ofSeconds(30),
                    1_000_000, 2, 12));
            for (int i = 0; i < 30; i++) {
                check(planner.plan(ctx));
            }
            double[] overhead = new double[rounds];
            double[] whole = new double[rounds];
            List<Integer> tools = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                LlmOutcome o = check(planner.plan(ctx));
                overhead[i] = o.overheadMs();
                whole[i] = o.latencyMs();
                tools.add(o.toolCalls().size());
            }
            Arrays.sort(overhead);
            Arrays.sort(whole);
            System.out.printf(Locale.ROOT, "rounds %d (3 model calls, %d tool calls each, plan accepted every time)%n",
                    rounds, tools.get(0));
            System.out.printf(Locale.ROOT, "planner time outside the model calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    pct(overhead, 50), pct(overhead, 99), overhead[rounds - 1]);
            System.out.printf(Locale.ROOT, "whole round with an instant model (adds HTTP + JSON of the client): "
                    + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", pct(whole, 50), pct(whole, 99), whole[rounds - 1]);
        }
    }

    private static LlmOutcome check(LlmOutcome o) {
        if (!o.accepted()) {
            throw new IllegalStateException("the scripted plan was not accepted: " + o.status() + " " + o.fallbackReason());
        }
        return o;
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
