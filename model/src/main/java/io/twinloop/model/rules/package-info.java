/**
 * The rules of an optimization round, stated once and used by every party that decides: the
 * planner's optimizer, the guard on an LLM's plans and the gateway's verification.
 *
 * <ul>
 *   <li>{@link io.twinloop.model.rules.Guardrails}: the limits of a round and the one meaning of
 *       "touches a protected element";</li>
 *   <li>{@link io.twinloop.model.rules.PlanChecks}: the static checks of a plan against the
 *       guardrails, with a structured verdict (action index, element, reason);</li>
 *   <li>{@link io.twinloop.model.rules.Objective}: the score of a plan on the round's objective;</li>
 *   <li>{@link io.twinloop.model.rules.ChangeWorth}: when a plan's gain is worth its changes;</li>
 *   <li>{@link io.twinloop.model.rules.VerifiedChecks}: the checks of a plan's simulated KPIs
 *       ({@link io.twinloop.model.rules.TrafficCheck}, one per traffic) against today's: unrouted
 *       demand, the utilisation limit and the round's {@link io.twinloop.model.rules.Constraint}s.</li>
 * </ul>
 */
package io.twinloop.model.rules;
