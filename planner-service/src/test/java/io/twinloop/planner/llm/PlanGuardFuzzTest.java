package io.twinloop.planner.llm;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.io.SndlibXmlImporter;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetPathPolicy;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import io.twinloop.model.testing.FuzzReport;
import io.twinloop.planner.optimizer.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link PlanGuard#checkAnswer(String)}, the strict parser of an
 * LLM's final answer, on the real Abilene network and its SNDlib demand matrix from
 * {@code ../shared/data}. Property: {@code checkAnswer} never throws; a rejection carries at least
 * one non-blank reason; an accepted plan is re-checked here without PlanGuard's code: within the
 * churn limit, only existing and unprotected links, loop-free paths over existing hops that avoid
 * protected links, and, simulated with the twin's router, no link above the MLU limit and no more
 * traffic unrouted than today. In {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds}.
 */
class PlanGuardFuzzTest {

    private static final int MAX_CHANGES = 4;
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong FAILURES = new AtomicLong();

    private static Network network;
    private static List<Demand> traffic;
    private static Set<String> protectedLinks;
    private static double maxMlu;
    private static double unroutedToday;
    private static PlanGuard guard;

    private static synchronized PlanGuard guard() {
        if (guard == null) {
            try {
                network = new SndlibXmlImporter().read("abilene",
                        Files.readAllBytes(SharedData.require("topologies/sndlib/abilene.xml")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            traffic = network.demands();
            Link p = network.links().get(0);
            protectedLinks = Set.of(p.id(), p.id() + "~rev");
            RoutingResult today = new EcmpRouter(network).route(traffic);
            unroutedToday = today.unroutedBps();
            double mlu = 0;
            for (int i = 0; i < network.links().size(); i++) {
                mlu = Math.max(mlu, today.load(i) / network.links().get(i).capacityBps());
            }
            maxMlu = mlu * 1.25; // room for some plans to pass, not for all
            guard = new PlanGuard(network, new BitSet(), List.of(traffic),
                    new PlanGuard.Limits(MAX_CHANGES, maxMlu, protectedLinks));
        }
        return guard;
    }

    /** Hand-made answers about the real network (good, bad and ugly) plus the chaos model's hostile ones. */
    static Stream<byte[]> seeds() {
        guard();
        List<String> out = new ArrayList<>();
        List<Link> links = network.links();
        Link a = links.get(3);
        Link b = links.get(7);
        out.add(answer(weight(a.id(), 3)));
        out.add(answer(weight(a.id(), 2) + ", " + weight(b.id(), 5)));
        out.add("```json\n" + answer(state(b.id(), "LINK_STATE_SLEEP")) + "\n```");
        out.add(answer(state(links.get(0).id(), "LINK_STATE_DOWN")));
        out.add(answer(weight(links.get(0).id() + "~rev", 9)));
        out.add(answer(""));
        // a two-path policy between the ends of link a: the direct hop and a detour over a neighbour
        for (Link l : links) {
            if (l.src().equals(a.dst()) && !l.dst().equals(a.src())) {
                for (Link m : links) {
                    if (m.src().equals(l.dst()) && m.dst().equals(a.src())) {
                        out.add(answer(policy(a.dst(), a.src(), List.of(a.dst(), a.src()), 0.6,
                                List.of(a.dst(), l.dst(), a.src()), 0.4)));
                        out.add(answer(policy(a.dst(), a.src(), List.of(a.dst(), a.src()), 0.5,
                                List.of(a.dst(), l.dst(), a.src()), 0.6)));
                    }
                }
            }
        }
        out.add("{\"plan\": {\"actions\": [{\"setLinkCapacity\": {\"linkId\": \"" + a.id() + "\", \"capacityBps\": 1e12}}]}}");
        out.add("{\"plan\": {\"actions\": [{\"setLinkWeight\": {\"linkId\": \"" + a.id() + "\", \"igpWeight\": \"NaN\"}}]}}");
        out.add("{\"plan\": {\"actions\": [{\"setPathPolicy\": {\"src\": \"" + a.src() + "\", \"dst\": \"" + a.dst()
                + "\", \"paths\": [{\"nodes\": [\"" + a.src() + "\", \"" + a.dst() + "\"], \"fraction\": \"NaN\"}]}}]}}");
        Random r = new Random(20261126L);
        for (int i = 0; i < 48; i++) {
            out.add(LlmFuzzTest.hostile(r, i));
        }
        return out.stream().map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @DictionaryEntries({"{\"plan\": {\"actions\": [", "]}, \"rationale\": \"", "{\"setLinkWeight\": {\"linkId\": \"",
            "\"igpWeight\": ", "{\"setLinkAdminState\": {\"linkId\": \"", "\"state\": \"LINK_STATE_DOWN\"",
            "LINK_STATE_SLEEP", "LINK_STATE_UP", "{\"setPathPolicy\": {\"src\": \"", "\"dst\": \"", "\"paths\": [",
            "{\"nodes\": [", "\"fraction\": ", "{\"setLinkCapacity\": {", "\"capacityBps\": ", "```json", "~rev",
            "ATLAng", "CHINng", "NYCMng", "WASHng", "\"NaN\"", "\"Infinity\"", "1e400", "-0"})
    @FuzzTest(maxDuration = "10s")
    void checkAnswer(byte[] input) {
        PlanGuard g = guard();
        INPUTS.incrementAndGet();
        String answer = new String(input, StandardCharsets.UTF_8);
        PlanGuard.Verdict v;
        try {
            v = g.checkAnswer(answer);
        } catch (RuntimeException | Error e) {
            FAILURES.incrementAndGet();
            System.err.println("fuzz PlanGuard: " + e.getClass().getName() + " escaped for answer " + PlanGuard.shorten(answer));
            throw e;
        }
        require(v != null && v.violations() != null, answer, "no verdict");
        if (!v.accepted()) {
            require(!v.violations().isEmpty(), answer, "rejected without a reason");
            for (String why : v.violations()) {
                require(why != null && !why.isBlank(), answer, "blank reason");
            }
            return;
        }
        ACCEPTED.incrementAndGet();
        assertSafe(v.plan().actions(), answer);
    }

    /** Independent re-check of an accepted plan (shares nothing with PlanGuard's own checks). */
    private static void assertSafe(List<PlanAction> actions, String answer) {
        require(actions.size() <= MAX_CHANGES, answer, actions.size() + " actions");
        Set<String> hops = new HashSet<>();
        Set<String> protectedHops = new HashSet<>();
        for (Link l : network.links()) {
            hops.add(l.src() + "\u0000" + l.dst());
            if (protectedLinks.contains(l.id())) {
                protectedHops.add(l.src() + "\u0000" + l.dst());
            }
        }
        for (PlanAction a : actions) {
            if (!a.linkId().isEmpty()) {
                require(network.link(a.linkId()).isPresent(), answer, "unknown link " + a.linkId());
                require(!protectedLinks.contains(a.linkId()), answer, "protected link " + a.linkId());
            }
            if (a instanceof SetPathPolicy p) {
                double sum = 0;
                for (WeightedPath wp : p.paths()) {
                    require(wp.fraction() > 0 && Double.isFinite(wp.fraction()), answer, "fraction " + wp.fraction());
                    sum += wp.fraction();
                    require(wp.nodes().size() == new HashSet<>(wp.nodes()).size(), answer, "loop");
                    require(wp.nodes().get(0).equals(p.src()) && wp.nodes().get(wp.nodes().size() - 1).equals(p.dst()),
                            answer, "path does not join the policy's ends");
                    for (int k = 1; k < wp.nodes().size(); k++) {
                        String hop = wp.nodes().get(k - 1) + "\u0000" + wp.nodes().get(k);
                        require(hops.contains(hop), answer, "missing hop");
                        require(!protectedHops.contains(hop), answer, "protected hop");
                    }
                }
                require(p.paths().isEmpty() || Math.abs(sum - 1) <= 1e-9, answer, "fractions sum to " + sum);
            }
        }
        var plan = new io.twinloop.model.plan.Plan(actions);
        Network planned = plan.applyTo(network);
        BitSet down = plan.downLinks(network);
        RoutingResult r = new EcmpRouter(planned, down).route(traffic);
        require(r.unroutedBps() <= unroutedToday * (1 + 1e-9) + 1e-6, answer, "unrouted " + r.unroutedBps());
        for (int i = 0; i < planned.links().size(); i++) {
            require(down.get(i) || r.load(i) <= planned.links().get(i).capacityBps() * maxMlu * (1 + 1e-9), answer,
                    "overload on " + planned.links().get(i).id());
        }
    }

    private static void require(boolean ok, String answer, String what) {
        if (!ok) {
            FAILURES.incrementAndGet();
            throw new AssertionError("fuzz PlanGuard: " + what + " for answer " + PlanGuard.shorten(answer));
        }
    }

    private static String answer(String actions) {
        return "{\"plan\": {\"actions\": [" + actions + "]}, \"rationale\": \"fuzz seed\"}";
    }

    private static String weight(String link, double w) {
        return "{\"setLinkWeight\": {\"linkId\": \"" + link + "\", \"igpWeight\": " + w + "}}";
    }

    private static String state(String link, String s) {
        return "{\"setLinkAdminState\": {\"linkId\": \"" + link + "\", \"state\": \"" + s + "\"}}";
    }

    private static String policy(String src, String dst, List<String> p1, double f1, List<String> p2, double f2) {
        return "{\"setPathPolicy\": {\"src\": \"" + src + "\", \"dst\": \"" + dst + "\", \"paths\": [{\"nodes\": "
                + names(p1) + ", \"fraction\": " + f1 + "}, {\"nodes\": " + names(p2) + ", \"fraction\": " + f2 + "}]}}";
    }

    private static String names(List<String> ns) {
        return ns.stream().map(n -> "\"" + n + "\"").toList().toString();
    }

    @AfterAll
    static void report() {
        FuzzReport.print("PlanGuard answer", INPUTS.get(), ACCEPTED.get(),
                "plans accepted and re-checked, the rest rejected with reasons", FAILURES.get());
    }
}
