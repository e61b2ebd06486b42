package io.twinloop.gateway.grpc;

import io.grpc.Status;
import io.twinloop.gateway.round.RoundFailedException;
import io.twinloop.gateway.schedule.ScheduleConfig;
import io.twinloop.model.NetworkName;
import io.twinloop.model.rules.ChangeWorth;
import io.twinloop.proto.common.v1.Constraint;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.Guardrails;
import io.twinloop.proto.common.v1.Objective;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import io.twinloop.proto.gateway.v1.EventTriggers;
import io.twinloop.proto.gateway.v1.NetworkPolicy;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.gateway.v1.SetScheduleRequest;

import java.util.List;

/**
 * Checks of the gateway's requests. Every failure is INVALID_ARGUMENT with a message that names
 * the field, the accepted range and the value received.
 */
final class RequestChecks {
    /** The forecaster's longest horizon, in intervals. */
    static final int MAX_HORIZON_STEPS = 288;
    /** Guardrail ranges; the same as the round runner's checks of a request's guardrails. */
    static final double MAX_UTILIZATION_LIMIT = 10;
    static final int MAX_CHANGES_LIMIT = 1000;

    private RequestChecks() {
    }

    static RoundFailedException invalid(String message) {
        return new RoundFailedException(Status.Code.INVALID_ARGUMENT, "", message);
    }

    /** A network name under the one name rule ({@link NetworkName}). */
    static void network(String field, String network) {
        String problem = NetworkName.problem(field, network);
        if (problem != null) {
            throw invalid(problem);
        }
    }

    /**
     * A name that may name a stored network, for reads and removals: names stored before the name
     * rule ({@link NetworkName#isStored}) stay readable and deletable; anything else is refused as
     * {@link #network} refuses it.
     */
    static void storedNetwork(String field, String network) {
        if (!NetworkName.isStored(network)) {
            network(field, network);
        }
    }

    static void schedule(SetScheduleRequest req, long minIntervalSeconds) {
        network("network name", req.getNetwork());
        if (req.getIntervalSeconds() < minIntervalSeconds || req.getIntervalSeconds() > ScheduleConfig.MAX_INTERVAL_SECONDS) {
            throw invalid("interval_seconds must be in [" + minIntervalSeconds + ", " + ScheduleConfig.MAX_INTERVAL_SECONDS
                    + "] (at least twinloop.gateway.schedule.min-interval-seconds, at most 7 days), got "
                    + req.getIntervalSeconds());
        }
        if (req.getMode() == RoundMode.UNRECOGNIZED) {
            throw invalid("mode " + req.getModeValue() + " is not a RoundMode this gateway knows");
        }
        if (req.getObjective() == Objective.UNRECOGNIZED) {
            throw invalid("objective " + req.getObjectiveValue() + " is not an Objective this gateway knows");
        }
        weights(req.getObjectiveWeights());
        constraints(req.getConstraintsList());
        guardrails("guardrails", req.getGuardrails());
        if (req.getForecastHorizonSteps() < 0 || req.getForecastHorizonSteps() > MAX_HORIZON_STEPS) {
            throw invalid("forecast_horizon_steps must be in [0, " + MAX_HORIZON_STEPS + "] (0 = default), got "
                    + req.getForecastHorizonSteps());
        }
    }

    static void policy(NetworkPolicy policy) {
        network("policy.network", policy.getNetwork());
        guardrails("policy.guardrails", policy.getGuardrails());
        EventTriggers ev = policy.getEvents();
        if (ev.getMode() == RoundMode.UNRECOGNIZED) {
            throw invalid("policy.events.mode " + ev.getModeValue() + " is not a RoundMode this gateway knows");
        }
        if (ev.getMinIntervalSeconds() < 0 || ev.getMinIntervalSeconds() > ScheduleConfig.MAX_INTERVAL_SECONDS) {
            throw invalid("policy.events.min_interval_seconds must be in [0, " + ScheduleConfig.MAX_INTERVAL_SECONDS
                    + "] (0 = 60), got " + ev.getMinIntervalSeconds());
        }
        double t = policy.getTargetUtilization();
        if (!Double.isFinite(t) || t < 0 || t > MAX_UTILIZATION_LIMIT) {
            throw invalid("policy.target_utilization must be in [0, " + (int) MAX_UTILIZATION_LIMIT
                    + "] (0 = default " + ChangeWorth.DEFAULT_TARGET_UTILIZATION + "), got " + t);
        }
        double g = policy.getMinGainPerChange();
        if (!Double.isFinite(g) || g < 0 || g > 1) {
            throw invalid("policy.min_gain_per_change must be in [0, 1] (0 = default "
                    + ChangeWorth.DEFAULT_MIN_GAIN_PER_CHANGE + "), got " + g);
        }
    }

    static void guardrails(String field, Guardrails g) {
        double u = g.getMaxLinkUtilization();
        if (!Double.isFinite(u) || u < 0 || u > MAX_UTILIZATION_LIMIT) {
            throw invalid(field + ".max_link_utilization must be in [0, " + (int) MAX_UTILIZATION_LIMIT
                    + "] (0 = default), got " + u);
        }
        if (g.getMaxChanges() < 0 || g.getMaxChanges() > MAX_CHANGES_LIMIT) {
            throw invalid(field + ".max_changes must be in [0, " + MAX_CHANGES_LIMIT + "] (0 = default), got "
                    + g.getMaxChanges());
        }
        nonEmpty(field + ".protected_link_ids", g.getProtectedLinkIdsList());
        nonEmpty(field + ".protected_node_names", g.getProtectedNodeNamesList());
    }

    private static void nonEmpty(String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isBlank()) {
                throw invalid(field + "[" + i + "] is empty");
            }
        }
    }

    private static void weights(ObjectiveWeights w) {
        double[] values = {w.getUtilization(), w.getLatency(), w.getPower(), w.getChurn()};
        String[] names = {"utilization", "latency", "power", "churn"};
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || values[i] < 0) {
                throw invalid("objective_weights." + names[i] + " must be a finite number >= 0, got " + values[i]);
            }
        }
    }

    private static void constraints(List<Constraint> constraints) {
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            String field = "constraints[" + i + "]";
            if (c.getMetric() == ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED
                    || c.getMetric() == ConstraintMetric.UNRECOGNIZED) {
                throw invalid(field + ".metric must be set to a ConstraintMetric this gateway knows, got "
                        + c.getMetricValue());
            }
            if (c.getOp() == ConstraintOp.CONSTRAINT_OP_UNSPECIFIED || c.getOp() == ConstraintOp.UNRECOGNIZED) {
                throw invalid(field + ".op must be LE or GE, got " + c.getOpValue());
            }
            if (!Double.isFinite(c.getValue())) {
                throw invalid(field + ".value must be a finite number, got " + c.getValue());
            }
        }
    }
}
