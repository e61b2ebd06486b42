package io.twinloop.planner.llm;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper for LLM traffic: strict limits, since everything it reads comes from a model. */
final class LlmJson {

    /** Nesting and size limits well below Jackson's defaults: a plan is shallow and small. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxStringLength(PlanGuard.MAX_ANSWER_CHARS).maxNumberLength(64).build());
    }

    private LlmJson() {
    }
}
