package io.twinloop.planner.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * One candidate explanation of the telemetry, as ranked by {@link FaultDiagnoser}.
 *
 * @param kind        what happened
 * @param elements    what it happened to: link ids ({@link HypothesisKind#LINK_DOWN},
 *                    {@link HypothesisKind#CAPACITY_DEGRADED}), a node name ({@link HypothesisKind#NODE_DOWN},
 *                    {@link HypothesisKind#TRAFFIC_SHIFT}), an SRLG name ({@link HypothesisKind#SRLG_DOWN});
 *                    empty for {@link HypothesisKind#NONE} and for a shift of the whole matrix
 * @param score       the penalised misfit, lower is better: robust sum of squared log residuals of the
 *                    loads (in units of the noise level) plus the costs of contradicted oper-state
 *                    flags, minus the evidence of a silent element, plus the prior cost of the
 *                    hypothesis (see {@link FaultDiagnoser}); differences between scores are
 *                    {@code -2 ln} likelihood ratios
 * @param residual    root mean square of {@code ln((observed + floor) / (predicted + floor))} over the
 *                    links that reported, i.e. roughly the relative load error left unexplained
 * @param fitted      the fitted parameter: the degraded capacity in bit/s for
 *                    {@link HypothesisKind#CAPACITY_DEGRADED}, the traffic scale factor for
 *                    {@link HypothesisKind#TRAFFIC_SHIFT}; {@code NaN} for the other kinds
 * @param explanation one or two sentences for an operator: the claim and the evidence for it
 */
public record Hypothesis(HypothesisKind kind, List<String> elements, double score, double residual, double fitted,
                         String explanation) {

    /** Copies the elements. */
    public Hypothesis {
        Objects.requireNonNull(kind, "kind");
        elements = List.copyOf(elements);
        Objects.requireNonNull(explanation, "explanation");
    }
}
