package io.twinloop.planner.diagnosis;

import java.util.List;

/**
 * The answer of {@link FaultDiagnoser#diagnose}: the hypotheses best first, and what they were
 * judged on.
 *
 * @param hypotheses     at most the requested number of hypotheses, lowest {@link Hypothesis#score()} first
 * @param noneScore      the score of {@link HypothesisKind#NONE} (always evaluated, even when not in the
 *                       list); {@code noneScore - best().score()} is the evidence for a fault
 * @param evaluated      how many hypotheses were simulated and scored
 * @param reportingLinks links with an observation
 * @param silentLinks    links the twin believes up that sent no observation
 * @param noiseFloorBps  the load floor used in the log residuals (see {@link FaultDiagnoser.Options})
 */
public record Diagnosis(List<Hypothesis> hypotheses, double noneScore, int evaluated, int reportingLinks,
                        int silentLinks, double noiseFloorBps) {

    /** Copies the list. */
    public Diagnosis {
        hypotheses = List.copyOf(hypotheses);
    }

    /** The best hypothesis. */
    public Hypothesis best() {
        return hypotheses.get(0);
    }

    /** How much better (lower) the best hypothesis scores than {@link HypothesisKind#NONE}; 0 if NONE is best. */
    public double margin() {
        return noneScore - best().score();
    }
}
