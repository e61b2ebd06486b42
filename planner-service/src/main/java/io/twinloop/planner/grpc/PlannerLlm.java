package io.twinloop.planner.grpc;

import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.planner.client.TwinCallException;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.config.PlannerConfig;
import io.twinloop.planner.diagnosis.LinkObservation;
import io.twinloop.planner.llm.LlmOutcome;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.LlmSettings;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.LlmToolCall;
import io.twinloop.proto.common.v1.LlmTrace;
import io.twinloop.proto.common.v1.TokenUsage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The planner's LLM as the RPCs use it: the configured {@link LlmPlanner} (none unless
 * {@code twinloop.planner.llm.base-url} is set, built once), the telemetry its tools read, and the
 * proto forms of what a call cost and did ({@code usage}, {@code llm_trace}).
 */
@Singleton
class PlannerLlm {
    private static final Logger LOG = Logger.getLogger(PlannerLlm.class);
    /** {@code llm_status} when an LLM was asked for but none is configured. */
    static final String NO_LLM = "no LLM configured: optimizer only";
    /** {@code llm_status} when the caller did not ask for the LLM. */
    static final String LLM_NOT_REQUESTED = "not requested";
    /** MLU limit the LLM's plans are held to when the request's guardrails say 0. */
    static final double DEFAULT_LLM_MAX_MLU = 1.0;

    @Inject
    TwinClient twin;

    @Inject
    PlannerConfig config;

    private volatile LlmPlanner llmPlanner;
    private volatile boolean llmResolved;

    /** The LLM planner when one is configured, else null (built once). */
    LlmPlanner planner() {
        if (!llmResolved) {
            synchronized (this) {
                if (!llmResolved) {
                    var c = config.planner().llm();
                    llmPlanner = c.baseUrl().filter(u -> !u.isBlank()).map(u -> new LlmPlanner(new LlmSettings(u, c.model(),
                            c.apiKey().orElse(null), c.timeout(), c.maxTokensPerRound(), c.maxRepairs(), c.maxToolCalls())))
                            .orElse(null);
                    llmResolved = true;
                }
            }
        }
        return llmPlanner;
    }

    /**
     * The twin's latest telemetry of each link, for the LLM's {@code recent_telemetry} and
     * {@code diagnose} tools; empty (the tools say so) when the twin holds none or cannot give it,
     * since planning does not need it. A link whose state is not reported has none (null).
     */
    List<LinkObservation> measuredTelemetry(Network network) {
        List<LinkObservation> obs = new ArrayList<>();
        try {
            for (var s : twin.latestTelemetry(network.name(), network.links().size())) {
                if (network.linkIndex(s.getLinkId()) >= 0 && Double.isFinite(s.getRateBps()) && s.getRateBps() >= 0) {
                    obs.add(LinkObservation.of(s.getLinkId(), s.getRateBps(), observed(s.getOperState())));
                }
            }
        } catch (TwinCallException e) {
            LOG.debugf("no telemetry for the LLM's tools: %s", e.getMessage());
            return List.of();
        }
        return obs;
    }

    /** An observed oper state: null when not reported or unknown to this version, else the model's. */
    private static LinkState observed(io.twinloop.proto.common.v1.LinkState s) {
        return switch (s) {
            case LINK_STATE_UP, LINK_STATE_DOWN, LINK_STATE_SLEEP -> Translator.state(s, "oper_state");
            default -> null;
        };
    }

    /** The usage of {@code calls} model calls that took {@code tokens} (prompt, completion). */
    static TokenUsage usage(long promptTokens, long completionTokens, int calls) {
        return TokenUsage.newBuilder().setPromptTokens(promptTokens).setCompletionTokens(completionTokens)
                .setTotalTokens(promptTokens + completionTokens).setLlmCalls(calls).build();
    }

    /** The proto trace of an LLM planning round. */
    static LlmTrace trace(LlmOutcome o) {
        var t = LlmTrace.newBuilder().setLatencyMs(o.latencyMs()).setModelMs(o.modelMs())
                .setAnswers(o.answers()).setFallbackReason(o.fallbackReason()).addAllViolations(o.violations());
        for (LlmOutcome.ToolCall c : o.toolCalls()) {
            t.addToolCalls(LlmToolCall.newBuilder().setName(c.name()).setOk(c.ok())
                    .setMillis(c.millis()).setError(c.error()));
        }
        return t.build();
    }
}
