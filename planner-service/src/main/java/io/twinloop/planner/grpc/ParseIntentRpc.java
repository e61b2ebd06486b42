package io.twinloop.planner.grpc;

import io.twinloop.model.Network;
import io.twinloop.planner.client.TwinClient;
import io.twinloop.planner.llm.IntentParser;
import io.twinloop.planner.llm.LlmPlanner;
import io.twinloop.planner.llm.PlanGuard;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import io.twinloop.proto.planner.v1.ParseIntentRequest;
import io.twinloop.proto.planner.v1.ParseIntentResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The ParseIntent RPC: an operator's intent as an objective, guardrails and constraints. The
 * structured form is parsed as is; free text goes to the LLM when one is configured, and to the
 * rules parser when none is or its answer is unusable ({@link IntentParser}).
 */
@Singleton
class ParseIntentRpc {

    @Inject
    TwinClient twin;

    @Inject
    PlannerLlm llm;

    ParseIntentResponse parseIntent(ParseIntentRequest req) {
        String text = req.getText();
        if (text.isBlank()) {
            throw new RequestException("text", "the intent text is empty");
        }
        if (text.length() > IntentParser.MAX_TEXT) {
            throw new RequestException("text", "the intent has " + text.length() + " characters, more than "
                    + IntentParser.MAX_TEXT);
        }
        Network network = req.getNetwork().isBlank() ? null
                : PlanningProblems.network(twin.getNetwork(req.getNetwork(), 0));
        LlmPlanner model = llm.planner();
        String llmStatus = PlannerLlm.LLM_NOT_REQUESTED;
        long[] tokens = new long[2];
        int calls = 0;
        IntentParser.Intent intent;
        try {
            if (IntentParser.structured(text)) {
                intent = IntentParser.parseStructured(text, network, "structured", null);
            } else if (model != null) {
                calls = 1;
                try {
                    intent = IntentParser.parseWithLlm(model.model(), text, network, tokens);
                    llmStatus = "ok";
                } catch (IntentParser.IntentException e) {
                    llmStatus = "invalid output: " + e.getMessage();
                    intent = IntentParser.parseRules(text, network);
                } catch (RuntimeException e) {
                    llmStatus = "error: " + PlanGuard.shorten(e.getMessage());
                    intent = IntentParser.parseRules(text, network);
                }
            } else {
                llmStatus = PlannerLlm.NO_LLM;
                intent = IntentParser.parseRules(text, network);
            }
        } catch (IntentParser.IntentException e) {
            throw new RequestException("text", "INVALID_INTENT", e.getMessage());
        }
        if (intent == null) {
            throw new RequestException("text", "INTENT_NOT_UNDERSTOOD", "nothing in the intent was understood ("
                    + llmStatus + "); give it in the structured form, e.g. {\"objective\": \"min-power\", "
                    + "\"constraints\": [\"mlu<=0.7\"]}");
        }
        return response(intent).setLlmStatus(llmStatus).setUsage(PlannerLlm.usage(tokens[0], tokens[1], calls)).build();
    }

    /** The proto form of a parsed intent (its objective, guardrails, weights and constraints). */
    private static ParseIntentResponse.Builder response(IntentParser.Intent intent) {
        ParseIntentResponse.Builder b = ParseIntentResponse.newBuilder()
                .setObjective(switch (intent.objective()) {
                    case "min-latency" -> Objective.OBJECTIVE_MIN_LATENCY;
                    case "min-power" -> Objective.OBJECTIVE_MIN_POWER;
                    case "min-churn" -> Objective.OBJECTIVE_MIN_CHURN;
                    case "weighted" -> Objective.OBJECTIVE_WEIGHTED;
                    default -> Objective.OBJECTIVE_MIN_MLU;
                })
                .setGuardrails(Guardrails.newBuilder().setMaxChanges(intent.maxChanges())
                        .setMaxLinkUtilization(intent.maxLinkUtilization())
                        .addAllProtectedLinkIds(intent.protectedLinks()).addAllProtectedNodeNames(intent.protectedNodes()))
                .setObjectiveWeights(ObjectiveWeights.newBuilder()
                        .setUtilization(intent.weights()[0]).setLatency(intent.weights()[1])
                        .setPower(intent.weights()[2]).setChurn(intent.weights()[3]))
                .setInterpretation(intent.interpretation()).addAllUnparsed(intent.unparsed())
                .setParser(intent.parser());
        for (IntentParser.Constraint c : intent.constraints()) {
            b.addConstraints(Constraint.newBuilder().setMetric(switch (c.metric()) {
                case "mlu" -> ConstraintMetric.CONSTRAINT_METRIC_MAX_LINK_UTILIZATION;
                case "latency" -> ConstraintMetric.CONSTRAINT_METRIC_MEAN_LATENCY_MS;
                case "p95latency" -> ConstraintMetric.CONSTRAINT_METRIC_P95_LATENCY_MS;
                case "power" -> ConstraintMetric.CONSTRAINT_METRIC_TOTAL_POWER_W;
                case "churn" -> ConstraintMetric.CONSTRAINT_METRIC_CHURN;
                default -> ConstraintMetric.CONSTRAINT_METRIC_UNROUTED_BPS;
            }).setOp(c.op().equals("<=") ? ConstraintOp.CONSTRAINT_OP_LE : ConstraintOp.CONSTRAINT_OP_GE)
                    .setValue(c.value()));
        }
        return b;
    }
}
