/**
 * Traffic engineering at the LP optimum: candidate paths (Yen, edge-disjoint first), the path-based
 * min-MLU linear program solved with OR-Tools GLOP and made exact by column generation, SR-TE plans
 * built from its split ratios, energy-aware link sleeping, ε-constraint / weighted-sum planning and
 * Pareto fronts. Every result is re-simulated with the model's {@code EcmpRouter} and {@code Kpis}
 * on the network with the plan applied, so the figures reported are the ones the twin will report.
 * Free of gRPC and Quarkus.
 */
package io.twinloop.planner.te;
