package io.twinloop.platform.proto;

import io.twinloop.model.routing.Kpis;
import io.twinloop.model.rules.Constraint;
import io.twinloop.model.rules.Objective;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.proto.common.v1.ConstraintMetric;
import io.twinloop.proto.common.v1.ConstraintOp;
import io.twinloop.proto.common.v1.ObjectiveWeights;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The round rules' types across the wire: constraints, objectives and a plan's KPIs with its churn. */
class TranslatorRulesTest {

    @Test
    void everyConstraintRoundTrips() {
        for (Constraint.Metric m : Constraint.Metric.values()) {
            for (Constraint.Op op : Constraint.Op.values()) {
                Constraint c = new Constraint(m, op, 12.5);
                assertEquals(c, Translator.constraint(Translator.constraint(c), "c"));
            }
        }
    }

    @Test
    void everyProtoMetricHasItsModelMetric() {
        var latency = io.twinloop.proto.common.v1.Constraint.newBuilder()
                .setMetric(ConstraintMetric.CONSTRAINT_METRIC_P95_LATENCY_MS).setOp(ConstraintOp.CONSTRAINT_OP_LE)
                .setValue(20).build();
        assertEquals(new Constraint(Constraint.Metric.P95_LATENCY_MS, Constraint.Op.LE, 20),
                Translator.constraint(latency, "c"));
        for (ConstraintMetric m : ConstraintMetric.values()) {
            if (m != ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED && m != ConstraintMetric.UNRECOGNIZED) {
                var c = latency.toBuilder().setMetric(m).build();
                assertEquals(m, Translator.constraint(Translator.constraint(c, "c")).getMetric());
            }
        }
    }

    @Test
    void anUnsetMetricOrComparisonOrAnEndlessBoundIsRefusedNamingTheField() {
        var ok = io.twinloop.proto.common.v1.Constraint.newBuilder()
                .setMetric(ConstraintMetric.CONSTRAINT_METRIC_CHURN).setOp(ConstraintOp.CONSTRAINT_OP_GE).setValue(1).build();
        assertEquals("constraints[2].metric", assertThrows(RequestException.class, () -> Translator.constraint(
                ok.toBuilder().setMetric(ConstraintMetric.CONSTRAINT_METRIC_UNSPECIFIED).build(), "constraints[2]")).field());
        assertEquals("constraints[2].op", assertThrows(RequestException.class, () -> Translator.constraint(
                ok.toBuilder().setOp(ConstraintOp.CONSTRAINT_OP_UNSPECIFIED).build(), "constraints[2]")).field());
        assertEquals("constraints[2]", assertThrows(RequestException.class, () -> Translator.constraint(
                ok.toBuilder().setValue(Double.POSITIVE_INFINITY).build(), "constraints[2]")).field());
    }

    @Test
    void aCheckCarriesTheKpisAndTheChurn() {
        Kpis k = new Kpis(0.9, 0.4, 0.8, 5e9, 1e6, 2e6, 3, 12.5, 30.25, false, 3e6, 1500);
        var check = Translator.check("p90", Translator.kpis(k, 4), "kpis");
        assertEquals("p90", check.label());
        assertEquals(k, check.kpis());
        assertEquals(4, check.churn());
        assertEquals("kpis.churn", assertThrows(RequestException.class,
                () -> Translator.check("p90", Translator.kpis(k, -1), "kpis")).field());
    }

    @Test
    void eachObjectiveHasItsGoalAndUnspecifiedIsMlu() {
        Map<io.twinloop.proto.common.v1.Objective, Objective.Goal> goals = Map.of(
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_UNSPECIFIED, Objective.Goal.MLU,
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_MLU, Objective.Goal.MLU,
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_LATENCY, Objective.Goal.LATENCY,
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_POWER, Objective.Goal.POWER,
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_MIN_CHURN, Objective.Goal.CHURN,
                io.twinloop.proto.common.v1.Objective.OBJECTIVE_WEIGHTED, Objective.Goal.WEIGHTED);
        var w = ObjectiveWeights.newBuilder().setUtilization(2).setLatency(1).setPower(0.5).setChurn(3).build();
        goals.forEach((proto, goal) -> assertEquals(new Objective(goal, new Objective.Weights(2, 1, 0.5, 3), 4),
                Translator.objective(proto, w, 4), proto.name()));
        assertEquals(Objective.Weights.EQUAL, Translator.objective(io.twinloop.proto.common.v1.Objective.OBJECTIVE_WEIGHTED,
                ObjectiveWeights.getDefaultInstance(), 4).weights(), "no weights are equal weights");
    }
}
