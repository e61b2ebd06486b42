package io.twinloop.model.io;

import io.twinloop.model.Demand;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.testing.FuzzReport;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The property every importer fuzz target checks, and the per-target counters behind the line
 * {@code fuzz SNDlib XML: 41,233 inputs (...), 0 failures} that each target prints when it ends
 * ({@link FuzzReport}).
 *
 * <p>Property: an importer either returns a valid model object (re-checked here independently of
 * the model's own constructors: every link joins two nodes of the network, ids are unique, numbers
 * are finite and in range; every traffic rate is finite and {@code >= 0}) or throws the documented
 * {@link ImportException} (with the importer's format) or {@link InvalidNetworkException}, with a
 * non-blank message. Any other throwable ({@code NullPointerException},
 * {@code NumberFormatException}, {@code StackOverflowError}, ...) is counted and re-thrown
 * unchanged, so that Jazzer reports it as a finding with its own stack trace (and keeps distinct
 * bugs apart when run with {@code jazzer.keep_going}).
 */
final class FuzzHarness {

    private final String target;
    private final String format;
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param target the name printed in the summary line
     * @param format the {@link ImportException#format()} the importer must report, or null for any
     */
    FuzzHarness(String target, String format) {
        this.target = target;
        this.format = format;
    }

    /** Runs one input through {@code importer} and checks the property. */
    void check(byte[] input, Function<byte[], Object> importer) {
        inputs.incrementAndGet();
        Object result;
        try {
            result = importer.apply(input);
        } catch (ImportException e) {
            requireMessage(e, input);
            if (format != null && !format.equals(e.format()) && !"UNKNOWN".equals(e.format())) {
                fail(input, "ImportException of format " + e.format() + ", expected " + format + ": " + e.getMessage(), e);
            }
            return;
        } catch (InvalidNetworkException e) {
            requireMessage(e, input);
            return;
        } catch (RuntimeException | Error e) {
            failures.incrementAndGet();
            System.err.println("fuzz " + target + ": " + e.getClass().getName() + " escaped for input " + summary(input));
            throw e;
        }
        if (result instanceof Network n) {
            checkNetwork(n, input);
        } else if (result instanceof TrafficSeries s) {
            checkSeries(s, input);
        } else {
            fail(input, "importer returned " + result, null);
        }
        accepted.incrementAndGet();
    }

    private void requireMessage(RuntimeException e, byte[] input) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            fail(input, e.getClass().getSimpleName() + " without a message", e);
        }
    }

    private void checkNetwork(Network n, byte[] input) {
        require(n.name() != null && !n.name().isBlank(), input, "blank network name");
        Set<String> names = new HashSet<>();
        for (Node node : n.nodes()) {
            require(node.name() != null && !node.name().isBlank(), input, "blank node name");
            require(names.add(node.name()), input, "duplicate node name " + node.name());
            if (node.coordinates() != null) {
                require(Double.isFinite(node.coordinates().longitude()) && Double.isFinite(node.coordinates().latitude()),
                        input, "non-finite coordinates at " + node.name());
            }
        }
        Set<String> ids = new HashSet<>();
        for (Link l : n.links()) {
            require(ids.add(l.id()), input, "duplicate link id " + l.id());
            require(names.contains(l.src()) && names.contains(l.dst()) && !l.src().equals(l.dst()), input,
                    "link " + l.id() + " does not join two different nodes of the network");
            require(Double.isFinite(l.capacityBps()) && l.capacityBps() >= 0, input, "capacity of " + l.id());
            require(Double.isFinite(l.igpWeight()) && l.igpWeight() > 0, input, "IGP weight of " + l.id());
            require(Double.isNaN(l.latencyMs()) || (Double.isFinite(l.latencyMs()) && l.latencyMs() >= 0), input,
                    "latency of " + l.id());
            require(Double.isFinite(l.powerW()) && l.powerW() >= 0, input, "power of " + l.id());
        }
        for (Demand d : n.demands()) {
            require(names.contains(d.src()) && names.contains(d.dst()) && !d.src().equals(d.dst()), input,
                    "demand " + d.src() + "->" + d.dst() + " is not between two different nodes");
            require(Double.isFinite(d.rateBps()) && d.rateBps() >= 0, input, "demand rate " + d.rateBps());
        }
    }

    private void checkSeries(TrafficSeries s, byte[] input) {
        Set<OdPair> pairs = new HashSet<>(s.pairs());
        require(pairs.size() == s.pairs().size(), input, "duplicate OD pair");
        for (TrafficSample row : s.samples()) {
            require(row.time() != null && !row.time().isBlank(), input, "blank time");
            require(row.pairCount() == s.pairs().size(), input, "row " + row.time() + " has the wrong width");
            for (int i = 0; i < row.pairCount(); i++) {
                double r = row.rateBps(i);
                require(Double.isFinite(r) && r >= 0, input, "rate " + r + " in row " + row.time());
                require(!row.missing() || r == 0, input, "missing row " + row.time() + " carries traffic");
            }
        }
    }

    private void require(boolean ok, byte[] input, String what) {
        if (!ok) {
            fail(input, "accepted an invalid result: " + what, null);
        }
    }

    private void fail(byte[] input, String what, Throwable cause) {
        failures.incrementAndGet();
        throw new AssertionError("fuzz " + target + ": " + what + "; input " + summary(input), cause);
    }

    /** Prints this target's summary line (see {@link FuzzReport}). */
    void report() {
        FuzzReport.print(target, inputs.get(), accepted.get(), "accepted, the rest rejected with the documented exception",
                failures.get());
    }

    /** A short, printable description of an input: its length and its first bytes, escaped. */
    static String summary(byte[] input) {
        StringBuilder sb = new StringBuilder();
        sb.append(input.length).append(" bytes \"");
        for (int i = 0; i < Math.min(input.length, 120); i++) {
            int b = input[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", b));
            }
        }
        return sb.append(input.length > 120 ? "...\"" : "\"").toString();
    }
}
