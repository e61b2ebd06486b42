package io.twinloop.gateway.round;

import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.SetLinkWeight;
import io.twinloop.proto.common.v1.SetPathPolicy;
import io.twinloop.proto.common.v1.WeightedPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway's static plan checks are the model's: path policies over protected elements are caught too. */
class PlanViolationsTest {
    private static final List<Link> LINKS = List.of(link("L1", "A", "B"), link("L2", "B", "C"), link("L3", "A", "C"),
            link("L4", "C", "B"));

    private static Link link(String id, String src, String dst) {
        return Link.newBuilder().setId(id).setSrc(src).setDst(dst).build();
    }

    private static PlanAction path(String... nodes) {
        return PlanAction.newBuilder().setSetPathPolicy(SetPathPolicy.newBuilder().setSrc(nodes[0])
                .setDst(nodes[nodes.length - 1]).addPaths(WeightedPath.newBuilder().addAllNodes(List.of(nodes))
                        .setFraction(1))).build();
    }

    private static PlanAction weight(String link, double w) {
        return PlanAction.newBuilder().setSetLinkWeight(SetLinkWeight.newBuilder().setLinkId(link).setIgpWeight(w)).build();
    }

    @Test
    void anSrTePolicyOverAProtectedLinkOrNodeIsRejectedLikeAWeightChange() {
        Plan plan = Plan.newBuilder().addActions(path("A", "C", "B")).addActions(weight("L1", 3))
                .addActions(path("A", "B")).addActions(weight("L9", 2)).addActions(weight("L3", 0)).build();
        Guardrails g = Guardrails.newBuilder().setMaxChanges(4).addProtectedLinkIds("L4").addProtectedNodeNames("B").build();
        assertEquals(List.of("5 changes exceed the limit of 4 (the churn limit)",
                "actions[0]: touches protected node 'B' (the policy A->B ends there)",
                "actions[1]: touches protected node 'B' (changes the IGP weight of its link 'L1')",
                "actions[2]: touches protected node 'B' (the policy A->B ends there)",
                "actions[3]: unknown link 'L9'",
                "actions[4]: invalid setLinkWeight[L3].igpWeight: must be finite and > 0, got 0.0"),
                ProtectedElements.violations(plan, g, LINKS));
        Guardrails links = Guardrails.newBuilder().setMaxChanges(10).addProtectedLinkIds("L4").build();
        assertEquals(List.of("actions[0]: touches protected link 'L4' (the policy A->B routes over it)"),
                ProtectedElements.violations(Plan.newBuilder().addActions(path("A", "C", "B")).addActions(path("A", "B"))
                        .build(), links, LINKS));
    }
}
