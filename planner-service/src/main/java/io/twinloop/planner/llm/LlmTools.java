package io.twinloop.planner.llm;

import io.twinloop.platform.proto.Translator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.planner.diagnosis.Diagnosis;
import io.twinloop.planner.diagnosis.FaultDiagnoser;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.diagnosis.LinkObservation;
import io.twinloop.planner.te.InfeasiblePlanException;
import io.twinloop.planner.te.MultiObjectivePlanner;
import io.twinloop.planner.te.Objective;
import io.twinloop.planner.te.TePlanner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools the LLM works through: read-only views of the twin's state and forecast, and the
 * twin's simulation and the optimizer as functions. Every argument is parsed and checked here (the
 * model's tool calls are untrusted input like its answers); a bad call gets an {@code error} object
 * back, never an exception.
 */
final class LlmTools {

    /** Most links listed by {@code topology_summary}. */
    static final int MAX_LISTED_LINKS = 400;
    /** Largest tool argument accepted, in characters. */
    static final int MAX_ARGUMENT_CHARS = 100_000;

    private final PlanningContext ctx;
    private final RoutingResult now;
    private final Kpis nowKpis;
    /** Measured load per link index, from the context's telemetry. */
    private final Map<Integer, LinkObservation> measured = new HashMap<>();

    LlmTools(PlanningContext ctx) {
        this.ctx = ctx;
        for (LinkObservation o : ctx.observed()) {
            int i = ctx.network().linkIndex(o.linkId());
            if (i >= 0) {
                measured.put(i, o);
            }
        }
        EcmpRouter router = new EcmpRouter(ctx.network(), ctx.down());
        now = router.route(ctx.samples().get(0));
        nowKpis = Kpis.of(router, ctx.samples().get(0), now);
    }

    /** The specifications sent to the model. */
    static List<ToolSpecification> specifications() {
        return List.of(
                ToolSpecification.builder().name("topology_summary")
                        .description("Nodes and links of the network: id, endpoints, capacity (bit/s), IGP weight, "
                                + "state and current utilisation.")
                        .parameters(JsonObjectSchema.builder().build()).build(),
                ToolSpecification.builder().name("hot_links")
                        .description("The k most utilised links under the current traffic and routing.")
                        .parameters(JsonObjectSchema.builder().addIntegerProperty("k", "how many, 1..50")
                                .required("k").build()).build(),
                ToolSpecification.builder().name("recent_telemetry")
                        .description("Link loads (bit/s): measured_bps is the latest telemetry (absent when the "
                                + "link sent none), expected_bps the twin's simulation of the current traffic and routing. "
                                + "For one link or all.")
                        .parameters(JsonObjectSchema.builder()
                                .addStringProperty("link_id", "a link id, or omit for every link").build()).build(),
                ToolSpecification.builder().name("forecast")
                        .description("The traffic samples to plan for (observed, then forecast p50 and p90 when "
                                + "given): total rate and the largest demands of each.")
                        .parameters(JsonObjectSchema.builder().build()).build(),
                ToolSpecification.builder().name("simulate")
                        .description("Simulates a plan on the twin and checks it against the guardrails: returns "
                                + "KPIs and violations. The plan is a twinloop.common.v1.Plan in proto JSON.")
                        .parameters(JsonObjectSchema.builder()
                                .addProperty("plan", JsonObjectSchema.builder()
                                        .description("{\"actions\": [...]}, as in the answer format").build())
                                .required("plan").build()).build(),
                ToolSpecification.builder().name("optimize")
                        .description("Runs the deterministic optimizer: returns its plan (proto JSON), KPIs and "
                                + "rationale. objective: min-mlu, min-latency, min-power or min-churn.")
                        .parameters(JsonObjectSchema.builder()
                                .addEnumProperty("objective", List.of("min-mlu", "min-latency", "min-power", "min-churn"))
                                .addNumberProperty("mlu_max", "optional upper bound on the MLU (fraction)")
                                .required("objective").build()).build(),
                ToolSpecification.builder().name("diagnose")
                        .description("Fault diagnosis: compares the measured link telemetry with the twin's "
                                + "expectation, simulates single link/node/SRLG failures, capacity degradations and "
                                + "traffic shifts, and returns the hypotheses that explain it best (best first; "
                                + "likelihood relative to the ten best).")
                        .parameters(JsonObjectSchema.builder()
                                .addIntegerProperty("max", "how many hypotheses, 1..10 (default 3)").build()).build());
    }

