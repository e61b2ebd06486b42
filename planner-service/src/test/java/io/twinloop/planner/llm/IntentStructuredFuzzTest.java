package io.twinloop.planner.llm;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.twinloop.model.testing.FuzzReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link IntentParser#parseStructured}, the JSON form of an
 * operator's intent (and of the LLM's answer to one), against the real Abilene network. Property:
 * either an intent that passes {@link IntentFuzzSupport#checkIntent} or an
 * {@link IntentParser.IntentException} with a non-blank message; nothing else escapes. In
 * {@code ./mvnw verify} it fuzzes for {@code twinloop.fuzz.seconds} (docs/fuzzing.md).
 */
class IntentStructuredFuzzTest {

    private static final IntentFuzzSupport S = new IntentFuzzSupport("intent (structured JSON)");

    static Stream<byte[]> seeds() {
        String link = S.network().links().get(2).id();
        String node = S.network().nodes().get(5).name();
        return Stream.of(
                "{}",
                "{\"objective\": \"min-power\", \"constraints\": [\"mlu<=0.7\"]}",
                "{\"objective\": \"min-latency\", \"constraints\": [\"latency<=25\", \"p95latency <= 40\", \"unrouted<=0\"],"
                        + " \"max_changes\": 5}",
                "{\"objective\": \"weighted\", \"weights\": {\"utilization\": 1, \"latency\": 0.5, \"power\": 2, \"churn\": 0}}",
                "{\"objective\": \"min-churn\", \"max_link_utilization\": 0.9, \"protected_links\": [\"" + link + "\"],"
                        + " \"protected_nodes\": [\"" + node + "\"]}",
                "```json\n{\"objective\": \"min-mlu\", \"constraints\": [\"power>=100\", \"churn<=3\"]}\n```",
                "{\"objective\": \"min-mlu\", \"constraints\": [\"mlu<=1e999\"]}",
                "{\"objective\": \"max-fun\"}",
                "{\"max_changes\": 1e3, \"constraints\": \"mlu<=0.5\"}",
                "{\"protected_links\": [\"no-such-link\"], \"extra\": 1}",
                "{\"weights\": {\"utilization\": -1}}",
                "[\"min-mlu\"]")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @MethodSource("seeds")
    @DictionaryEntries({"\"objective\": ", "\"min-mlu\"", "\"min-latency\"", "\"min-power\"", "\"min-churn\"",
            "\"weighted\"", "\"constraints\": [", "mlu<=", "latency>=", "p95latency", "unrouted", "churn", "power",
            "\"max_changes\": ", "\"max_link_utilization\": ", "\"protected_links\": [", "\"protected_nodes\": [",
            "\"weights\": {", "\"utilization\": ", "\"latency\": ", "1e400", "NaN", "```json"})
    @FuzzTest(maxDuration = "10s")
    void parseStructured(byte[] input) {
        S.inputs.incrementAndGet();
        String text = new String(input, StandardCharsets.UTF_8);
        IntentParser.Intent intent;
        try {
            intent = IntentParser.parseStructured(text, S.network(), "fuzz", null);
        } catch (IntentParser.IntentException e) {
            S.require(e.getMessage() != null && !e.getMessage().isBlank(), text, "IntentException without a message");
            return;
        } catch (RuntimeException | Error e) {
            S.escaped(e, text);
            throw e;
        }
        S.require(intent != null, text, "null intent");
        S.checkIntent(intent, text);
    }

    @AfterAll
    static void report() {
        FuzzReport.print(S.target, S.inputs.get(), S.accepted.get(), "accepted, the rest rejected with an IntentException",
                S.failures.get());
    }
}
