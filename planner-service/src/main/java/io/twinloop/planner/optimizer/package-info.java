/**
 * Pure planning logic, free of gRPC and Quarkus: turns a network, the traffic to plan for and the
 * guardrails into ranked candidate plans with KPI estimates and rationales. The IGP weight search
 * itself lives in the model ({@code io.twinloop.model.plan.IgpWeightSearch}); this package decides
 * what to search on (the robust traffic envelope, the protected links) and explains the result.
 */
package io.twinloop.planner.optimizer;
