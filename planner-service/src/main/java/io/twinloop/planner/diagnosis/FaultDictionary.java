package io.twinloop.planner.diagnosis;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.FailureSweep;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The predicted link loads of every candidate fault for one state of the twin (network, links
 * already down, traffic matrix): a <em>fault dictionary</em> in the sense of fault diagnosis in
 * testing, computed once and then matched against any number of telemetry snapshots by
 * {@link FaultDiagnoser#diagnose(FaultDictionary, List, int)}. Nothing in it depends on the
 * observations, so an online diagnoser rebuilds it only when the twin's state changes.
 *
 * <p>Contents, all indexed like {@code network.links()}:
 * <ul>
 *   <li>the baseline loads ({@link EcmpRouter#route});</li>
 *   <li>per cable, node and SRLG scenario of {@link FailureSweep#scenarios()} (a cable is a link and
 *       its reverse, paired as the sweep pairs them) the links that fail and the loads re-routed
 *       incrementally by {@link FailureSweep#route(FailureSweep.Scenario)}, with a failed node's
 *       own demands gone; scenarios whose links are all down already are left out;</li>
 *   <li>per node the load of the demands it originates and of those it terminates (one route each),
 *       the parts a {@link HypothesisKind#TRAFFIC_SHIFT} scales;</li>
 *   <li>per link {@code l} that carries traffic its <em>downstream</em> load: with {@code f_t} the
 *       load on {@code l} towards destination {@code t}, the routing of the demands
 *       {@code (head(l), t, f_t)}. Under per-hop ECMP a flow leaving {@code l}'s head towards
 *       {@code t} splits like any other flow there, so this is exactly what the links after
 *       {@code l} lose when {@code l} drops part of its traffic ({@link HypothesisKind#CAPACITY_DEGRADED}).
 *       SR-TE path-policy traffic is treated as destination-based in this step, an approximation.
 *       A link whose loss would look exactly like a traffic shift at its tail (it carries all of
 *       that node's traffic and nothing else, e.g. a single-homed host's uplink) is left out: the
 *       loads cannot tell the two apart, and the traffic change is the more common cause.</li>
 * </ul>
 * Cost: one baseline route, an incremental re-route per failure scenario, two routes per node and
 * one per loaded link: a few milliseconds on GEANT (see bench/README.md).
 *
 * <p>Immutable and thread-safe; its arrays are read, never written, by the diagnoser and never
 * leave the package.
 */
public final class FaultDictionary {

    /** One failure scenario: what fails and the loads re-routed around it. */
    record Failure(HypothesisKind kind, List<String> elements, int[] failed, double[] loads) {
    }

    /** A part of the traffic matrix that a traffic shift scales, and its routed load. */
    record TrafficPart(List<String> elements, String description, double[] loads, int[] support) {
    }

    private final Network network;
    private final boolean[] baseDown;
    private final double[] baseline;
    private final List<Failure> failures;
    private final List<List<TrafficPart>> partsByNode;
    private final TrafficPart wholeMatrix;
    private final double[][] downstream;
    private final int[][] downstreamSupport;
    private final int candidateCount;

    /**
     * Simulates every candidate fault.
     *
     * @param network   the twin's network
     * @param downLinks indices of the links the twin already has down (null = none)
     * @param demands   the traffic matrix the twin believes
     * @throws IllegalArgumentException if an argument is null, a down-link index is out of range or a
     *                                  demand names a node that is not in the network
     */
    public FaultDictionary(Network network, BitSet downLinks, List<Demand> demands) {
        if (network == null || demands == null) {
            throw new IllegalArgumentException((network == null ? "network" : "demands") + " must not be null");
        }
        BitSet down0 = downLinks == null ? new BitSet() : downLinks;
        this.network = network;
        List<Demand> ds = List.copyOf(demands);
        int m = network.links().size();
        int n = network.nodes().size();
        EcmpRouter router = new EcmpRouter(network, down0);
        BitSet down = router.downLinks();
        baseDown = new boolean[m];
        for (int i = down.nextSetBit(0); i >= 0; i = down.nextSetBit(i + 1)) {
            baseDown[i] = true;
        }
        baseline = router.route(ds).loadBps();

        FailureSweep sweep = new FailureSweep(network, ds, down0);
        List<Failure> fs = new ArrayList<>();
        for (FailureSweep.Scenario sc : sweep.scenarios()) {
            int[] failed = sc.failedLinkIds().stream().mapToInt(network::linkIndex).filter(i -> !baseDown[i]).toArray();
            if (failed.length == 0) {
                continue;
            }
            HypothesisKind kind = switch (sc.kind()) {
                case LINK -> HypothesisKind.LINK_DOWN;
                case NODE -> HypothesisKind.NODE_DOWN;
                case SRLG -> HypothesisKind.SRLG_DOWN;
            };
            List<String> elements = sc.kind() == FailureSweep.Kind.LINK ? sc.failedLinkIds() : List.of(sc.id());
            fs.add(new Failure(kind, elements, failed, sweep.route(sc).loadBps()));
        }
        failures = List.copyOf(fs);

        double[][] byDst = partial(router, ds, n, true);
        double[][] bySrc = partial(router, ds, n, false);
        List<List<TrafficPart>> parts = new ArrayList<>(n);
        int shiftCount = 0;
        for (int v = 0; v < n; v++) {
            String name = network.nodes().get(v).name();
            List<TrafficPart> p = new ArrayList<>(3);
            if (bySrc[v] != null) {
                p.add(part(List.of(name), "the traffic originated at " + name, bySrc[v]));
            }
            if (byDst[v] != null) {
                p.add(part(List.of(name), "the traffic terminated at " + name, byDst[v]));
            }
            if (bySrc[v] != null && byDst[v] != null) {
                double[] both = bySrc[v].clone();
                for (int i = 0; i < m; i++) {
                    both[i] += byDst[v][i];
                }
                p.add(part(List.of(name), "the traffic originated and terminated at " + name, both));
            }
            p.removeIf(t -> t.support().length == 0);
            shiftCount += p.isEmpty() ? 0 : 1;
            parts.add(List.copyOf(p));
        }
        partsByNode = List.copyOf(parts);
        TrafficPart whole = part(List.of(), "the whole traffic matrix", baseline);
        wholeMatrix = whole.support().length == 0 ? null : whole;
        shiftCount += wholeMatrix == null ? 0 : 1;

        downstream = new double[m][];
        downstreamSupport = new int[m][];
        int loaded = 0;
        for (int l = 0; l < m; l++) {
            if (baseDown[l] || !(baseline[l] > 0)) {
                continue;
            }
            Link link = network.links().get(l);
            List<Demand> onward = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                String dst = network.nodes().get(t).name();
                if (byDst[t] != null && byDst[t][l] > 0 && !dst.equals(link.dst())) {
                    onward.add(new Demand(link.dst(), dst, byDst[t][l]));
                }
            }
            double[] after = onward.isEmpty() ? new double[m] : router.route(onward).loadBps();
            if (sameAsOriginShift(after, l, bySrc[network.nodeIndex(link.src())])) {
                continue;
            }
            downstream[l] = after;
            downstreamSupport[l] = support(after, l);
            loaded++;
        }
        candidateCount = failures.size() + shiftCount + loaded;
    }

    /**
     * Whether losing a fraction of link {@code l}'s traffic (on it: its load, after it: {@code after})
     * changes the loads exactly as scaling the traffic originated at its tail does ({@code origin}):
     * true when the link carries only that traffic and all of it, e.g. the only link of a
     * single-homed host. The two cannot be told apart from loads; the traffic change is kept.
     */
    private boolean sameAsOriginShift(double[] after, int l, double[] origin) {
        if (origin == null) {
            return false;
        }
        for (int i = 0; i < after.length; i++) {
            double loss = i == l ? baseline[l] : after[i];
            if (Math.abs(loss - origin[i]) > 1e-9 * (1 + Math.abs(origin[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Per node the load routed for the demands towards it ({@code byDst}) or from it; null rows for none. */
    private static double[][] partial(EcmpRouter router, List<Demand> demands, int n, boolean byDst) {
        Network network = router.network();
        Map<Integer, List<Demand>> groups = new HashMap<>();
        for (Demand d : demands) {
            if (d.rateBps() > 0) {
                int v = network.nodeIndex(byDst ? d.dst() : d.src());
                groups.computeIfAbsent(v, k -> new ArrayList<>()).add(d);
            }
        }
        double[][] out = new double[n][];
        for (Map.Entry<Integer, List<Demand>> e : groups.entrySet()) {
            out[e.getKey()] = router.route(e.getValue()).loadBps();
        }
        return out;
    }

    private static TrafficPart part(List<String> elements, String description, double[] loads) {
        return new TrafficPart(elements, description, loads, support(loads, -1));
    }

    /** Indices with a non-zero entry, plus {@code extra} if it is >= 0. */
    private static int[] support(double[] v, int extra) {
        int c = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 || i == extra) {
                c++;
            }
        }
        int[] out = new int[c];
        c = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 || i == extra) {
                out[c++] = i;
            }
        }
        return out;
    }

    /** The twin's network. */
    public Network network() {
        return network;
    }

    /** How many fault hypotheses the dictionary holds (failures, traffic shifts, degradable links). */
    public int candidateCount() {
        return candidateCount;
    }

    /** The load of link {@code i} in the twin's state, bit/s. */
    public double baselineLoad(int i) {
        return baseline[i];
    }

    /** Whether link {@code i} is down in the twin's state (given down, or not carrying traffic). */
    public boolean baselineDown(int i) {
        return baseDown[i];
    }

    double[] baseline() {
        return baseline;
    }

    boolean[] baseDown() {
        return baseDown;
    }

    List<Failure> failures() {
        return failures;
    }

    List<List<TrafficPart>> partsByNode() {
        return partsByNode;
    }

    /** The whole matrix as a traffic part, or null if nothing is routed. */
    TrafficPart wholeMatrix() {
        return wholeMatrix;
    }

    /** The downstream load of link {@code l}, or null if it carries no traffic. */
    double[] downstream(int l) {
        return downstream[l];
    }

    /** The links where {@link #downstream(int)} is non-zero, plus {@code l} itself. */
    int[] downstreamSupport(int l) {
        return downstreamSupport[l];
    }
}
