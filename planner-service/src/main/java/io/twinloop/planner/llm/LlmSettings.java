package io.twinloop.planner.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the LLM and how much it may spend.
 *
 * @param baseUrl            the OpenAI-compatible endpoint, e.g. {@code http://localhost:11434/v1}
 *                           (Ollama), {@code http://localhost:8000/v1} (vLLM), {@code https://api.openai.com/v1}
 * @param model              model name
 * @param apiKey             bearer key (servers without auth accept any)
 * @param timeout            per model call
 * @param maxTokensPerRound  tokens (prompt + completion) one planning call may use; no further model
 *                           call is made once they are spent
 * @param maxRepairs         answers the model may correct after a rejection (then the optimizer's plan stands)
 * @param maxToolCalls       tool calls per planning call
 */
public record LlmSettings(String baseUrl, String model, String apiKey, Duration timeout, int maxTokensPerRound,
                          int maxRepairs, int maxToolCalls) {

    /** Validates. */
    public LlmSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        apiKey = apiKey == null || apiKey.isBlank() ? "none" : apiKey;
        Objects.requireNonNull(timeout, "timeout");
        if (maxTokensPerRound < 1 || maxRepairs < 0 || maxToolCalls < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("maxTokensPerRound >= 1, maxRepairs >= 0, maxToolCalls >= 0 and a "
                    + "positive timeout are required");
        }
    }
}
