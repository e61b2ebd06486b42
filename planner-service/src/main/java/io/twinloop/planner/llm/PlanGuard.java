package io.twinloop.planner.llm;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.rules.Guardrails;
import io.twinloop.model.rules.PlanChecks;
import io.twinloop.platform.proto.Translator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The guardrails an LLM's plan must pass, whatever the model says about it. Nothing here trusts
 * the model: its answer is parsed as the proto JSON of {@code twinloop.common.v1.Plan} (unknown
 * fields rejected), every element it names must exist, and the plan is simulated with the twin's
 * own router on every traffic sample.
 *
 * <p>Rejected: text that is not one JSON object of the documented shape, oversized answers, more
 * actions than the churn limit, unknown links or nodes, actions that touch a protected element
 * ({@link PlanChecks}, the same checks and reasons as the optimizer's plans), invalid paths (loops, missing hops, fractions not summing to
 * 1), demand left unrouted that is routed today, and an MLU above the limit on any sample.
 */
public final class PlanGuard {

    /** Largest model answer parsed, in characters (a plan within the churn limit is far smaller). */
    public static final int MAX_ANSWER_CHARS = 200_000;

    /**
     * The limits of one planning problem.
     *
     * @param maxChanges     most actions in a plan
     * @param maxMlu         the highest MLU allowed on any sample after the plan
     * @param protectedLinks link ids whose configuration no action may change (the protected links
     *                       and the links of protected nodes: {@link Guardrails#frozenLinkIds})
     * @param rules          the guardrails whose {@link PlanChecks} every plan passes, the same
     *                       the optimizer's plans pass
     */
    public record Limits(int maxChanges, double maxMlu, Set<String> protectedLinks, Guardrails rules) {
        /** Validates and copies. */
        public Limits {
            if (maxChanges < 0 || !(maxMlu > 0)) {
                throw new IllegalArgumentException("maxChanges >= 0 and maxMlu > 0 required");
            }
            protectedLinks = Set.copyOf(protectedLinks);
            Objects.requireNonNull(rules, "rules");
        }

        /** Limits protecting the links {@code protectedLinks} (no protected nodes). */
        public Limits(int maxChanges, double maxMlu, Set<String> protectedLinks) {
            this(maxChanges, maxMlu, protectedLinks, new Guardrails(maxMlu, maxChanges, protectedLinks, Set.of(), false));
        }

        /** The limits of {@code rules} on {@code network}. */
        public static Limits of(Network network, Guardrails rules, double maxMlu) {
            return new Limits(rules.maxChanges(), maxMlu, rules.frozenLinkIds(
                    network.links().stream().map(PlanChecks.LinkEnds::of).toList()), rules);
        }
    }

    /**
     * The verdict on a plan.
     *
     * @param plan        the parsed plan, or null when it could not be parsed
     * @param rationale   the model's rationale text (untrusted, for display only)
     * @param violations  what is wrong (empty = accepted)
     * @param kpis        KPIs of the first sample with the plan, when it could be simulated
     * @param worstMlu    highest MLU over the samples with the plan (NaN if not simulated)
     */
    public record Verdict(Plan plan, String rationale, List<String> violations, Kpis kpis, double worstMlu) {
        /** Whether the plan passed every check. */
        public boolean accepted() {
            return plan != null && violations.isEmpty();
        }
    }

    private final Network network;
    private final BitSet down;
    private final List<List<Demand>> samples;
    private final Limits limits;
    private final double[] unroutedToday;
    private final PlanChecks checks;

    /**
     * @param network the network at the planned version (its policies are the current routing)
     * @param down    links down in the twin
     * @param samples the traffic samples the plan must hold for (at least one)
     * @param limits  the guardrails
     */
    public PlanGuard(Network network, BitSet down, List<List<Demand>> samples, Limits limits) {
        this.network = Objects.requireNonNull(network, "network");
        this.down = (BitSet) down.clone();
        this.samples = List.copyOf(samples);
        this.limits = Objects.requireNonNull(limits, "limits");
        if (this.samples.isEmpty()) {
            throw new IllegalArgumentException("at least one traffic sample is needed");
        }
        checks = new PlanChecks(limits.rules(), network);
        EcmpRouter router = new EcmpRouter(network, down);
        unroutedToday = new double[this.samples.size()];
        for (int s = 0; s < unroutedToday.length; s++) {
            unroutedToday[s] = router.route(this.samples.get(s)).unroutedBps();
        }
    }

    /** The limits checked. */
    public Limits limits() {
        return limits;
    }

    /**
     * Parses and checks a model's final answer: one JSON object
     * {@code {"plan": {"actions": [...]}, "rationale": "..."}}, optionally inside a Markdown code
     * fence.
     */
    public Verdict checkAnswer(String answer) {
        if (answer == null || answer.isBlank()) {
            return rejected("the answer is empty; reply with one JSON object {\"plan\": {\"actions\": [...]}, \"rationale\": \"...\"}");
        }
        if (answer.length() > MAX_ANSWER_CHARS) {
            return rejected("the answer has " + answer.length() + " characters, more than " + MAX_ANSWER_CHARS);
        }
        String json = unfence(answer.strip());
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = LlmJson.MAPPER.readTree(json);
        } catch (Exception e) {
            return rejected("the answer is not valid JSON (" + shorten(e.getMessage()) + "); reply with one JSON object "
                    + "{\"plan\": {\"actions\": [...]}, \"rationale\": \"...\"}");
        }
        if (root == null || !root.isObject()) {
            return rejected("the answer must be a JSON object with fields plan and rationale");
        }
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(f -> {
            if (!f.equals("plan") && !f.equals("rationale")) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            return rejected("unknown fields " + unknown + " in the answer; only plan and rationale are allowed");
        }
        if (!root.has("plan") || !root.get("plan").isObject()) {
            return rejected("the answer has no plan object");
        }
        String rationale = root.has("rationale") && root.get("rationale").isTextual() ? root.get("rationale").asText() : "";
        io.twinloop.proto.common.v1.Plan.Builder pb = io.twinloop.proto.common.v1.Plan.newBuilder();
        try {
            JsonFormat.parser().merge(root.get("plan").toString(), pb);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return rejected("plan is not a valid twinloop.common.v1.Plan: " + shorten(e.getMessage()));
        }
        return check(pb.build(), rationale);
    }

