package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.forecast.v1.ForecastRequest;
import io.twinloop.proto.forecast.v1.ForecastResponse;
import io.twinloop.proto.forecast.v1.ForecastServiceGrpc;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RunRoundRequest;
import io.twinloop.proto.gateway.v1.StageStatus;
import io.twinloop.proto.planner.v1.Candidate;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.planner.v1.ProposeRequest;
import io.twinloop.proto.planner.v1.ProposeResponse;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.SimulateResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A round's forecast and plan stages. Both degrade rather than fail when their service is out
 * (planned on the observed traffic; the current configuration kept); only a planner that refuses the
 * round's request fails it.
 */
final class RoundPlanning {
    private RoundPlanning() {
    }

    /** The next interval's p50 (step 1) and p90 (peak over the horizon), scaled as the round's traffic. */
    record Forecast(TrafficMatrix p50, TrafficMatrix p90) {
    }

    /** The forecast stage (started by the caller, ended here); null when skipped or degraded. */
    static Forecast forecast(ForecastServiceGrpc.ForecastServiceBlockingStub forecast, Round.Builder round,
                             RunRoundRequest req, SimulateResponse baseline, StageTimer timer, Deadline d) {
        if (!baseline.hasTrafficRow()) {
            round.addDegradations("no traffic series: planned on " + (req.getTraffic().hasMatrix()
                    ? "the given matrix" : "the topology's static demands"));
            timer.end(StageStatus.STAGE_STATUS_SKIPPED, "no traffic series to forecast from");
            return null;
        }
        try {
            int row = baseline.getTrafficRow();
            ForecastResponse f = Calls.call(d, dl -> forecast.withDeadline(dl).forecast(
                    ForecastRequest.newBuilder().setNetwork(req.getNetwork())
                            .setHorizonSteps(round.getForecastHorizonSteps())
                            .addQuantiles(0.5).addQuantiles(0.9).setHistoryEndRow(row).build()));
            double scale = RoundTraffic.scale(req.getTraffic());
            Forecast out = new Forecast(RoundTraffic.quantileMatrix(f, 0.5, false, scale),
                    RoundTraffic.quantileMatrix(f, 0.9, true, scale));
            round.setForecastMethod(f.getMethod());
            if (!f.getFallbackReason().isEmpty()) {
                round.addDegradations("forecast: " + f.getFallbackReason());
            }
            timer.end(StageStatus.STAGE_STATUS_OK, f.getMethod() + ", " + f.getStepsCount() + " steps");
            return out;
        } catch (StatusRuntimeException e) {
            round.addDegradations("forecast unavailable (" + Calls.describe(e) + "): planned on the observed traffic");
            timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
            return null;
        }
    }

    /**
     * The plan stage (started by the caller, ended here unless it throws): the planner's candidates on
     * the p50 forecast (else the observed traffic), robust to the observed and p90 traffic, on the
     * snapshot {@code net} the round holds. A planner that is down degrades to no candidates.
     *
     * @throws StatusRuntimeException when the planner refuses the request (not a transient failure)
     */
    static List<Candidate> propose(PlannerServiceGrpc.PlannerServiceBlockingStub planner, Round.Builder round,
                                   RunRoundRequest req, Guardrails guard, GetNetworkResponse net, TrafficMatrix observed,
                                   Forecast fc, StageTimer timer, Deadline d) {
        List<Candidate> candidates = new ArrayList<>();
        try {
            ProposeRequest.Builder propose = ProposeRequest.newBuilder()
                    .setNetwork(req.getNetwork()).setVersion(net.getVersion()).setTopology(net.getTopology())
                    .setTraffic(fc != null ? fc.p50() : observed).addTrafficSamples(observed)
                    .setObjective(req.getObjective()).setObjectiveWeights(req.getObjectiveWeights())
                    .addAllConstraints(req.getConstraintsList()).setGuardrails(guard)
                    .setUseLlm(!req.getDisableLlm()).setIntent(req.getIntent());
            if (fc != null) {
                propose.addTrafficSamples(fc.p90());
            }
            ProposeResponse proposed = Calls.call(d, dl -> planner.withDeadline(dl).propose(propose.build()));
            candidates.addAll(proposed.getCandidatesList());
            if (!proposed.getLlmStatus().isEmpty()) {
                round.setLlmStatus(proposed.getLlmStatus());
            }
            round.setLlmUsage(proposed.getUsage());
            if (proposed.hasLlmTrace()) {
                round.setLlmTrace(proposed.getLlmTrace());
                if (!proposed.getLlmTrace().getFallbackReason().isEmpty()) {
                    round.addDegradations("LLM plan not used: " + proposed.getLlmTrace().getFallbackReason());
                }
            }
            timer.end(StageStatus.STAGE_STATUS_OK, candidates.size() + " candidates");
        } catch (StatusRuntimeException e) {
            if (!Calls.isTransient(e)) {
                throw e;
            }
            round.addDegradations("planner unavailable (" + Calls.describe(e) + "): kept the current configuration");
            timer.end(StageStatus.STAGE_STATUS_DEGRADED, Calls.describe(e));
        }
        return candidates;
    }
}
