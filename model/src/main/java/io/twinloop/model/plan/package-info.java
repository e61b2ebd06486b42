/**
 * Change plans and their search: a {@link io.twinloop.model.plan.Plan} is an ordered list of
 * {@link io.twinloop.model.plan.PlanAction}s (IGP weight changes, administrative link up/down) that
 * the twin can apply to a {@link io.twinloop.model.Network} to answer "what if" before anything is
 * touched in production, and {@link io.twinloop.model.plan.IgpWeightSearch} proposes weight plans
 * that lower the maximum link utilisation. Plans are plain immutable values so they can be
 * serialised, logged, verified on the twin and replayed.
 */
package io.twinloop.model.plan;
