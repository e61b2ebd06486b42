package io.twinloop.planner.llm;

import io.twinloop.model.Network;
import io.twinloop.model.io.SndlibXmlImporter;
import io.twinloop.planner.optimizer.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both intent fuzz targets check of a parsed {@link IntentParser.Intent}, whichever parser made
 * it: a known objective, constraints on known metrics with {@code <=}/{@code >=} and finite bounds
 * {@code >= 0}, limits in their documented ranges, protected names that exist in the network, finite
 * weights in [0, 1e6], an interpretation to show and a list of the parts not understood.
 */
final class IntentFuzzSupport {

    final String target;
    final AtomicLong inputs = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    private Network network;

    IntentFuzzSupport(String target) {
        this.target = target;
    }

    /** The real Abilene network from {@code ../shared/data}, which resolves link and node names. */
    synchronized Network network() {
        if (network == null) {
            try {
                network = new SndlibXmlImporter().read("abilene",
                        Files.readAllBytes(SharedData.require("topologies/sndlib/abilene.xml")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return network;
    }

    void checkIntent(IntentParser.Intent i, String text) {
        accepted.incrementAndGet();
        require(IntentParser.OBJECTIVES.contains(i.objective()), text, "objective " + i.objective());
        for (IntentParser.Constraint c : i.constraints()) {
            require(IntentParser.METRICS.contains(c.metric()), text, "metric " + c.metric());
            require(c.op().equals("<=") || c.op().equals(">="), text, "operator " + c.op());
            require(Double.isFinite(c.value()) && c.value() >= 0, text, "bound " + c.value() + " of " + c.metric());
        }
        require(i.maxChanges() >= 0 && i.maxChanges() <= 1000, text, "max_changes " + i.maxChanges());
        require(i.maxLinkUtilization() >= 0 && i.maxLinkUtilization() <= 10, text, "max_link_utilization");
        for (String l : i.protectedLinks()) {
            require(network().linkIndex(l) >= 0, text, "unknown protected link " + l);
        }
        for (String n : i.protectedNodes()) {
            require(network().nodeIndex(n) >= 0, text, "unknown protected node " + n);
        }
        require(i.weights() != null && i.weights().length == 4, text, "weights");
        for (double w : i.weights()) {
            require(Double.isFinite(w) && w >= 0 && w <= 1e6, text, "weight " + w);
        }
        require(i.interpretation() != null && !i.interpretation().isBlank(), text, "no interpretation");
        require(i.unparsed() != null, text, "no unparsed list");
    }

    void require(boolean ok, String text, String what) {
        if (!ok) {
            failures.incrementAndGet();
            throw new AssertionError("fuzz " + target + ": " + what + " for intent " + PlanGuard.shorten(text));
        }
    }

    void escaped(Throwable e, String text) {
        failures.incrementAndGet();
        System.err.println("fuzz " + target + ": " + e.getClass().getName() + " escaped for intent " + PlanGuard.shorten(text));
    }
}
