package io.twinloop.planner.diagnosis;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.LinkState;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.io.ImportRules;
import io.twinloop.model.routing.EcmpRouter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static io.twinloop.planner.diagnosis.SyntheticTelemetry.failedLoads;
import static io.twinloop.planner.diagnosis.SyntheticTelemetry.indices;
import static io.twinloop.planner.diagnosis.SyntheticTelemetry.linksAt;
import static io.twinloop.planner.diagnosis.SyntheticTelemetry.observe;
import static io.twinloop.planner.diagnosis.SyntheticTelemetry.observeReportingDown;
import static io.twinloop.planner.diagnosis.SyntheticTelemetry.rankOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diagnoser on a hand-made six-node mesh (a ring A..F with chords A-D and B-E, unit weights,
 * every ordered pair a distinct demand), where each injected fault is simulated independently in
 * the test ({@link SyntheticTelemetry}).
 */
class DiagnosisEngineTest {

    private static final String[] NODES = {"A", "B", "C", "D", "E", "F"};
    private static final String[][] CABLES = {{"A", "B"}, {"B", "C"}, {"C", "D"}, {"D", "E"}, {"E", "F"}, {"F", "A"},
        {"A", "D"}, {"B", "E"}};
    private static final String REV = ImportRules.REVERSE_SUFFIX;

    private final Network net = mesh();
    private final List<Demand> demands = demands();
    private final FaultDiagnoser diagnoser = new FaultDiagnoser();

    /** Cables {@code X-Y} and {@code X-Y~rev}; A-B and D-E share the SRLG "duct-1". */
    static Network mesh() {
        List<Node> nodes = new ArrayList<>();
        for (String n : NODES) {
            nodes.add(new Node(n));
        }
        List<Link> links = new ArrayList<>();
        for (String[] c : CABLES) {
            String id = c[0] + "-" + c[1];
            List<String> srlg = id.equals("A-B") || id.equals("D-E") ? List.of("duct-1") : List.of();
            links.add(new Link(id, c[0], c[1], 10e9, 1, Double.NaN, 0, srlg, LinkState.UP, LinkState.UP));
            links.add(new Link(id + REV, c[1], c[0], 10e9, 1, Double.NaN, 0, srlg, LinkState.UP, LinkState.UP));
        }
        return new Network("mesh6", nodes, links, List.of());
    }

    /** Every ordered pair, rate (1 + i + 2 j) x 100 Mbit/s: no two demands alike. */
    static List<Demand> demands() {
        List<Demand> out = new ArrayList<>();
        for (int i = 0; i < NODES.length; i++) {
            for (int j = 0; j < NODES.length; j++) {
                if (i != j) {
                    out.add(new Demand(NODES[i], NODES[j], (1 + i + 2 * j) * 100e6));
                }
            }
        }
        return out;
    }

    private double[] baseline() {
        return new EcmpRouter(net).route(demands).loadBps();
    }

    @Test
    void noFaultRanksNoneFirstUnderFivePercentNoise() {
        FaultDictionary dict = diagnoser.prepare(net, new BitSet(), demands);
        Random rnd = new Random(11);
        for (int rep = 0; rep < 50; rep++) {
            Diagnosis d = diagnoser.diagnose(dict, observe(net, baseline(), new BitSet(), 0.05, rnd), 5);
            assertEquals(HypothesisKind.NONE, d.best().kind(), "draw " + rep + ": " + d.best());
            assertEquals(0, d.margin(), 0);
        }
    }

    @Test
    void everySilentCableFailureIsRankedFirst() {
        FaultDictionary dict = diagnoser.prepare(net, new BitSet(), demands);
        Random rnd = new Random(5);
        for (String[] c : CABLES) {
            List<String> cable = List.of(c[0] + "-" + c[1], c[0] + "-" + c[1] + REV);
            BitSet failed = indices(net, cable);
            double[] loads = failedLoads(net, demands, failed, null);
            for (double noise : new double[] {0, 0.05}) {
                Diagnosis d = diagnoser.diagnose(dict, observe(net, loads, failed, noise, rnd), 5);
                assertEquals(HypothesisKind.LINK_DOWN, d.best().kind(), cable + " noise " + noise + ": " + d.best());
                assertEquals(cable, d.best().elements(), "noise " + noise);
                assertTrue(d.margin() > 0);
                assertEquals(2, d.silentLinks());
            }
        }
    }

