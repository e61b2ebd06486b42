package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.twinloop.model.rules.TrafficCheck;
import io.twinloop.model.rules.VerifiedChecks;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.common.v1.Link;
import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.common.v1.PlanAction;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.gateway.v1.CandidateRecord;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.twin.v1.PlanVerification;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import io.twinloop.proto.twin.v1.VerifyPlansRequest;
import io.twinloop.proto.twin.v1.VerifyPlansResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a round's candidates on the twin and checks them against the guardrails and the round's
 * constraints, which do not depend on who proposed a plan: size, protected elements, unrouted demand,
 * the utilization limit, every constraint, and a real gain over keeping the current configuration: a
 * better score on the round's objective ({@link RoundObjective}), or, when today's configuration breaks
 * the utilization limit or a constraint, a plan that breaks none.
 *
 * <p>The twin is asked once ({@code VerifyPlans}): the current configuration and every candidate that
 * passes the static checks, under every traffic matrix of the round, at the round's version. Its KPIs
 * are translated to the model's {@link TrafficCheck}s as they arrive, and every decision on them is
 * the model's ({@link VerifiedChecks}, {@link io.twinloop.model.rules.Objective},
 * {@link io.twinloop.model.rules.ChangeWorth}); the proto KPIs only go into the round's record.
 */
final class RoundVerifier {
    private static final double EPS = 1e-9;

    /** What a round verifies against: objective, constraints, guardrails and the network's links by id. */
    record Context(RoundObjective objective, List<Constraint> constraints, Guardrails guard, Map<String, Link> links) {
        /** The round's constraints as the model checks them. */
        List<io.twinloop.model.rules.Constraint> rules() {
            return RoundObjective.constraints(constraints);
        }
    }

    /**
     * The KPIs of one plan under one labelled traffic matrix: as the twin sent them (for the round's
     * record) and as the model checks them.
     */
    record Check(String label, Kpis kpis, TrafficCheck model) {
    }

    /**
     * The verified candidates, in the order given, and the KPIs of keeping the configuration.
     *
     * @param todayBroken whether keeping the configuration breaks the utilization limit or a constraint
     */
    record Outcome(List<CandidateRecord> candidates, List<Check> noop, boolean todayBroken) {
        /** The score of keeping the configuration. */
        double today(RoundObjective objective) {
            return objective.scoreChecks(models(noop), models(noop));
        }
    }

    private RoundVerifier() {
    }

