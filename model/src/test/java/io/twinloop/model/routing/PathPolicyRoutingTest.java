package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.PathPolicy;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.Plan;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetPathPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathPolicyRoutingTest {

    // A -> B -> D (two parallel B->D links), A -> C -> D; all weight 1
    static final Network NET = Network.of("sq",
            List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D")),
            List.of(new Link("AB", "A", "B", 1000, 1), new Link("AC", "A", "C", 1000, 1),
                    new Link("BD", "B", "D", 1000, 1), new Link("BD2", "B", "D", 1000, 1),
                    new Link("CD", "C", "D", 1000, 1)),
            List.of());
    static final PathPolicy POLICY = new PathPolicy("A", "D", List.of(
            new WeightedPath(List.of("A", "B", "D"), 0.75), new WeightedPath(List.of("A", "C", "D"), 0.25)));
    static final List<Demand> DEMANDS = List.of(new Demand("A", "D", 100), new Demand("C", "D", 10),
            new Demand("A", "B", 8));

    private static double load(Network n, RoutingResult r, String id) {
        return r.load(n.linkIndex(id));
    }

    @Test
    void policyDemandsFollowTheirPathsByFractionOthersUseEcmp() {
        Network n = NET.withPathPolicies(List.of(POLICY));
        RoutingResult r = new EcmpRouter(n).route(DEMANDS);
        // by hand: A->D 100 = 75 over A-B-D (split 37.5/37.5 over BD, BD2) + 25 over A-C-D;
        // C->D 10 by ECMP over CD; A->B 8 by ECMP over AB
        assertEquals(83, load(n, r, "AB"), 1e-12);
        assertEquals(37.5, load(n, r, "BD"), 1e-12);
        assertEquals(37.5, load(n, r, "BD2"), 1e-12);
        assertEquals(25, load(n, r, "AC"), 1e-12);
        assertEquals(35, load(n, r, "CD"), 1e-12);
        assertEquals(0, r.unroutedBps());
        // without the policy A->D is split 50/50 by ECMP at A
        RoutingResult e = new EcmpRouter(NET).route(DEMANDS);
        assertEquals(58, load(NET, e, "AB"), 1e-12);
        assertEquals(60, load(NET, e, "CD"), 1e-12);
    }

    @Test
    void aHopWithoutWorkingLinksMakesItsFractionUnrouted() {
        Network oneDown = Plan.of(new SetLinkAdminState("BD", LinkState.SLEEP))
                .applyTo(NET.withPathPolicies(List.of(POLICY)));
        RoutingResult r = new EcmpRouter(oneDown).route(DEMANDS);
        assertEquals(0, load(oneDown, r, "BD"));
        assertEquals(75, load(oneDown, r, "BD2"), 1e-12);
        Network bothDown = Plan.of(new SetLinkAdminState("BD2", false)).applyTo(oneDown);
        r = new EcmpRouter(bothDown).route(DEMANDS);
        assertEquals(75, r.unroutedBps(), 1e-12);
        assertEquals(List.of(new Demand("A", "D", 75)), r.unroutedDemands());
        assertEquals(8, load(bothDown, r, "AB"), 1e-12, "the dropped fraction loads no hop");
        assertEquals(25, load(bothDown, r, "AC"), 1e-12);
        assertEquals(35, load(bothDown, r, "CD"), 1e-12);
    }

    @Test
    void validationReportsEveryViolation() {
        PathPolicy bad = new PathPolicy("A", "D", List.of(
                new WeightedPath(List.of("B", "D"), 0.5),            // does not start at A
                new WeightedPath(List.of("A", "D"), 0.3),            // no link A->D
                new WeightedPath(List.of("A", "B", "A", "C", "D"), 0.1), // loop (and no link B->A)
                new WeightedPath(List.of("A", "C", "X"), -0.1)));    // unknown node, bad fraction, wrong end
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class,
                () -> NET.withPathPolicies(List.of(bad)));
        List<String> v = e.violations();
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[0]") && s.contains("starts at 'B'")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[1]") && s.contains("no link from 'A' to 'D'")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[2]") && s.contains("loop")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[2]") && s.contains("no link from 'B' to 'A'")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[3]") && s.contains("unknown node 'X'")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[3].fraction")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("paths[3]") && s.contains("not at the destination")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.contains("fractions sum to 0.9")), v.toString());
        assertEquals(8, v.size(), v.toString());
        for (String s : v) {
            assertTrue(e.getMessage().contains(s), "message lists " + s);
        }
        // exactly 1 within 1e-9 is fine
        NET.withPathPolicies(List.of(new PathPolicy("A", "D", List.of(
                new WeightedPath(List.of("A", "B", "D"), 1.0 / 3), new WeightedPath(List.of("A", "C", "D"), 2.0 / 3)))));
    }

    @Test
    void planInstallsReplacesAndRemovesPoliciesAndCapacities() {
        Plan install = Plan.of(new SetPathPolicy("A", "D", POLICY.paths()), new SetLinkCapacity("CD", 5000));
        Network n = install.applyTo(NET);
        assertEquals(List.of(POLICY), n.pathPolicies());
        assertEquals(5000, n.link("CD").orElseThrow().capacityBps());
        assertEquals("", install.actions().get(0).linkId());
        assertEquals("CD", install.actions().get(1).linkId());
        Network removed = Plan.of(new SetPathPolicy("A", "D", List.of())).applyTo(n);
        assertEquals(List.of(), removed.pathPolicies());
        assertThrows(io.twinloop.model.UnknownElementException.class,
                () -> Plan.of(new SetPathPolicy("A", "Z", POLICY.paths())).applyTo(NET));
        InvalidNetworkException e = assertThrows(InvalidNetworkException.class, () -> Plan.of(new SetPathPolicy("A", "C",
                List.of(new WeightedPath(List.of("A", "D", "C"), 1)))).applyTo(NET));
        assertTrue(e.getMessage().contains("no link from 'A' to 'D'"), e.getMessage());
    }
}
