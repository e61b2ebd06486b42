/**
 * The LLM planner: an OpenAI-compatible chat model (langchain4j) that works through tools on the
 * twin and the optimizer, and whose answers are treated as untrusted input ({@link
 * io.twinloop.planner.llm.PlanGuard}).
 */
package io.twinloop.planner.llm;
