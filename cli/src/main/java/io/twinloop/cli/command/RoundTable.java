package io.twinloop.cli.command;

import io.twinloop.cli.Output;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.Stage;
import io.twinloop.proto.gateway.v1.StageTiming;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints rounds as a table: round, mode, status, traffic (the observed row, tagged {@code est. FIT} when it
 * was estimated from link counters), MLU before → after, actions, stage timings.
 */
final class RoundTable {
    private static final Stage[] STAGES = {Stage.STAGE_OBSERVE, Stage.STAGE_FORECAST, Stage.STAGE_PLAN,
            Stage.STAGE_VERIFY, Stage.STAGE_APPLY, Stage.STAGE_RECORD};
    /** Narrowest TRAFFIC column: fits {@code row 1234}; {@link #all} widens it to its longest cell. */
    private static final int TRAFFIC_WIDTH = 8;

    private RoundTable() {
    }

    /** The header, with the TRAFFIC column at its narrowest (rows printed one by one, as the demo does). */
    static void header(PrintStream out) {
        header(out, TRAFFIC_WIDTH);
    }

    private static void header(PrintStream out, int trafficWidth) {
        out.printf("%-4s %-15s %-9s %-16s %-" + trafficWidth + "s %-19s %7s  %s%n", "#", "ROUND", "MODE", "STATUS", "TRAFFIC",
                "MLU BEFORE -> AFTER", "ACTIONS", "STAGE MS (observe/forecast/plan/verify/apply/record)");
    }

    /**
     * The TRAFFIC cell of a round: {@code row N} for a stored row, {@code -} for a given matrix, followed by
     * {@code est. FIT} when the observed traffic was estimated from link counters (a given matrix so marked is
     * just {@code est. FIT}).
     */
    static String trafficCell(Round r) {
        String where = r.getTraffic().hasRow() ? "row " + r.getTraffic().getRow() : "";
        if (!r.getTrafficEstimated()) {
            return where.isEmpty() ? "-" : where;
        }
        double f = r.getTrafficFitError();
        String tag = "est. " + (Double.isFinite(f) ? percent(f) : "no fit");
        return where.isEmpty() ? tag : where + " " + tag;
    }

    /** A relative fit as a percentage: two decimals below 1 %, else one ({@code 0.25%}, {@code 3.4%}). */
    static String percent(double fit) {
        return String.format(Locale.ROOT, fit < 0.01 ? "%.2f%%" : "%.1f%%", fit * 100);
    }

    /** {@code fit 3.4%}, or {@code no fit: every counter read 0} for a non-finite fit. */
    static String fit(double fit) {
        return Double.isFinite(fit) ? "fit " + percent(fit) : "no fit: every counter read 0";
    }

    /** One round's row, with the TRAFFIC column at its narrowest. */
    static void row(PrintStream out, int index, Round r) {
        row(out, index, r, TRAFFIC_WIDTH);
    }

    private static void row(PrintStream out, int index, Round r, int trafficWidth) {
        int actions = r.getCandidatesList().stream().filter(c -> c.getId().equals(r.getChosenCandidateId()))
                .mapToInt(c -> c.getPlan().getActionsCount()).findFirst().orElse(0);
        StringBuilder timings = new StringBuilder();
        for (Stage s : STAGES) {
            double ms = r.getTimingsList().stream().filter(t -> t.getStage() == s)
                    .mapToDouble(StageTiming::getDurationMs).sum();
            if (!timings.isEmpty()) {
                timings.append('/');
            }
            timings.append(Output.ms(ms));
        }
        out.printf("%-4d %-15s %-9s %-16s %-" + trafficWidth + "s %-19s %7d  %s%n", index, r.getId(),
                r.getMode().name().replace("ROUND_MODE_", "").toLowerCase().replace('_', '-'),
                r.getStatus().name().replace("ROUND_STATUS_", ""), trafficCell(r),
                Output.percent(r.getKpisBefore().getMaxLinkUtilization()) + " -> "
                        + Output.percent(r.getKpisAfter().getMaxLinkUtilization()),
                actions, timings);
    }

