package io.twinloop.planner.diagnosis;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * Test-side ground truth: loads of injected faults simulated from scratch with a fresh
 * {@link EcmpRouter} (not through {@link FaultDictionary}), and telemetry made from them with
 * seeded multiplicative noise and silent failed links.
 */
final class SyntheticTelemetry {

    private SyntheticTelemetry() {
    }

    /** Loads with the links in {@code failed} down and, if {@code deadNode} is not null, its demands gone. */
    static double[] failedLoads(Network net, List<Demand> demands, BitSet failed, String deadNode) {
        List<Demand> alive = deadNode == null ? demands
                : demands.stream().filter(d -> !d.src().equals(deadNode) && !d.dst().equals(deadNode)).toList();
        return new EcmpRouter(net, failed).route(alive).loadBps();
    }

    /** The indices of the links at {@code node}. */
    static BitSet linksAt(Network net, String node) {
        BitSet b = new BitSet();
        for (int i = 0; i < net.links().size(); i++) {
            Link l = net.links().get(i);
            if (l.src().equals(node) || l.dst().equals(node)) {
                b.set(i);
            }
        }
        return b;
    }

    /** The indices of the given link ids. */
    static BitSet indices(Network net, List<String> ids) {
        BitSet b = new BitSet();
        for (String id : ids) {
            b.set(net.linkIndex(id));
        }
        return b;
    }

    /**
     * Telemetry of {@code loads}: links in {@code silent} send nothing, every other link its load
     * times {@code max(0, 1 + noise * N(0, 1))} (noise 0: exact), without an oper-state.
     */
    static List<LinkObservation> observe(Network net, double[] loads, BitSet silent, double noise, Random rnd) {
        List<LinkObservation> out = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            if (silent.get(i)) {
                continue;
            }
            double f = noise == 0 ? 1 : Math.max(0, 1 + noise * rnd.nextGaussian());
            out.add(LinkObservation.load(net.links().get(i).id(), loads[i] * f));
        }
        return out;
    }

    /** As {@link #observe} but the links in {@code down} report load 0 and oper-state DOWN instead of being silent. */
    static List<LinkObservation> observeReportingDown(Network net, double[] loads, BitSet down) {
        List<LinkObservation> out = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            String id = net.links().get(i).id();
            out.add(down.get(i) ? LinkObservation.of(id, 0, LinkState.DOWN) : LinkObservation.of(id, loads[i], LinkState.UP));
        }
        return out;
    }

    /** The rank (0 = best) of the hypothesis of {@code kind} on exactly {@code elements}, or -1 if not listed. */
    static int rankOf(Diagnosis d, HypothesisKind kind, List<String> elements) {
        for (int k = 0; k < d.hypotheses().size(); k++) {
            Hypothesis h = d.hypotheses().get(k);
            if (h.kind() == kind && h.elements().equals(elements)) {
                return k;
            }
        }
        return -1;
    }
}
