package io.twinloop.planner.llm;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twinloop.model.testing.FuzzReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link IntentParser#parseRules}, the rule set that reads a
 * plain-text intent when no LLM is there, on texts up to {@link IntentParser#MAX_TEXT} characters
 * (the service refuses longer ones) and the real Abilene network. Property: it never throws; it
 * returns null (nothing understood) or an intent that passes {@link IntentFuzzSupport#checkIntent}.
 */
class IntentRulesFuzzTest {

    private static final IntentFuzzSupport S = new IntentFuzzSupport("intent (plain-text rules)");

    static Stream<byte[]> seeds() {
        String link = S.network().links().get(2).id();
        String node = S.network().nodes().get(5).name();
        return Stream.of(
                "keep every link under 70% and save power",
                "lowest latency please, at most 5 changes",
                "Balance the load; latency below 25 ms; do not touch link " + link + ".",
                "minimise energy but never touch node " + node + " and no more than 3 changes",
                "fewest changes while keeping utilisation within 80 percent",
                "reduce congestion, less than 0.5% please",
                "make it fast",
                "don't touch link nothing-like-this, up to 2 changes")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @DictionaryEntries({"save power", "lowest latency", "fewest changes", "balance the load", "under ", "below ",
            "at most ", "no more than ", "up to ", " changes", "%", " percent", "latency under ", " ms",
            "do not touch link ", "never touch node ", "don't touch link ", "ATLAng", "CHINng", "_", ", ", " and ", " but ",
            "99999999999", "0.000000001"})
    @FuzzTest(maxDuration = "10s")
    void parseRules(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (text.length() > IntentParser.MAX_TEXT) {
            return; // refused by the service before the parser sees it
        }
        S.inputs.incrementAndGet();
        IntentParser.Intent intent;
        try {
            intent = IntentParser.parseRules(text, S.network());
        } catch (RuntimeException | Error e) {
            S.escaped(e, text);
            throw e;
        }
        if (intent != null) {
            S.checkIntent(intent, text);
        }
    }

    @AfterAll
    static void report() {
        FuzzReport.print(S.target, S.inputs.get(), S.accepted.get(), "understood at least in part, the rest not at all",
                S.failures.get());
    }
}
