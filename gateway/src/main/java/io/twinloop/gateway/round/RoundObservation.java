package io.twinloop.gateway.round;

import io.grpc.Deadline;
import io.twinloop.proto.common.v1.TrafficMatrix;
import io.twinloop.proto.common.v1.TrafficSelector;
import io.twinloop.proto.twin.v1.GetNetworkRequest;
import io.twinloop.proto.twin.v1.GetNetworkResponse;
import io.twinloop.proto.twin.v1.SimulateRequest;
import io.twinloop.proto.twin.v1.SimulateResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

/**
 * A round's observe stage on the twin: the snapshot (two calls in all) and the KPIs of the round's
 * traffic routed on it, with the matrix the twin routed (the selected row, the given matrix or the
 * static demands, scale applied), which is the round's observed traffic, marked by the twin when it
 * was estimated from link counters.
 */
final class RoundObservation {
    private RoundObservation() {
    }

    /** The snapshot, the baseline simulation and the observed matrix. */
    record Observed(GetNetworkResponse net, SimulateResponse baseline, TrafficMatrix observed) {
    }

    /** Observes {@code network} at {@code version} (0 = latest) under {@code traffic}. */
    static Observed observe(TwinServiceGrpc.TwinServiceBlockingStub twin, String network, long version,
                            TrafficSelector traffic, Deadline d) {
        GetNetworkResponse net = Calls.call(d, dl -> twin.withDeadline(dl).getNetwork(GetNetworkRequest.newBuilder()
                .setNetwork(network).setVersion(version).build()));
        SimulateResponse baseline = Calls.call(d, dl -> twin.withDeadline(dl).simulate(SimulateRequest.newBuilder()
                .setNetwork(network).setVersion(net.getVersion()).setTraffic(traffic).setIncludeTraffic(true).build()));
        return new Observed(net, baseline, baseline.getTraffic());
    }

    /**
     * For the observe stage's note: ", traffic estimated from counters (fit 0.3%)" when the observed matrix
     * was estimated from link counters, else empty.
     */
    static String estimateNote(TrafficMatrix observed) {
        if (!observed.getEstimated()) {
            return "";
        }
        double fit = observed.getFitError();
        return ", traffic estimated from counters (" + (Double.isFinite(fit) ? "fit " + RoundRunner.pct(fit)
                : "no fit: every counter read 0") + ")";
    }
}
