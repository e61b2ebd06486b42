package io.twinloop.model.plan;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanTest {

    static final Network DIAMOND = Network.of("diamond",
            List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D")),
            List.of(new Link("AB", "A", "B", 100, 1), new Link("AC", "A", "C", 100, 1),
                    new Link("BD", "B", "D", 100, 1), new Link("CD", "C", "D", 100, 1)),
            List.of());

    @Test
    void weightChangesApplyInOrderAndLastWins() {
        Plan p = Plan.of(new SetLinkWeight("AB", 5), new SetLinkWeight("AB", 3), new SetLinkWeight("CD", 2));
        Network n = p.applyTo(DIAMOND);
        assertEquals(3, n.link("AB").orElseThrow().igpWeight());
        assertEquals(2, n.link("CD").orElseThrow().igpWeight());
        assertEquals(1, n.link("AC").orElseThrow().igpWeight());
        assertEquals(1, DIAMOND.link("AB").orElseThrow().igpWeight(), "the original is untouched");
        assertSame(DIAMOND, Plan.empty().applyTo(DIAMOND));
        // A->B->D costs 4, A->C->D costs 3: everything goes via C
        RoutingResult r = new EcmpRouter(n).route(List.of(new Demand("A", "D", 10)));
        assertEquals(10, r.load(n.linkIndex("AC")));
        assertEquals(0, r.load(n.linkIndex("AB")));
    }

    @Test
    void adminDownLinksCarryNoTraffic() {
        Plan p = Plan.of(new SetLinkAdminState("AB", false), new SetLinkAdminState("CD", false),
                new SetLinkAdminState("CD", true));
        BitSet down = p.downLinks(DIAMOND);
        assertEquals(1, down.cardinality());
        assertTrue(down.get(DIAMOND.linkIndex("AB")));
        Network applied = p.applyTo(DIAMOND);
        assertEquals(io.twinloop.model.LinkState.DOWN, applied.link("AB").orElseThrow().adminState(),
                "admin state is stored on the link");
        assertEquals(io.twinloop.model.LinkState.UP, applied.link("CD").orElseThrow().adminState(), "last action wins");
        // the router alone (without the BitSet) sees the stored state
        RoutingResult alone = new EcmpRouter(applied).route(List.of(new Demand("A", "D", 10)));
        assertEquals(0, alone.load(DIAMOND.linkIndex("AB")));
        assertEquals(10, alone.load(DIAMOND.linkIndex("AC")));
        RoutingResult r = new EcmpRouter(p.applyTo(DIAMOND), down).route(List.of(new Demand("A", "D", 10)));
        assertEquals(0, r.load(DIAMOND.linkIndex("AB")));
        assertEquals(0, r.load(DIAMOND.linkIndex("BD")));
        assertEquals(10, r.load(DIAMOND.linkIndex("AC")));
        assertEquals(10, r.load(DIAMOND.linkIndex("CD")));
    }

    @Test
    void unknownLinksAndBadActionsAreRejected() {
        io.twinloop.model.UnknownElementException e = assertThrows(io.twinloop.model.UnknownElementException.class,
                () -> Plan.of(new SetLinkWeight("AB", 2), new SetLinkWeight("XY", 2), new SetLinkCapacity("QQ", 1),
                        new SetLinkAdminState("XY", false)).applyTo(DIAMOND));
        assertEquals("link", e.kind());
        assertEquals("XY", e.id());
        assertEquals(List.of("XY", "QQ"), e.ids(), "every unknown id, once, in order");
        assertTrue(e.getMessage().contains("'XY'") && e.getMessage().contains("'QQ'") && e.getMessage().contains("diamond"),
                e.getMessage());
        assertThrows(io.twinloop.model.UnknownElementException.class,
                () -> Plan.of(new SetLinkAdminState("XY", false)).downLinks(DIAMOND));
        assertThrows(InvalidNetworkException.class, () -> new SetLinkWeight("AB", 0));
        assertThrows(InvalidNetworkException.class, () -> new SetLinkWeight("AB", Double.NaN));
        assertThrows(InvalidNetworkException.class, () -> new SetLinkWeight(" ", 1));
        assertThrows(InvalidNetworkException.class, () -> new SetLinkAdminState(null, true));
        List<PlanAction> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(InvalidNetworkException.class, () -> new Plan(withNull));
        assertThrows(InvalidNetworkException.class, () -> Plan.empty().applyTo(null));
    }

    @Test
    void plansAreImmutableValues() {
        List<PlanAction> actions = new ArrayList<>(List.of(new SetLinkWeight("AB", 2)));
        Plan p = new Plan(actions);
        actions.add(new SetLinkWeight("AC", 2));
        assertEquals(1, p.actions().size());
        assertThrows(UnsupportedOperationException.class, () -> p.actions().add(new SetLinkWeight("AC", 2)));
        assertEquals(Plan.of(new SetLinkWeight("AB", 2), new SetLinkAdminState("AC", false)),
                p.then(Plan.of(new SetLinkAdminState("AC", false))));
        assertTrue(Plan.empty().isEmpty());
    }
}
