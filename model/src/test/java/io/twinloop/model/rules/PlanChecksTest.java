package io.twinloop.model.rules;

import io.twinloop.model.LinkState;
import io.twinloop.model.WeightedPath;
import io.twinloop.model.plan.PlanAction;
import io.twinloop.model.plan.SetLinkAdminState;
import io.twinloop.model.plan.SetLinkCapacity;
import io.twinloop.model.plan.SetLinkWeight;
import io.twinloop.model.plan.SetPathPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Square A-B-C-D with links both ways (AB, BA, BC, CB, CD, DC, DA, AD) and a parallel link AB2. */
class PlanChecksTest {
    private static final List<PlanChecks.LinkEnds> LINKS = List.of(
            new PlanChecks.LinkEnds("AB", "A", "B"), new PlanChecks.LinkEnds("BA", "B", "A"),
            new PlanChecks.LinkEnds("AB2", "A", "B"),
            new PlanChecks.LinkEnds("BC", "B", "C"), new PlanChecks.LinkEnds("CB", "C", "B"),
            new PlanChecks.LinkEnds("CD", "C", "D"), new PlanChecks.LinkEnds("DC", "D", "C"),
            new PlanChecks.LinkEnds("DA", "D", "A"), new PlanChecks.LinkEnds("AD", "A", "D"));

    private static PlanChecks checks(Set<String> links, Set<String> nodes, int maxChanges) {
        return new PlanChecks(new Guardrails(0, maxChanges, links, nodes, false), LINKS);
    }

    private static SetPathPolicy policy(String... nodes) {
        return new SetPathPolicy(nodes[0], nodes[nodes.length - 1], List.of(new WeightedPath(List.of(nodes), 1)));
    }

    @Test
    void everyLinkActionOnAProtectedLinkIsRejectedNamingTheLinkAndTheAction() {
        PlanChecks c = checks(Set.of("BC"), Set.of(), 10);
        List<PlanAction> plan = List.of(new SetLinkWeight("AB", 2), new SetLinkWeight("BC", 2),
                new SetLinkAdminState("BC", LinkState.SLEEP), new SetLinkCapacity("BC", 1e9));
        PlanChecks.Verdict v = c.check(plan);
        assertEquals(List.of(
                "actions[1]: touches protected link 'BC' (changes its IGP weight)",
                "actions[2]: touches protected link 'BC' (changes its administrative state)",
                "actions[3]: touches protected link 'BC' (changes its capacity)"), v.reasons());
        assertEquals(List.of(1, 2, 3), v.violations().stream().map(PlanChecks.Violation::actionIndex).toList());
        assertTrue(v.violations().stream().allMatch(x -> x.element().equals("BC")
                && x.kind() == PlanChecks.Kind.PROTECTED_LINK));
    }

    @Test
    void aPathPolicyOverAProtectedLinkTouchesIt() {
        PlanChecks c = checks(Set.of("CB"), Set.of(), 10);
        // A->D->C->B crosses C->B; the reverse direction B->C is not protected
        PlanChecks.Verdict v = c.check(List.of(policy("A", "B", "C"), policy("A", "D", "C", "B")));
        assertEquals(List.of("actions[1]: touches protected link 'CB' (the policy A->B routes over it)"), v.reasons());
        assertEquals(PlanChecks.Kind.PROTECTED_LINK, v.violations().get(0).kind());
    }

    @Test
    void aHopWithParallelLinksTouchesAProtectedOneOfThem() {
        PlanChecks.Verdict v = checks(Set.of("AB2"), Set.of(), 10).check(List.of(policy("A", "B", "C")));
        assertEquals(List.of("actions[0]: touches protected link 'AB2' (the policy A->C routes over it)"), v.reasons());
    }

    @Test
    void protectedNodesFreezeTheirLinksTheirPoliciesAndThePathsThroughThem() {
        PlanChecks c = checks(Set.of(), Set.of("C"), 10);
        PlanChecks.Verdict v = c.check(List.of(
                new SetLinkWeight("DC", 3),                                   // a link into C
                policy("B", "C", "D"),                                        // through C
                new SetPathPolicy("C", "A", List.of()),                        // removal of C's own policy
                policy("A", "D", "C"),                                        // ends at C
                policy("A", "B"),                                             // does not touch C
                new SetLinkWeight("AB", 5)));
        assertEquals(List.of(
                "actions[0]: touches protected node 'C' (changes the IGP weight of its link 'DC')",
                "actions[1]: touches protected node 'C' (the policy B->D routes through it)",
                "actions[2]: touches protected node 'C' (the policy C->A starts there)",
                "actions[3]: touches protected node 'C' (the policy A->C ends there)"), v.reasons());
        assertTrue(v.violations().stream().allMatch(x -> x.element().equals("C") && x.kind() == PlanChecks.Kind.PROTECTED_NODE));
    }

    @Test
    void sizeAndUnknownLinks() {
        PlanChecks.Verdict v = checks(Set.of(), Set.of(), 1).check(List.of(new SetLinkWeight("XY", 2),
                new SetLinkWeight("AB", 2)));
        assertEquals(List.of("2 changes exceed the limit of 1 (the churn limit)", "actions[0]: unknown link 'XY'"),
                v.reasons());
        assertEquals(-1, v.violations().get(0).actionIndex());
        assertTrue(checks(Set.of("AB"), Set.of("C"), 1).check(List.of(policy("A", "D"))).accepted());
        assertTrue(checks(Set.of(), Set.of(), 0).check(List.of()).accepted());
    }

    @Test
    void frozenLinksAreTheProtectedOnesAndThoseOfProtectedNodes() {
        Guardrails g = new Guardrails(0, 10, Set.of("AB"), Set.of("D"), false);
        assertEquals(Set.of("AB", "CD", "DC", "DA", "AD"), g.frozenLinkIds(LINKS));
    }
}