    @Test
    void reportedCableFailureWithDownFlagsIsRankedFirst() {
        List<String> cable = List.of("A-D", "A-D" + REV);
        BitSet failed = indices(net, cable);
        double[] loads = failedLoads(net, demands, failed, null);
        Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observeReportingDown(net, loads, failed), 3);
        assertEquals(HypothesisKind.LINK_DOWN, d.best().kind());
        assertEquals(cable, d.best().elements());
        assertTrue(d.best().explanation().contains("2 reported down"), d.best().explanation());
        assertEquals(0, d.silentLinks());
    }

    @Test
    void everySilentNodeFailureIsRankedFirst() {
        FaultDictionary dict = diagnoser.prepare(net, new BitSet(), demands);
        Random rnd = new Random(6);
        for (String v : NODES) {
            BitSet failed = linksAt(net, v);
            double[] loads = failedLoads(net, demands, failed, v);
            Diagnosis d = diagnoser.diagnose(dict, observe(net, loads, failed, 0.05, rnd), 5);
            assertEquals(HypothesisKind.NODE_DOWN, d.best().kind(), v + ": " + d.best());
            assertEquals(List.of(v), d.best().elements());
        }
    }

    @Test
    void silentSrlgFailureIsRankedFirst() {
        BitSet failed = indices(net, List.of("A-B", "A-B" + REV, "D-E", "D-E" + REV));
        double[] loads = failedLoads(net, demands, failed, null);
        Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observe(net, loads, failed, 0.05, new Random(8)), 5);
        assertEquals(HypothesisKind.SRLG_DOWN, d.best().kind(), d.best().toString());
        assertEquals(List.of("duct-1"), d.best().elements());
    }

    @Test
    void silenceAloneIsNotTrusted() {
        // the telemetry of a loaded cable is lost, but nothing re-routed: the loads say nothing failed
        BitSet lost = indices(net, List.of("A-D", "A-D" + REV));
        Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observe(net, baseline(), lost, 0.05, new Random(9)), 5);
        assertEquals(HypothesisKind.NONE, d.best().kind(), d.best().toString());
        assertEquals(2, d.silentLinks());
        // and a silent link is not read as a zero load: the same link reporting 0 is a fault
        List<LinkObservation> zero = new ArrayList<>(observe(net, baseline(), lost, 0, null));
        zero.add(LinkObservation.load("A-D", 0));
        zero.add(LinkObservation.load("A-D" + REV, 0));
        assertFalse(diagnoser.diagnose(net, new BitSet(), demands, zero, 1).best().kind() == HypothesisKind.NONE);
    }

    /**
     * A square A-B-C-D with a spare cable A-C of weight 10 that no shortest path uses: its failure
     * changes no load, so only the telemetry of its own links can reveal it.
     */
    private static Network squareWithSpare() {
        List<Node> nodes = List.of(new Node("A"), new Node("B"), new Node("C"), new Node("D"));
        List<Link> links = new ArrayList<>();
        for (String[] c : new String[][] {{"A", "B"}, {"B", "C"}, {"C", "D"}, {"D", "A"}, {"A", "C"}}) {
            double w = c[0].equals("A") && c[1].equals("C") ? 10 : 1;
            links.add(new Link(c[0] + "-" + c[1], c[0], c[1], 10e9, w));
            links.add(new Link(c[0] + "-" + c[1] + REV, c[1], c[0], 10e9, w));
        }
        return new Network("square", nodes, links, List.of());
    }

    @Test
    void silenceOfAWholeCableIsEvidenceButOneLostLinkIsNot() {
        Network sq = squareWithSpare();
        List<Demand> d = List.of(new Demand("A", "C", 3e9), new Demand("B", "D", 2e9), new Demand("C", "A", 1e9));
        double[] loads = new EcmpRouter(sq).route(d).loadBps();
        List<String> spare = List.of("A-C", "A-C" + REV);
        assertEquals(0, loads[sq.linkIndex("A-C")] + loads[sq.linkIndex("A-C" + REV)], "the spare carries nothing");
        // both directions silent: the silent cable is the best explanation although no load changed
        Diagnosis both = diagnoser.diagnose(sq, new BitSet(), d, observe(sq, loads, indices(sq, spare), 0.05,
                new Random(21)), 3);
        assertEquals(HypothesisKind.LINK_DOWN, both.best().kind(), both.best().toString());
        assertEquals(spare, both.best().elements());
        // one direction lost, the other reporting its (zero) load: telemetry loss, not a fault
        Diagnosis one = diagnoser.diagnose(sq, new BitSet(), d, observe(sq, loads, indices(sq, List.of("A-C")), 0.05,
                new Random(22)), 3);
        assertEquals(HypothesisKind.NONE, one.best().kind(), one.best().toString());
    }

    @Test
    void operStateFlagsAreEvidence() {
        Network sq = squareWithSpare();
        List<Demand> d = List.of(new Demand("A", "C", 3e9), new Demand("B", "D", 2e9));
        double[] loads = new EcmpRouter(sq).route(d).loadBps();
        List<String> spare = List.of("A-C", "A-C" + REV);
        for (LinkState reported : LinkState.values()) {
            List<LinkObservation> obs = new ArrayList<>();
            for (int i = 0; i < loads.length; i++) {
                String id = sq.links().get(i).id();
                obs.add(spare.contains(id) ? LinkObservation.of(id, 0, reported) : LinkObservation.load(id, loads[i]));
            }
            Diagnosis diag = diagnoser.diagnose(sq, new BitSet(), d, obs, 3);
            if (reported == LinkState.UP) {
                assertEquals(HypothesisKind.NONE, diag.best().kind(), reported + ": " + diag.best());
            } else {
                assertEquals(HypothesisKind.LINK_DOWN, diag.best().kind(), reported + ": " + diag.best());
                assertEquals(spare, diag.best().elements());
            }
        }
    }

    @Test
    void degradedCapacityIsLocatedAndFitted() {
        double[] x0 = baseline();
        for (String id : List.of("A-B", "B-E" + REV, "C-D")) {
            int l = net.linkIndex(id);
            double r = 0.45;
            double[] loads = degradedLoads(net, demands, l, r);
            Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observe(net, loads, new BitSet(), 0, null), 5);
            assertEquals(HypothesisKind.CAPACITY_DEGRADED, d.best().kind(), id + ": " + d.best());
            assertEquals(List.of(id), d.best().elements());
            assertEquals(r * x0[l], d.best().fitted(), 0.01 * x0[l], id);
            assertTrue(d.best().residual() < 1e-3, "noise-free loads fit exactly: " + d.best().residual());
        }
    }

    @Test
    void trafficShiftOfOneNodeIsLocatedAndFitted() {
        for (double factor : new double[] {2.5, 0.0}) {
            List<Demand> shifted = demands.stream().map(x -> x.src().equals("C") ? x.scaled(factor) : x).toList();
            double[] loads = new EcmpRouter(net).route(shifted).loadBps();
            Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observe(net, loads, new BitSet(), 0.05,
                    new Random(12)), 5);
            assertEquals(HypothesisKind.TRAFFIC_SHIFT, d.best().kind(), "x" + factor + ": " + d.best());
            assertEquals(List.of("C"), d.best().elements());
            assertTrue(d.best().explanation().startsWith("The traffic originated at C"), d.best().explanation());
            assertEquals(factor, d.best().fitted(), 0.1);
        }
    }

    @Test
    void wholeMatrixShiftIsFitted() {
        List<Demand> shifted = demands.stream().map(x -> x.scaled(1.3)).toList();
        double[] loads = new EcmpRouter(net).route(shifted).loadBps();
        Diagnosis d = diagnoser.diagnose(net, new BitSet(), demands, observe(net, loads, new BitSet(), 0.05, new Random(2)), 3);
        assertEquals(HypothesisKind.TRAFFIC_SHIFT, d.best().kind(), d.best().toString());
        assertEquals(List.of(), d.best().elements());
        assertEquals(1.3, d.best().fitted(), 0.03);
    }

    @Test
    void linksAlreadyDownInTheTwinAreNotHypothesesAndStayDown() {
        BitSet twinDown = indices(net, List.of("C-D", "C-D" + REV));
        List<String> cable = List.of("B-E", "B-E" + REV);
        BitSet both = indices(net, cable);
        both.or(twinDown);
        double[] loads = failedLoads(net, demands, both, null);
        // the links down in the twin send nothing either
        Diagnosis d = diagnoser.diagnose(net, twinDown, demands, observe(net, loads, both, 0.05, new Random(3)), 100);
        assertEquals(HypothesisKind.LINK_DOWN, d.best().kind(), d.best().toString());
        assertEquals(cable, d.best().elements());
        assertEquals(2, d.silentLinks(), "links down in the twin are not counted as silent");
        assertEquals(-1, rankOf(d, HypothesisKind.LINK_DOWN, List.of("C-D", "C-D" + REV)));
    }

    @Test
    void rankingIsSortedTruncatedAndDeterministic() {
        BitSet failed = indices(net, List.of("E-F", "E-F" + REV));
        List<LinkObservation> obs = observe(net, failedLoads(net, demands, failed, null), failed, 0.05, new Random(4));
        Diagnosis a = diagnoser.diagnose(net, new BitSet(), demands, obs, 7);
        Diagnosis b = diagnoser.diagnose(net, new BitSet(), demands, obs, 7);
        assertEquals(a, b);
        assertEquals(7, a.hypotheses().size());
        for (int k = 1; k < a.hypotheses().size(); k++) {
            assertTrue(a.hypotheses().get(k - 1).score() <= a.hypotheses().get(k).score());
        }
        assertTrue(a.evaluated() > 7);
        assertEquals(1, diagnoser.diagnose(net, new BitSet(), demands, obs, 1).hypotheses().size());
    }

    @Test
    void rejectsUnknownLinksNamingAllOfThem() {
        List<LinkObservation> obs = List.of(LinkObservation.load("A-B", 1e9), LinkObservation.load("nope-1", 1),
                LinkObservation.load("nope-2", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> diagnoser.diagnose(net, new BitSet(), demands, obs, 3));
        assertTrue(e.getMessage().contains("nope-1") && e.getMessage().contains("nope-2"), e.getMessage());
        assertFalse(e.getMessage().contains("A-B"), e.getMessage());
    }

    @Test
    void rejectsInvalidLoadsAndArguments() {
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkObservation.load("A-B", bad));
            assertTrue(e.getMessage().contains("A-B"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LinkObservation.load(" ", 1));
        List<LinkObservation> twice = List.of(LinkObservation.load("A-B", 1), LinkObservation.load("A-B", 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(net, new BitSet(), demands, twice, 3))
                .getMessage().contains("A-B"));
        List<LinkObservation> ok = List.of(LinkObservation.load("A-B", 1));
        assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(net, new BitSet(), demands, ok, 0));
        assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(net, new BitSet(), demands, null, 3));
        assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(null, new BitSet(), demands, ok, 3));
        assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(net, new BitSet(), null, ok, 3));
        assertThrows(IllegalArgumentException.class,
                () -> diagnoser.diagnose(net, new BitSet(), List.of(new Demand("A", "Z", 1)), ok, 3));
        BitSet outOfRange = new BitSet();
        outOfRange.set(net.links().size());
        assertThrows(IllegalArgumentException.class, () -> diagnoser.diagnose(net, outOfRange, demands, ok, 3));
        assertThrows(IllegalArgumentException.class, () -> FaultDiagnoser.Options.defaults().withNoiseSigma(0));
    }

    /**
     * Loads when link {@code l} passes only the fraction {@code r} of its traffic, from per-demand
     * unit routings: each demand's flow through {@code l} loses {@code 1 - r} on {@code l} and, split
     * as a fresh flow from {@code l}'s head to the demand's destination, on every link after it.
     */
    static double[] degradedLoads(Network net, List<Demand> demands, int l, double r) {
        EcmpRouter router = new EcmpRouter(net);
        double[] x = router.route(demands).loadBps();
        String head = net.links().get(l).dst();
        for (Demand d : demands) {
            double through = router.route(List.of(new Demand(d.src(), d.dst(), 1))).load(l) * d.rateBps();
            if (through <= 0) {
                continue;
            }
            x[l] -= (1 - r) * through;
            if (!head.equals(d.dst())) {
                double[] after = router.route(List.of(new Demand(head, d.dst(), 1))).loadBps();
                for (int k = 0; k < x.length; k++) {
                    x[k] -= (1 - r) * through * after[k];
                }
            }
        }
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.max(0, x[k]);
        }
        return x;
    }
}