    static void details(PrintStream out, Round r) {
        out.printf("round %s on %s: %s, base version %d%s%n", r.getId(), r.getNetwork(),
                r.getStatus().name().replace("ROUND_STATUS_", ""), r.getBaseVersion(),
                r.getAppliedVersion() > 0 ? ", applied as version " + r.getAppliedVersion() : "");
        if (!r.getTriggerDetail().isEmpty()) {
            out.printf("  triggered by: %s%n", r.getTriggerDetail());
        }
        for (var h : r.getDiagnosisList()) {
            out.printf("  diagnosis: %-18s %-24s %5.1f%%  %s%n", h.getKind().name().replace("HYPOTHESIS_KIND_", ""),
                    String.join(",", h.getElementsList()), h.getScore() * 100, h.getExplanation());
        }
        if (!r.getDiagnosisExplanation().isEmpty()) {
            out.printf("  LLM on the diagnosis: %s%n", r.getDiagnosisExplanation());
        }
        out.printf("  traffic %s%s, forecast %s, %s%n", r.getTrafficTime().isEmpty() ? "-" : r.getTrafficTime(),
                trafficSource(r), r.getForecastMethod().isEmpty() ? "-" : r.getForecastMethod(), r.getLlmStatus());
        out.printf("  MLU %s -> %s; %s%n", Output.percent(r.getKpisBefore().getMaxLinkUtilization()),
                Output.percent(r.getKpisAfter().getMaxLinkUtilization()), r.getChoiceReason());
        for (var c : r.getCandidatesList()) {
            out.printf("  candidate %-16s %-10s %2d actions  verified %-5s  worst-case MLU %s%s%n", c.getId(), c.getSource(),
                    c.getPlan().getActionsCount(), c.getVerified(),
                    c.getScore() >= Double.MAX_VALUE ? "-" : Output.percent(c.getScore()),
                    c.getRejectionReasonsCount() > 0 ? "  rejected: " + String.join("; ", c.getRejectionReasonsList()) : "");
            if (c.getId().equals(r.getChosenCandidateId())) {
                for (String change : c.getRationale().getChangesList()) {
                    out.printf("      %s%n", change);
                }
            }
        }
        if (r.hasLlmTrace()) {
            var t = r.getLlmTrace();
            out.printf("  LLM: %s ms (model %s ms), %d answer(s), %d tokens in %d call(s)%n", Output.ms(t.getLatencyMs()),
                    Output.ms(t.getModelMs()), t.getAnswers(), r.getLlmUsage().getTotalTokens(), r.getLlmUsage().getLlmCalls());
            for (var c : t.getToolCallsList()) {
                out.printf("      tool %-16s %s ms%s%n", c.getName(), Output.ms(c.getMillis()),
                        c.getOk() ? "" : "  failed: " + c.getError());
            }
        }
        for (String d : r.getDegradationsList()) {
            out.printf("  degraded: %s%n", d);
        }
        if (!r.getError().isEmpty()) {
            out.printf("  error: %s%n", r.getError());
        }
    }

    /**
     * ", estimated from counters (fit 0.30%)" when the round's observed traffic was estimated from link
     * counters, else empty.
     */
    static String trafficSource(Round r) {
        if (!r.getTrafficEstimated()) {
            return "";
        }
        return ", estimated from counters (" + fit(r.getTrafficFitError()) + ")";
    }

    /** The header and every round, the TRAFFIC column as wide as its longest cell (an estimated round's tag). */
    static void all(PrintStream out, List<Round> rounds) {
        int width = TRAFFIC_WIDTH;
        for (Round r : rounds) {
            width = Math.max(width, trafficCell(r).length());
        }
        header(out, width);
        for (int i = 0; i < rounds.size(); i++) {
            row(out, i + 1, rounds.get(i), width);
        }
    }
}