    /** Runs one tool call; the result is JSON text for the model. */
    String execute(String name, String arguments, List<String> errorOut) {
        JsonNode args;
        try {
            if (arguments != null && arguments.length() > MAX_ARGUMENT_CHARS) {
                return error(errorOut, "arguments longer than " + MAX_ARGUMENT_CHARS + " characters");
            }
            args = arguments == null || arguments.isBlank() ? LlmJson.MAPPER.createObjectNode()
                    : LlmJson.MAPPER.readTree(arguments);
            if (args == null || !args.isObject()) {
                return error(errorOut, "arguments must be a JSON object");
            }
        } catch (Exception e) {
            return error(errorOut, "arguments are not valid JSON: " + PlanGuard.shorten(e.getMessage()));
        }
        try {
            return switch (name == null ? "" : name) {
                case "topology_summary" -> topology().toString();
                case "hot_links" -> hotLinks(args, errorOut);
                case "recent_telemetry" -> telemetry(args, errorOut);
                case "forecast" -> forecast().toString();
                case "simulate" -> simulate(args, errorOut);
                case "optimize" -> optimize(args, errorOut);
                case "diagnose" -> diagnose(args, errorOut);
                default -> error(errorOut, "unknown tool '" + PlanGuard.shorten(name) + "'; the tools are "
                        + specifications().stream().map(ToolSpecification::name).toList());
            };
        } catch (RuntimeException e) {
            return error(errorOut, "the tool failed: " + PlanGuard.shorten(e.getMessage()));
        }
    }

    private static String error(List<String> errorOut, String message) {
        errorOut.add(message);
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        o.put("error", message);
        return o.toString();
    }

    private ObjectNode topology() {
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        o.put("network", ctx.network().name()).put("nodes", ctx.network().nodes().size())
                .put("links_total", ctx.network().links().size());
        ArrayNode nodes = o.putArray("node_names");
        ctx.network().nodes().forEach(n -> nodes.add(n.name()));
        ArrayNode links = o.putArray("links");
        for (int i = 0; i < ctx.network().links().size() && i < MAX_LISTED_LINKS; i++) {
            links.add(link(i));
        }
        o.put("links_truncated", ctx.network().links().size() > MAX_LISTED_LINKS);
        o.set("kpis", kpis(nowKpis));
        Set<String> prot = ctx.guard().limits().protectedLinks();
        ArrayNode p = o.putArray("protected_links");
        prot.stream().sorted().forEach(p::add);
        o.put("max_changes", ctx.guard().limits().maxChanges()).put("max_mlu", ctx.guard().limits().maxMlu());
        return o;
    }

    private ObjectNode link(int i) {
        Link l = ctx.network().links().get(i);
        ObjectNode n = LlmJson.MAPPER.createObjectNode();
        n.put("id", l.id()).put("src", l.src()).put("dst", l.dst()).put("capacity_bps", l.capacityBps())
                .put("igp_weight", l.igpWeight()).put("up", !ctx.down().get(i))
                .put("load_bps", now.load(i)).put("utilization", io.twinloop.model.routing.Kpis.utilization(now.load(i), l.capacityBps()));
        return n;
    }

    private String hotLinks(JsonNode args, List<String> errorOut) {
        JsonNode k = args.get("k");
        if (k == null || !k.canConvertToInt() || k.asInt() < 1 || k.asInt() > 50) {
            return error(errorOut, "k must be an integer 1..50");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ctx.network().links().size(); i++) {
            if (!ctx.down().get(i) && ctx.network().links().get(i).capacityBps() > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> now.load(i) / ctx.network().links().get(i).capacityBps())
                .reversed());
        ArrayNode out = LlmJson.MAPPER.createArrayNode();
        order.stream().limit(k.asInt()).forEach(i -> out.add(link(i)));
        return out.toString();
    }

    private String telemetry(JsonNode args, List<String> errorOut) {
        JsonNode id = args.get("link_id");
        if (id != null && !id.isNull()) {
            int i = id.isTextual() ? ctx.network().linkIndex(id.asText()) : -1;
            if (i < 0) {
                return error(errorOut, "unknown link '" + PlanGuard.shorten(id.asText()) + "'");
            }
            return telemetryOf(i).toString();
        }
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        o.put("links_reporting", measured.size()).put("links_total", ctx.network().links().size());
        ArrayNode out = o.putArray("links");
        for (int i = 0; i < ctx.network().links().size() && i < MAX_LISTED_LINKS; i++) {
            out.add(telemetryOf(i));
        }
        o.put("links_truncated", ctx.network().links().size() > MAX_LISTED_LINKS);
        return o.toString();
    }

    private ObjectNode telemetryOf(int i) {
        ObjectNode n = LlmJson.MAPPER.createObjectNode().put("id", ctx.network().links().get(i).id());
        LinkObservation m = measured.get(i);
        if (m != null) {
            n.put("measured_bps", m.loadBps());
            if (m.operState() != null) {
                n.put("oper_state", m.operState().name());
            }
        }
        return n.put("expected_bps", now.load(i));
    }

