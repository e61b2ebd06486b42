package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpisLatencyPowerTest {

    private static Link link(String id, String s, String d, double cap, double latencyMs) {
        return new Link(id, s, d, cap, 1, latencyMs, 0);
    }

    static final Network NET = Network.of("lat",
            List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D")),
            List.of(link("AB", "A", "B", 1e6, 1), link("AC", "A", "C", 1e6, 2),
                    link("BD", "B", "D", 1e6, 3), link("CD", "C", "D", 1e6, 1)),
            List.of());

    @Test
    void latencyIsPropagationPlusMm1DelayWeightedOverEcmpPaths() {
        List<Demand> demands = List.of(new Demand("A", "D", 400e3), new Demand("B", "D", 100e3));
        EcmpRouter router = new EcmpRouter(NET);
        RoutingResult r = router.route(demands);
        Kpis k = Kpis.of(router, demands, r);
        // by hand: A splits 200k/200k; BD carries 300k, CD 200k.
        // M/M/1 delay S/(C - lambda) with S = 8000 bit: AB, AC, CD: 8000/800000 s = 10 ms; BD: 8000/700000 s
        double ab = 1 + 10;
        double ac = 2 + 10;
        double bd = 3 + 8000.0 / 700000 * 1000;
        double cd = 1 + 10;
        double latB = bd;
        double latA = ((ab + latB) + (ac + cd)) / 2;
        assertEquals((400e3 * latA + 100e3 * latB) / 500e3, k.meanLatencyMs(), 1e-9);
        assertEquals(latA, k.p95LatencyMs(), 1e-9, "A->D carries 80 % of the traffic, so it holds the 95th percentile");
        assertFalse(k.latencyPartial());
        double[] perDemand = router.demandLatenciesMs(demands, new double[] {ab, ac, bd, cd});
        assertEquals(latA, perDemand[0], 1e-12);
        assertEquals(latB, perDemand[1], 1e-12);
        // power: four links without a given figure, 1 Mbit/s each: 4 x (20 W + 0.001 W)
        assertEquals(4 * 20.001, k.powerW(), 1e-9);
        assertEquals(0, k.lossBps());
        // the two-argument form does not compute latency
        assertTrue(Double.isNaN(Kpis.of(NET, r).meanLatencyMs()));
    }

    @Test
    void saturationCapsUtilizationCountsLossAndUnknownLatencyIsPartial() {
        Network n = NET.withLinks(List.of(link("AB", "A", "B", 1e5, Double.NaN), link("AC", "A", "C", 1e6, 2)
                        .withAdminState(LinkState.SLEEP),
                link("BD", "B", "D", 1e6, 3), link("CD", "C", "D", 1e6, 1).withOperState(LinkState.DOWN)));
        List<Demand> demands = List.of(new Demand("A", "D", 2e5));
        EcmpRouter router = new EcmpRouter(n);
        RoutingResult r = router.route(demands);
        Kpis k = Kpis.of(router, demands, r);
        // all 200k over A-B-D (AC sleeps): AB is at twice its capacity -> rho capped at 0.99:
        // 8000 / (1e5 x 0.01) s = 8000 ms, propagation unknown (0); BD: 3 + 8000/800000 s = 3 + 10 ms
        assertEquals(8000 + 13, k.meanLatencyMs(), 1e-9);
        assertTrue(k.latencyPartial());
        assertEquals(1e5, k.overloadedBps(), 1e-9);
        assertEquals(1e5, k.lossBps(), 1e-9);
        assertEquals(2.0, k.maxLinkUtilization(), 1e-12);
        // power: AB 20.0001, AC sleeping 0.1 x 20.001, BD 20.001, CD down 0
        assertEquals(20.0001 + 2.0001 + 20.001, k.powerW(), 1e-9);
    }
}
