package io.twinloop.planner.grpc;

import io.twinloop.model.Network;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.optimizer.PlanCandidate;
import io.twinloop.planner.optimizer.Rationale;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.HypothesisKind;
import io.twinloop.proto.twin.v1.GetNetworkResponse;

import java.util.BitSet;
import java.util.List;

/**
 * The planner's own proto forms: a twin snapshot as the planner reads it, its candidates and its
 * diagnosis hypotheses. The
 * shared types (topology, plans, demands, KPIs, link states) translate through {@link Translator},
 * the one translator.
 */
public final class PlannerProtoMapper {

    private PlannerProtoMapper() {
    }

    /**
     * The model network of a twin snapshot (without its static demands: the planner plans on the
     * request's traffic). Links keep their admin and oper states (unspecified counts as UP), so a
     * sleeping link draws its sleep power in the planner's KPIs as it does in the twin's.
     *
     * @throws io.twinloop.model.InvalidNetworkException if the twin sent an inconsistent topology
     */
    public static Network network(GetNetworkResponse r) {
        return Translator.network(r.getNetwork(), r.getTopology());
    }

    /**
     * The links of a twin snapshot that carry no traffic: not UP by configuration, or observed down
     * (an unspecified state counts as UP), as indices into {@code network(r).links()}.
     */
    public static BitSet downLinks(GetNetworkResponse r) {
        List<io.twinloop.proto.common.v1.Link> links = r.getTopology().getLinksList();
        BitSet down = new BitSet(links.size());
        for (int i = 0; i < links.size(); i++) {
            if (Translator.reported(links.get(i).getAdminState()) != io.twinloop.model.LinkState.UP
                    || Translator.reported(links.get(i).getOperState()) != io.twinloop.model.LinkState.UP) {
                down.set(i);
            }
        }
        return down;
    }

    /** A proto rationale. */
    public static io.twinloop.proto.common.v1.Rationale rationale(Rationale r) {
        return io.twinloop.proto.common.v1.Rationale.newBuilder()
                .setObjective(r.objective())
                .addAllBindingLinkIds(r.bindingLinkIds())
                .addAllChanges(r.changes())
                .setSummary(r.summary())
                .build();
    }

    /** A proto candidate. */
    public static Candidate candidate(PlanCandidate c) {
        return Candidate.newBuilder()
                .setId(c.id())
                .setSource(c.source())
                .setPlan(Translator.plan(c.plan()))
                .setKpis(Translator.kpis(c.kpis(), c.plan().actions().size()))
                .setRationale(rationale(c.rationale()))
                .setScore(c.score())
                .build();
    }

    /**
     * A proto hypothesis.
     *
     * @param likelihood its score as a relative likelihood among those returned
     */
    public static io.twinloop.proto.planner.v1.Hypothesis hypothesis(Hypothesis h, double likelihood) {
        return io.twinloop.proto.planner.v1.Hypothesis.newBuilder()
                .setKind(switch (h.kind()) {
                    case NONE -> HypothesisKind.HYPOTHESIS_KIND_NO_FAULT;
                    case LINK_DOWN -> HypothesisKind.HYPOTHESIS_KIND_LINK_DOWN;
                    case NODE_DOWN -> HypothesisKind.HYPOTHESIS_KIND_NODE_DOWN;
                    case SRLG_DOWN -> HypothesisKind.HYPOTHESIS_KIND_SRLG_DOWN;
                    case TRAFFIC_SHIFT -> HypothesisKind.HYPOTHESIS_KIND_TRAFFIC_SHIFT;
                    case CAPACITY_DEGRADED -> HypothesisKind.HYPOTHESIS_KIND_CAPACITY_DEGRADED;
                })
                .addAllElements(h.elements()).setScore(likelihood)
                .setExplanation(h.explanation()).setResidual(Double.isFinite(h.residual()) ? h.residual() : 0)
                .build();
    }
}
