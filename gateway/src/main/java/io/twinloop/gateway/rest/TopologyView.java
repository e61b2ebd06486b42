package io.twinloop.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A network's latest snapshot as the dashboard draws it: nodes with their coordinates and
 * every directed link with its load and utilisation under the latest traffic sample.
 *
 * @param network        network name
 * @param version        the snapshot version shown
 * @param trafficSamples number of stored traffic samples
 * @param trafficTime    time of the traffic sample the loads are for (null when there are no loads)
 * @param trafficRow     0-based row of that sample (null for static demands or no loads)
 * @param note           why loads are missing or what they are based on (null when they are for
 *                       the latest traffic sample)
 * @param kpis           KPIs of the simulation, proto JSON field names (null when there are no loads)
 * @param nodes          every node
 * @param links          every directed link (an undirected link of the source file is two)
 */
@Schema(name = "Topology", description = "The latest snapshot of a network with per-link utilisation under its latest traffic sample.")
public record TopologyView(
        String network,
        long version,
        int trafficSamples,
        @Schema(nullable = true) String trafficTime,
        @Schema(nullable = true) Integer trafficRow,
        @Schema(nullable = true, description = "why utilisation is missing, or what it is based on") String note,
        @Schema(nullable = true) KpisView kpis,
        List<NodeView> nodes,
        List<LinkView> links) {

    /** A node; coordinates are WGS84 degrees and null when the source file had none. */
    @Schema(name = "TopologyNode")
    public record NodeView(String name, @Schema(nullable = true) Double longitude, @Schema(nullable = true) Double latitude) {
    }

    /**
     * A directed link. {@code state} is the effective state in the simulation (or, without one,
     * from the admin and operational states); {@code loadBps} and {@code utilization} are null
     * when there is no traffic to route.
     */
    @Schema(name = "TopologyLink")
    public record LinkView(String id, String src, String dst, double capacityBps, double igpWeight, double latencyMs,
                           @Schema(examples = "LINK_STATE_UP") String state,
                           @Schema(nullable = true) Double loadBps,
                           @Schema(nullable = true, description = "load / capacity, a fraction (may exceed 1)") Double utilization) {
    }

    /** The KPIs the dashboard shows next to the map (fields as in {@code twinloop.common.v1.Kpis}). */
    @Schema(name = "TopologyKpis")
    public record KpisView(double maxLinkUtilization, double meanLinkUtilization, double meanLatencyMs,
                           double totalPowerW, double unroutedBps, int linksOverloaded) {
    }
}
