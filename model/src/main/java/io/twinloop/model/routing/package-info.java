/**
 * The routing and link-load kernel: {@link io.twinloop.model.routing.EcmpRouter} maps a demand
 * matrix onto the links of a {@link io.twinloop.model.Network} the way an IGP with equal-cost
 * multi-path forwarding does (shortest paths by IGP weight, equal per-hop splitting over all
 * shortest next hops), producing a {@link io.twinloop.model.routing.RoutingResult} of per-link loads,
 * and {@link io.twinloop.model.routing.Kpis} condenses that into the utilisation and overload figures
 * that plans are judged by. This is the hot path of every what-if question the twin answers, so
 * it is hand-written on primitive arrays, exact in its equal-cost decisions, and free of
 * framework dependencies.
 */
package io.twinloop.model.routing;