    /** Checks a proto plan (from the model's answer or a {@code simulate} tool call). */
    public Verdict check(io.twinloop.proto.common.v1.Plan proto, String rationale) {
        PlanChecks.Violation size = PlanChecks.size(proto.getActionsCount(), limits.maxChanges());
        if (size != null) {
            return rejected(size.message());
        }
        List<String> v = new ArrayList<>();
        List<PlanAction> actions = new ArrayList<>();
        for (int i = 0; i < proto.getActionsCount(); i++) {
            PlanAction a = action(proto.getActions(i), i, v);
            if (a != null) {
                actions.add(a);
            }
        }
        if (!v.isEmpty()) {
            return new Verdict(null, rationale, v, null, Double.NaN);
        }
        Plan plan;
        try {
            plan = new Plan(actions);
        } catch (IllegalArgumentException e) {
            return rejected(shorten(e.getMessage()));
        }
        v.addAll(checks.check(actions).reasons());
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof SetPathPolicy p) {
                checkPolicy(p, i, v);
            }
        }
        if (!v.isEmpty()) {
            return new Verdict(null, rationale, v, null, Double.NaN);
        }
        Network planned;
        try {
            planned = plan.applyTo(network);
        } catch (IllegalArgumentException e) { // InvalidNetworkException included
            return rejected("the plan does not apply to network '" + network.name() + "': " + shorten(e.getMessage()));
        }
        BitSet d = (BitSet) down.clone();
        d.or(plan.downLinks(network));
        EcmpRouter router = new EcmpRouter(planned, d);
        Kpis first = null;
        double worst = 0;
        for (int s = 0; s < samples.size(); s++) {
            var routed = router.route(samples.get(s));
            Kpis k = Kpis.of(router, samples.get(s), routed);
            first = first == null ? k : first;
            worst = Math.max(worst, k.maxLinkUtilization());
            if (routed.unroutedBps() > unroutedToday[s] * (1 + 1e-9) + 1e-6) {
                v.add(String.format(Locale.ROOT, "sample %d: the plan leaves %.6g bit/s unrouted (today %.6g)", s,
                        routed.unroutedBps(), unroutedToday[s]));
            }
        }
        if (worst > limits.maxMlu() * (1 + 1e-9)) {
            v.add(String.format(Locale.ROOT, "the plan's MLU %.2f%% exceeds the limit %.2f%%", worst * 100,
                    limits.maxMlu() * 100));
        }
        return new Verdict(plan, rationale, v, first, worst);
    }

    /** Unknown nodes in a policy (protected elements are {@link PlanChecks}'). */
    private void checkPolicy(SetPathPolicy p, int i, List<String> v) {
        if (network.nodeIndex(p.src()) < 0 || network.nodeIndex(p.dst()) < 0) {
            v.add("actions[" + i + "]: unknown node in policy " + shorten(p.src()) + "->" + shorten(p.dst()));
            return;
        }
        for (WeightedPath wp : p.paths()) {
            for (String node : wp.nodes()) {
                if (network.nodeIndex(node) < 0) {
                    v.add("actions[" + i + "]: unknown node '" + shorten(node) + "' in a path");
                    return;
                }
            }
        }
    }

    /**
     * The model form of a proto action ({@link Translator}), or null with its reason added to
     * {@code v} under its index; capacity changes are refused here, as no plan can make them.
     */
    private static PlanAction action(io.twinloop.proto.common.v1.PlanAction a, int i, List<String> v) {
        String at = "actions[" + i + "]";
        PlanAction action;
        try {
            action = Translator.action(a, at);
        } catch (IllegalArgumentException e) { // RequestException, or the model's own checks (a blank id)
            v.add(at + ": " + shorten(e.getMessage()));
            return null;
        }
        if (action instanceof SetLinkCapacity) {
            v.add(at + ": capacity changes are not something a plan can do to a running network");
            return null;
        }
        return action;
    }

    private static Verdict rejected(String why) {
        return new Verdict(null, "", List.of(why), null, Double.NaN);
    }

    /** The JSON inside a Markdown code fence, or the text itself. */
    static String unfence(String s) {
        if (s.startsWith("```")) {
            int nl = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (nl > 0 && end > nl) {
                return s.substring(nl + 1, end).strip();
            }
        }
        return s;
    }

    /** The model's rationale made safe to show: control characters removed, at most 500 characters. */
    public static String display(String rationale) {
        if (rationale == null) {
            return "";
        }
        String one = rationale.replaceAll("[\\p{Cntrl}]", " ").strip();
        return one.length() <= 500 ? one : one.substring(0, 500) + "...";
    }

    /** Untrusted text cut to a length that is safe to echo into logs and prompts. */
    public static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\p{Cntrl}]", " ");
        return one.length() <= 160 ? one : one.substring(0, 160) + "...";
    }
}
