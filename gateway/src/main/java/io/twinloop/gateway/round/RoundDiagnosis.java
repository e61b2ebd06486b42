package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.planner.v1.DiagnoseRequest;
import io.twinloop.proto.planner.v1.DiagnoseResponse;
import io.twinloop.proto.planner.v1.ObservedLink;
import io.twinloop.proto.planner.v1.PlannerServiceGrpc;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.GetTelemetryRequest;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.util.LinkedHashMap;
import java.util.Map;

/** The diagnose stage of event rounds: the planner ranks what explains the twin's latest link telemetry. */
final class RoundDiagnosis {
    private RoundDiagnosis() {
    }

    /** Adds the ranked hypotheses to {@code round}; returns the stage note ("no ..." when skipped). */
    static String diagnose(TwinServiceGrpc.TwinServiceBlockingStub twin, PlannerServiceGrpc.PlannerServiceBlockingStub planner,
                           Round.Builder round, boolean useLlm, GetNetworkResponse net, TrafficMatrix observed, Deadline d) {
        String network = round.getNetwork();
        int links = net.getTopology().getLinksCount();
        var telemetry = Calls.call(d, dl -> twin.withDeadline(dl).getTelemetry(GetTelemetryRequest.newBuilder()
                .setNetwork(network).setLimit((int) Math.min(100_000, 4L * Math.max(1, links))).build()));
        Map<String, LinkSample> latest = new LinkedHashMap<>();
        for (LinkSample s : telemetry.getSamplesList()) {
            latest.merge(s.getLinkId(), s, (a, b) -> b.getTimeUnixMs() >= a.getTimeUnixMs() ? b : a);
        }
        if (latest.isEmpty()) {
            round.addDegradations("no link telemetry stored: nothing to diagnose");
            return "no link telemetry";
        }
        DiagnoseRequest.Builder dr = DiagnoseRequest.newBuilder().setNetwork(network).setVersion(net.getVersion())
                .setTraffic(observed).setMaxHypotheses(5).setUseLlm(useLlm);
        for (LinkSample s : latest.values()) {
            ObservedLink.Builder o = ObservedLink.newBuilder().setLinkId(s.getLinkId()).setLoadBps(s.getRateBps());
            if (s.getOperState() == LinkState.LINK_STATE_UP) {
                o.setOperUp(true);
            } else if (s.getOperState() == LinkState.LINK_STATE_DOWN) {
                o.setOperUp(false);
            }
            dr.addObserved(o);
        }
        DiagnoseResponse diagnosis = Calls.call(d, dl -> planner.withDeadline(dl).diagnose(dr.build()));
        round.addAllDiagnosis(diagnosis.getHypothesesList()).setDiagnosisExplanation(diagnosis.getLlmExplanation());
        if (diagnosis.getHypothesesCount() == 0) {
            return "no hypothesis";
        }
        var top = diagnosis.getHypotheses(0);
        return String.format(java.util.Locale.ROOT, "%s %s (%.0f%%), %d links reporting",
                top.getKind().name().replace("HYPOTHESIS_KIND_", ""), String.join(",", top.getElementsList()),
                top.getScore() * 100, latest.size());
    }
}
