package io.twinloop.model.plan;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.SharedData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.SndlibXmlImporter;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.model.routing.RoutingResult;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IgpWeightSearchTest {

    private static Kpis kpis(Network n, List<Demand> demands) {
        return Kpis.of(n, new EcmpRouter(n).route(demands));
    }

    private static void assertValidWeightPlan(Plan plan, Network n, int maxChanges) {
        assertTrue(plan.actions().size() <= maxChanges, "respects maxChanges: " + plan);
        Set<String> links = new HashSet<>();
        for (PlanAction a : plan.actions()) {
            SetLinkWeight w = assertInstanceOf(a);
            assertTrue(links.add(w.linkId()), "one action per link");
            assertTrue(n.link(w.linkId()).isPresent());
            assertEquals(Math.rint(w.igpWeight()), w.igpWeight(), "integer weight");
            assertTrue(w.igpWeight() >= 1 && w.igpWeight() <= 65535);
        }
    }

    private static SetLinkWeight assertInstanceOf(PlanAction a) {
        assertTrue(a instanceof SetLinkWeight, "only weight changes: " + a);
        return (SetLinkWeight) a;
    }

    @Test
    void findsTheEqualCostSplitOnATwoPathNetwork() {
        // A->B direct (w 1) or A->C->B (w 1 + 1); 150 on a 100 link: MLU 1.5. Tying the paths (w_AB = 2)
        // splits 75 / 75 and gives MLU 0.75, the optimum.
        Network n = Network.of("two-path", List.of(new Node("A"), new Node("B"), new Node("C")),
                List.of(new Link("AB", "A", "B", 100, 1), new Link("AC", "A", "C", 100, 1), new Link("CB", "C", "B", 100, 1)),
                List.of());
        List<Demand> demands = List.of(new Demand("A", "B", 150));
        assertEquals(1.5, kpis(n, demands).maxLinkUtilization());
        Plan plan = new IgpWeightSearch(2, 10).minimizeMaxUtilization(n, demands);
        assertEquals(Plan.of(new SetLinkWeight("AB", 2)), plan);
        assertEquals(0.75, kpis(plan.applyTo(n), demands).maxLinkUtilization());
    }

    @Test
    void lowersTheMluOfAbileneUnderRealTrafficScaledUp() {
        Network abilene = new SndlibXmlImporter().read("abilene", SharedData.bytes("topologies/sndlib/abilene.xml"));
        TrafficSeries series = TrafficCsvImporter.read(SharedData.require("traffic/abilene/abilene_sndlib_5min_20040301-20040307.csv"));
        List<Demand> row = series.demandsAt(series.firstPresentRow());
        double mlu0 = kpis(abilene, row).maxLinkUtilization();
        double factor = 1.3 / mlu0;
        List<Demand> demands = row.stream().map(d -> d.scaled(factor)).toList();
        Kpis before = kpis(abilene, demands);
        assertEquals(1.3, before.maxLinkUtilization(), 1e-9);

        int maxChanges = 3;
        IgpWeightSearch search = new IgpWeightSearch(maxChanges, 20);
        Plan plan = search.minimizeMaxUtilization(abilene, demands);
        assertValidWeightPlan(plan, abilene, maxChanges);
        assertFalse(plan.isEmpty(), "real Abilene traffic concentrates on a few links; some reweighting helps");
        Network after = plan.applyTo(abilene);
        RoutingResult r = new EcmpRouter(after).route(demands);
        Kpis k = Kpis.of(after, r);
        System.out.printf("IgpWeightSearch on Abilene: MLU %.4f -> %.4f with %s%n", before.maxLinkUtilization(),
                k.maxLinkUtilization(), plan.actions());
        assertTrue(k.maxLinkUtilization() < before.maxLinkUtilization(), "the plan lowers the MLU");
        assertEquals(0, r.unroutedBps(), "never disconnects");
        assertEquals(plan, search.minimizeMaxUtilization(abilene, demands), "deterministic");
        // with a larger budget it can only do as well or better
        Plan bigger = new IgpWeightSearch(8, 40).minimizeMaxUtilization(abilene, demands);
        assertValidWeightPlan(bigger, abilene, 8);
        assertTrue(kpis(bigger.applyTo(abilene), demands).maxLinkUtilization() <= k.maxLinkUtilization() + 1e-12);
    }

    @Test
    void returnsTheEmptyPlanWhenNothingHelps() {
        // a single path: no weight can move traffic
        Network chain = Network.of("chain", List.of(new Node("A"), new Node("B"), new Node("C")),
                List.of(new Link("AB", "A", "B", 10, 1), new Link("BC", "B", "C", 10, 1)), List.of());
        List<Demand> demands = List.of(new Demand("A", "C", 50));
        assertEquals(Plan.empty(), new IgpWeightSearch(5, 50).minimizeMaxUtilization(chain, demands));
        Network diamond = PlanTest.DIAMOND;
        List<Demand> heavy = List.of(new Demand("A", "D", 500));
        assertEquals(Plan.empty(), new IgpWeightSearch(0, 50).minimizeMaxUtilization(diamond, heavy), "no budget");
        assertEquals(Plan.empty(), new IgpWeightSearch(3, 0).minimizeMaxUtilization(diamond, heavy), "no iterations");
        assertEquals(Plan.empty(), new IgpWeightSearch(3, 10).minimizeMaxUtilization(diamond, List.of()), "no traffic");
        assertEquals(Plan.empty(), new IgpWeightSearch(3, 10).minimizeMaxUtilization(diamond, heavy), "already balanced");
        assertThrows(IllegalArgumentException.class, () -> new IgpWeightSearch(-1, 1));
    }
}
