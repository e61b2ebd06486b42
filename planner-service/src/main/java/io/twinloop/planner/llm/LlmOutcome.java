package io.twinloop.planner.llm;

import java.util.List;

/**
 * What one LLM planning call produced, for the round record.
 *
 * @param status           "ok", "timeout", "budget exhausted", "invalid output: ...", "error: ..."
 * @param verdict          the accepted plan's verdict, or null when the optimizer's plan stands
 * @param promptTokens     prompt tokens used
 * @param completionTokens completion tokens used
 * @param modelCalls       chat-completion requests made
 * @param latencyMs        wall time of the planning call, model calls included
 * @param modelMs          time spent waiting for the model
 * @param answers          final answers the model gave (1 + repairs)
 * @param toolCalls        the tool calls, in order
 * @param fallbackReason   why the optimizer's plan stands in (empty when the LLM's plan was accepted)
 * @param violations       the last rejected answer's violations
 */
public record LlmOutcome(String status, PlanGuard.Verdict verdict, long promptTokens, long completionTokens,
                         int modelCalls, double latencyMs, double modelMs, int answers, List<ToolCall> toolCalls,
                         String fallbackReason, List<String> violations) {

    /**
     * One tool call.
     *
     * @param name   the tool
     * @param ok     whether it ran (false: unknown tool, bad arguments, limit reached)
     * @param millis its run time
     * @param error  what was wrong, empty when ok
     */
    public record ToolCall(String name, boolean ok, double millis, String error) {
    }

    /** Whether the LLM's plan was accepted. */
    public boolean accepted() {
        return verdict != null && verdict.accepted();
    }

    /** Planner time outside the model. */
    public double overheadMs() {
        return latencyMs - modelMs;
    }
}
