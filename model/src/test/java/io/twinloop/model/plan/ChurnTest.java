package io.twinloop.model.plan;

import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.WeightedPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChurnTest {

    private static final Network DIAMOND = PlanTest.DIAMOND;

    @Test
    void countsOnlyItemsThatReallyChange() {
        assertEquals(0, Churn.between(DIAMOND, DIAMOND));
        // AB weight 1 -> 1 (no change), CD weight 1 -> 4, BD down, AC capacity 100 -> 200
        Plan p = Plan.of(new SetLinkWeight("AB", 1), new SetLinkWeight("CD", 4),
                new SetLinkAdminState("BD", LinkState.DOWN), new SetLinkCapacity("AC", 200));
        Network after = p.applyTo(DIAMOND);
        assertEquals(3, Churn.between(DIAMOND, after));
        assertEquals(3, Churn.between(after, DIAMOND), "symmetric");
        // two fields of one link are two items; setting a value back undoes its item
        Network twice = Plan.of(new SetLinkWeight("CD", 4), new SetLinkCapacity("CD", 10)).applyTo(DIAMOND);
        assertEquals(2, Churn.between(DIAMOND, twice));
        assertEquals(0, Churn.between(DIAMOND, Plan.of(new SetLinkWeight("CD", 4), new SetLinkWeight("CD", 1))
                .applyTo(DIAMOND)));
    }

    @Test
    void pathPoliciesCountPerPairAndStateIsNotConfiguration() {
        Network pol = Plan.of(new SetPathPolicy("A", "D", List.of(new WeightedPath(List.of("A", "B", "D"), 1.0))))
                .applyTo(DIAMOND);
        assertEquals(1, Churn.between(DIAMOND, pol));
        Network same = Plan.of(new SetPathPolicy("A", "D", List.of(new WeightedPath(List.of("A", "B", "D"), 1.0))))
                .applyTo(pol);
        assertEquals(0, Churn.between(pol, same), "the same policy again changes nothing");
        Network moved = Plan.of(new SetPathPolicy("A", "D", List.of(new WeightedPath(List.of("A", "B", "D"), 0.5),
                new WeightedPath(List.of("A", "C", "D"), 0.5)))).applyTo(pol);
        assertEquals(1, Churn.between(pol, moved));
        assertEquals(1, Churn.between(moved, DIAMOND), "a policy removed counts once");

        // operational state and plant properties are not configuration; added/removed links count once
        Network operDown = DIAMOND.withLinks(DIAMOND.links().stream()
                .map(l -> l.id().equals("AB") ? l.withOperState(LinkState.DOWN) : l).toList());
        assertEquals(0, Churn.between(DIAMOND, operDown));
        Network bigger = Network.of("diamond", List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D")),
                List.of(new Link("AB", "A", "B", 100, 1), new Link("AC", "A", "C", 100, 1),
                        new Link("BD", "B", "D", 100, 1), new Link("CD", "C", "D", 100, 1),
                        new Link("AD", "A", "D", 100, 1)), List.of());
        assertEquals(1, Churn.between(DIAMOND, bigger));
        assertEquals(1, Churn.between(bigger, DIAMOND));
    }
}