    private String diagnose(JsonNode args, List<String> errorOut) {
        JsonNode mx = args.get("max");
        int max = 3;
        if (mx != null && !mx.isNull()) {
            if (!mx.canConvertToInt() || mx.asInt() < 1 || mx.asInt() > 10) {
                return error(errorOut, "max must be an integer 1..10");
            }
            max = mx.asInt();
        }
        if (measured.isEmpty()) {
            return error(errorOut, "no link telemetry is stored for this network: nothing to diagnose");
        }
        if (diagnosis == null) {
            diagnosis = new FaultDiagnoser().diagnose(ctx.network(), ctx.down(), ctx.samples().get(0),
                    List.copyOf(measured.values()), 10);
        }
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        o.put("links_reporting", diagnosis.reportingLinks()).put("hypotheses_evaluated", diagnosis.evaluated());
        ArrayNode hs = o.putArray("hypotheses");
        double best = diagnosis.hypotheses().isEmpty() ? 0 : diagnosis.hypotheses().get(0).score();
        double sum = 0;
        for (Hypothesis h : diagnosis.hypotheses()) {
            sum += Math.exp(-(h.score() - best) / 2);
        }
        for (Hypothesis h : diagnosis.hypotheses().subList(0, Math.min(max, diagnosis.hypotheses().size()))) {
            ObjectNode n = hs.addObject().put("kind", h.kind().name());
            ArrayNode el = n.putArray("elements");
            h.elements().forEach(el::add);
            n.put("likelihood", Math.exp(-(h.score() - best) / 2) / sum).put("explanation", h.explanation());
        }
        return o.toString();
    }

    /** The diagnosis, computed on the first {@code diagnose} call. */
    private Diagnosis diagnosis;

    private ObjectNode forecast() {
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        ArrayNode samples = o.putArray("samples");
        for (List<Demand> s : ctx.samples()) {
            ObjectNode n = samples.addObject();
            n.put("demands", s.size()).put("total_bps", s.stream().mapToDouble(Demand::rateBps).sum());
            ArrayNode top = n.putArray("largest");
            s.stream().sorted(Comparator.comparingDouble(Demand::rateBps).reversed()).limit(10)
                    .forEach(d -> top.addObject().put("src", d.src()).put("dst", d.dst()).put("rate_bps", d.rateBps()));
        }
        return o;
    }

    private String simulate(JsonNode args, List<String> errorOut) {
        JsonNode plan = args.get("plan");
        if (plan == null || !plan.isObject()) {
            return error(errorOut, "plan must be an object {\"actions\": [...]}");
        }
        io.twinloop.proto.common.v1.Plan.Builder pb = io.twinloop.proto.common.v1.Plan.newBuilder();
        try {
            JsonFormat.parser().merge(plan.toString(), pb);
        } catch (Exception e) {
            return error(errorOut, "plan is not a valid twinloop.common.v1.Plan: " + PlanGuard.shorten(e.getMessage()));
        }
        PlanGuard.Verdict v = ctx.guard().check(pb.build(), "");
        ObjectNode o = LlmJson.MAPPER.createObjectNode();
        o.put("accepted", v.accepted());
        ArrayNode viol = o.putArray("violations");
        v.violations().forEach(viol::add);
        if (v.kpis() != null) {
            o.set("kpis", kpis(v.kpis()));
            o.put("worst_mlu_over_samples", v.worstMlu());
        }
        return o.toString();
    }

    private String optimize(JsonNode args, List<String> errorOut) throws InfeasiblePlanException {
        Map<String, Objective> objectives = new LinkedHashMap<>();
        objectives.put("min-mlu", Objective.MLU);
        objectives.put("min-latency", Objective.LATENCY);
        objectives.put("min-power", Objective.POWER);
        objectives.put("min-churn", Objective.CHURN);
        JsonNode obj = args.get("objective");
        Objective o = obj != null && obj.isTextual() ? objectives.get(obj.asText()) : null;
        if (o == null) {
            return error(errorOut, "objective must be one of " + objectives.keySet());
        }
        List<MultiObjectivePlanner.Bound> bounds = new ArrayList<>();
        JsonNode mx = args.get("mlu_max");
        if (mx != null && !mx.isNull()) {
            if (!mx.isNumber() || !(mx.asDouble() > 0) || mx.asDouble() > 10) {
                return error(errorOut, "mlu_max must be a number in (0, 10]");
            }
            bounds.add(new MultiObjectivePlanner.Bound(Objective.MLU, mx.asDouble()));
        }
        TePlanner.Result r;
        try {
            r = new MultiObjectivePlanner(ctx.te()).epsilon(ctx.network(), ctx.down(), ctx.samples(), o, bounds,
                    ctx.guard().limits().protectedLinks(), ctx.guard().limits().maxChanges());
        } catch (InfeasiblePlanException e) {
            return error(errorOut, "infeasible: " + PlanGuard.shorten(e.getMessage()));
        }
        ObjectNode out = LlmJson.MAPPER.createObjectNode();
        try {
            out.set("plan", LlmJson.MAPPER.readTree(JsonFormat.printer().print(Translator.plan(r.plan()))));
        } catch (Exception e) {
            return error(errorOut, "could not encode the plan");
        }
        out.set("kpis", kpis(r.kpis()));
        out.put("worst_mlu_over_samples", r.worstMlu()).put("summary", r.rationale().summary());
        return out.toString();
    }

    private static ObjectNode kpis(Kpis k) {
        return LlmJson.MAPPER.createObjectNode().put("max_link_utilization", k.maxLinkUtilization())
                .put("mean_latency_ms", k.meanLatencyMs()).put("total_power_w", k.powerW())
                .put("unrouted_bps", k.unroutedBps());
    }

    /** The current KPIs (first sample, current routing). */
    Kpis currentKpis() {
        return nowKpis;
    }
}