    /**
     * Verifies {@code candidates} at {@code version} under {@code traffic} (label to matrix, in order) with
     * one call to the twin.
     *
     * @throws StatusRuntimeException when the twin cannot verify (the round fails)
     */
    static Outcome verify(TwinServiceGrpc.TwinServiceBlockingStub twin, String network, long version,
                          List<Candidate> candidates, Map<String, TrafficMatrix> traffic, Context ctx, Deadline d) {
        List<String> labels = List.copyOf(traffic.keySet());
        VerifyPlansRequest.Builder req = VerifyPlansRequest.newBuilder().setNetwork(network).setVersion(version)
                .addPlans(Plan.getDefaultInstance());
        traffic.values().forEach(m -> req.addTraffic(TrafficSelector.newBuilder().setMatrix(m)));
        List<List<String>> staticReasons = new ArrayList<>();
        List<Integer> planIndex = new ArrayList<>();
        for (Candidate c : candidates) {
            List<String> reasons = c.getPlan().getActionsCount() == 0 ? List.of()
                    : staticViolations(c.getPlan(), ctx.guard(), ctx.links());
            staticReasons.add(reasons);
            if (c.getPlan().getActionsCount() > 0 && reasons.isEmpty()) {
                planIndex.add(req.getPlansCount());
                req.addPlans(c.getPlan());
            } else {
                planIndex.add(-1);
            }
        }
        VerifyPlansResponse r = Calls.call(d, dl -> twin.withDeadline(dl).verifyPlans(req.build()));
        if (r.getPlansCount() != req.getPlansCount() || !r.getPlans(0).getRejection().isEmpty()
                || r.getPlans(0).getKpisCount() != labels.size()) {
            throw Status.INTERNAL.withDescription("the twin could not verify the current configuration"
                    + (r.getPlansCount() > 0 ? ": " + r.getPlans(0).getRejection() : "")).asRuntimeException();
        }
        List<io.twinloop.model.rules.Constraint> constraints = ctx.rules();
        List<Check> noop = checks(labels, r.getPlans(0));
        boolean todayBroken = VerifiedChecks.breaksAny(constraints, ctx.guard().getMaxLinkUtilization(), models(noop));
        Outcome base = new Outcome(List.of(), noop, todayBroken);
        List<CandidateRecord> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            PlanVerification v = planIndex.get(i) < 0 ? null : r.getPlans(planIndex.get(i));
            out.add(evaluate(c, staticReasons.get(i), v, labels, base, ctx, constraints));
        }
        return new Outcome(out, noop, todayBroken);
    }

    /**
     * A plan's KPIs under each labelled traffic, translated for the model.
     *
     * @throws StatusRuntimeException INTERNAL when the twin sent KPIs the model cannot hold (a negative figure)
     */
    private static List<Check> checks(List<String> labels, PlanVerification v) {
        List<Check> out = new ArrayList<>();
        for (int j = 0; j < labels.size(); j++) {
            try {
                out.add(new Check(labels.get(j), v.getKpis(j), Translator.check(labels.get(j), v.getKpis(j), "kpis")));
            } catch (RequestException e) {
                throw Status.INTERNAL.withDescription("the twin sent invalid KPIs (" + labels.get(j) + " traffic): "
                        + e.getMessage()).asRuntimeException();
            }
        }
        return out;
    }

    /** One candidate's record from its static check and its twin verification ({@code null} when not sent). */
    private static CandidateRecord evaluate(Candidate c, List<String> staticReasons, PlanVerification v,
                                            List<String> labels, Outcome base, Context ctx,
                                            List<io.twinloop.model.rules.Constraint> constraints) {
        List<Check> noop = base.noop();
        RoundObjective objective = ctx.objective();
        double today = base.today(objective);
        CandidateRecord.Builder rec = CandidateRecord.newBuilder()
                .setId(c.getId()).setSource(c.getSource()).setPlan(c.getPlan())
                .setPlannerKpis(c.getKpis()).setRationale(c.getRationale());
        if (c.getPlan().getActionsCount() == 0) {
            // Keeping the current configuration: the baseline every other candidate must beat.
            rec.setVerified(true).setScore(today).setVerifiedKpis(noop.get(0).kpis());
            p90(noop).ifPresent(k -> rec.setVerifiedKpisP90(k));
            return rec.build();
        }
        if (!staticReasons.isEmpty()) {
            return rec.setVerified(false).addAllRejectionReasons(staticReasons).setScore(Double.MAX_VALUE).build();
        }
        if (!v.getRejection().isEmpty() || v.getKpisCount() != labels.size()) {
            return rec.setVerified(false).addRejectionReasons("the twin rejected the plan: " + v.getRejection())
                    .setScore(Double.MAX_VALUE).build();
        }
        List<Check> checks = checks(labels, v);
        List<TrafficCheck> plan = models(checks);
        List<TrafficCheck> kept = models(noop);
        Guardrails guard = ctx.guard();
        double limit = guard.getMaxLinkUtilization();
        List<String> reasons = VerifiedChecks.rejections(limit, guard.getAllowUnrouted(), constraints, plan, kept);
        double score = objective.scoreChecks(plan, kept);
        boolean fixes = base.todayBroken() && !VerifiedChecks.breaksAny(constraints, limit, plan);
        String notWorth = objective.notWorth(score, today, c.getPlan().getActionsCount(), TrafficCheck.worstMlu(kept),
                base.todayBroken());
        if (reasons.isEmpty() && notWorth != null && !fixes) {
            reasons.add(notWorth);
        }
        rec.setVerifiedKpis(checks.get(0).kpis()).setScore(score);
        p90(checks).ifPresent(k -> rec.setVerifiedKpisP90(k));
        return rec.setVerified(reasons.isEmpty()).addAllRejectionReasons(reasons).build();
    }

    /** The verified plan with the best score (fewer actions on a tie), or null when none improves. */
    static CandidateRecord best(List<CandidateRecord> records) {
        CandidateRecord best = null;
        for (CandidateRecord rec : records) {
            if (rec.getVerified() && !rec.getPlan().getActionsList().isEmpty()
                    && (best == null || rec.getScore() < best.getScore() - EPS
                    || (Math.abs(rec.getScore() - best.getScore()) <= EPS
                    && rec.getPlan().getActionsCount() < best.getPlan().getActionsCount()))) {
                best = rec;
            }
        }
        return best;
    }

    private static java.util.Optional<Kpis> p90(List<Check> checks) {
        return checks.stream().filter(ch -> ch.label().equals("p90")).findFirst().map(Check::kpis);
    }

    /** The model's view of each check. */
    static List<TrafficCheck> models(List<Check> checks) {
        return checks.stream().map(Check::model).toList();
    }

    /** Size and protected elements: what a plan breaks before any simulation. */
    static List<String> staticViolations(Plan plan, Guardrails guard, Map<String, Link> links) {
        return ProtectedElements.violations(plan, guard, links.values());
    }
}
