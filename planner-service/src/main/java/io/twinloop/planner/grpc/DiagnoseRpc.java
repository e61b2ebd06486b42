package io.twinloop.planner.grpc;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.NetworkName;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.diagnosis.Diagnosis;
import io.twinloop.planner.diagnosis.FaultDiagnoser;
import io.twinloop.planner.diagnosis.Hypothesis;
import io.twinloop.planner.diagnosis.LinkObservation;
import io.twinloop.planner.llm.DiagnosisExplainer;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.common.v1.TokenUsage;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The Diagnose RPC: the faults that best explain the observed link loads under the traffic
 * ({@link FaultDiagnoser}), ranked, with their scores as relative likelihoods; when asked for and
 * configured, the LLM adds an explanation of the top hypotheses (the ranking stands whatever it says).
 */
@Singleton
class DiagnoseRpc {
    /** Most hypotheses a diagnosis returns. */
    static final int MAX_HYPOTHESES = 50;

    @Inject
    TwinClient twin;

    @Inject
    PlannerLlm llm;

    DiagnoseResponse diagnose(DiagnoseRequest req) {
        String nameProblem = NetworkName.storedProblem(req.getNetwork()); // the planner only reads the network
        if (nameProblem != null) {
            throw new RequestException("network", nameProblem);
        }
        if (req.getVersion() < 0) {
            throw new RequestException("version", "version must be >= 0 (0 = latest), got " + req.getVersion());
        }
        if (req.getMaxHypotheses() < 0 || req.getMaxHypotheses() > MAX_HYPOTHESES) {
            throw new RequestException("max_hypotheses", "max_hypotheses must be 0.." + MAX_HYPOTHESES + " (0 = 5), got "
                    + req.getMaxHypotheses());
        }
        if (req.getObservedCount() == 0) {
            throw new RequestException("observed", "no observations: give the links' measured loads");
        }
        GetNetworkResponse snapshot = twin.getNetwork(req.getNetwork(), req.getVersion());
        Network network = PlanningProblems.network(snapshot);
        BitSet down = PlannerProtoMapper.downLinks(snapshot);
        var tm = req.hasTraffic() ? req.getTraffic() : twin.latestTraffic(req.getNetwork());
        List<Demand> traffic = Translator.demands(tm, "traffic");
        if (traffic.isEmpty()) {
            throw new RequestException("traffic", "network '" + req.getNetwork() + "' has no stored traffic; give traffic");
        }
        PlanningProblems.checkNodes(network, traffic, "traffic");
        List<LinkObservation> obs = observations(req, network);
        Diagnosis d;
        try {
            d = new FaultDiagnoser().diagnose(network, down, traffic, obs,
                    req.getMaxHypotheses() == 0 ? 5 : req.getMaxHypotheses());
        } catch (IllegalArgumentException e) {
            throw new RequestException("observed", e.getMessage());
        }
        LlmPlanner model = llm.planner();
        DiagnoseResponse.Builder b = DiagnoseResponse.newBuilder().setVersion(snapshot.getVersion())
                .setLlmStatus(!req.getUseLlm() ? PlannerLlm.LLM_NOT_REQUESTED : model == null ? PlannerLlm.NO_LLM : "ok")
                .setUsage(TokenUsage.getDefaultInstance());
        if (req.getUseLlm() && model != null && !d.hypotheses().isEmpty()) {
            // the ranking stands whatever the model says: it only adds an explanation for the operator
            long[] tokens = new long[2];
            try {
                b.setLlmExplanation(DiagnosisExplainer.explain(model.model(), network.name(),
                        d.hypotheses().subList(0, Math.min(3, d.hypotheses().size())), tokens));
            } catch (RuntimeException e) {
                b.setLlmStatus("error: " + PlanGuard.shorten(e.getMessage()) + "; the ranking alone");
            }
            b.setUsage(PlannerLlm.usage(tokens[0], tokens[1], 1));
        }
        // scores are -2 ln likelihood (lower is better): as relative likelihoods they sum to 1 over those returned
        double best = d.hypotheses().isEmpty() ? 0 : d.hypotheses().get(0).score();
        double sum = 0;
        for (Hypothesis h : d.hypotheses()) {
            sum += Math.exp(-(h.score() - best) / 2);
        }
        for (Hypothesis h : d.hypotheses()) {
            b.addHypotheses(PlannerProtoMapper.hypothesis(h, Math.exp(-(h.score() - best) / 2) / sum));
        }
        return b.build();
    }

    /** The request's observations, each naming one link of the network (by id, or by unique ends). */
    private static List<LinkObservation> observations(DiagnoseRequest req, Network network) {
        List<LinkObservation> obs = new ArrayList<>();
        for (int i = 0; i < req.getObservedCount(); i++) {
            var o = req.getObserved(i);
            String id = o.getLinkId();
            if (id.isEmpty()) {
                List<String> match = network.links().stream().filter(l -> l.src().equals(o.getSrc())
                        && l.dst().equals(o.getDst())).map(Link::id).toList();
                if (match.size() != 1) {
                    throw new RequestException("observed[" + i + "]", match.isEmpty() ? "UNKNOWN_LINK" : "AMBIGUOUS_LINK",
                            (match.isEmpty() ? "no link " : match.size() + " parallel links ") + o.getSrc() + "->"
                                    + o.getDst() + " in network '" + network.name() + "'"
                                    + (match.isEmpty() ? "" : "; give link_id"));
                }
                id = match.get(0);
            }
            if (!Double.isFinite(o.getLoadBps()) || o.getLoadBps() < 0) {
                throw new RequestException("observed[" + i + "].load_bps", "load must be finite and >= 0, got "
                        + o.getLoadBps());
            }
            obs.add(LinkObservation.of(id, o.getLoadBps(), !o.hasOperUp() ? null
                    : o.getOperUp() ? LinkState.UP : LinkState.DOWN));
        }
        return obs;
    }
}
