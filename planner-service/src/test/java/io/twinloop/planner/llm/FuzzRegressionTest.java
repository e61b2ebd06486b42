package io.twinloop.planner.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The intent and plan parser inputs that broke the property of their fuzz targets
 * ({@link IntentRulesFuzzTest}, {@link IntentStructuredFuzzTest}, {@link PlanGuardFuzzTest}),
 * minimised, each with what it used to do. docs/fuzzing.md lists them.
 */
class FuzzRegressionTest {

    /** Was a NumberFormatException out of the rule set (Integer.parseInt of 11 digits). */
    @Test
    void aChangeCountTooLargeForAnIntIsCapped() {
        IntentParser.Intent i = IntentParser.parseRules("at most 99999999999 changes", null);
        assertEquals(1000, i.maxChanges());
        assertEquals(7, IntentParser.parseRules("no more than 0000000000007 changes", null).maxChanges());
    }

    /** Was accepted as the constraint mlu <= Infinity (the structured form refuses a non-finite bound). */
    @Test
    void aPercentageTooLargeForADoubleIsNotUnderstood() {
        String huge = "9".repeat(400);
        assertNull(IntentParser.parseRules("keep every link under " + huge + "%", null));
        IntentParser.Intent i = IntentParser.parseRules("save power, keep every link under " + huge + "%", null);
        assertEquals("min-power", i.objective());
        assertTrue(i.constraints().isEmpty(), i.constraints().toString());
        assertTrue(i.unparsed().stream().anyMatch(p -> p.contains(huge)), i.unparsed().toString());
        assertNull(IntentParser.parseRules("latency under 1" + "0".repeat(400) + " ms", null));
    }
}
