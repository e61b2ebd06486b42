package io.twinloop.model.routing;

import io.twinloop.model.Demand;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.io.ImportRules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single-failure (N-1) analysis: fails, one at a time, every physical link, every node and every
 * shared risk link group (SRLG), re-routes the demands with IGP ECMP (and the path policies) and
 * reports for each scenario the maximum link utilisation, its bottleneck link, the unrouted
 * traffic and the origin-destination pairs that lose connectivity.
 *
 * <p><b>Scenarios.</b> A <em>physical link</em> is the pair of directed links an importer makes
 * of one undirected edge, {@code <id>} and {@code <id>~rev} (same two nodes, opposite directions);
 * a directed link without such a partner is a scenario on its own. A <em>node</em> failure takes
 * down every link at the node; the demands from or to the failed node disappear with it (reported
 * as {@code strandedBps}, not as unrouted or disconnected). An <em>SRLG</em> failure takes down
 * every link that lists the group. Links already down in the baseline stay down.
 *
 * <p><b>Incremental evaluation</b> (hand-written because a sweep evaluates thousands of scenarios).
 * The baseline load is kept as a sum of per-destination load vectors (sparse; plus one per path
 * policy). Under per-hop ECMP, the traffic towards a destination {@code t} only changes if a
 * failed link carried some of it: if no failed link has flow towards {@code t}, every node with
 * flow keeps its distance and its next hops (any node whose shortest paths all used a failed link
 * would have pushed flow onto it). So a scenario re-routes only the destinations whose baseline
 * flow uses a failed link, that are themselves failed, or that receive demand from a failed node,
 * and the policies that use a failed link or start or end at a failed node; the scenario's load is
 * {@code baseline - old contributions + new contributions}. A link whose every contribution was
 * removed is reset to exactly 0 before the new ones are added, so failed links read 0, not a
 * rounding residue. Tests check that this equals a full re-route from scratch for every scenario
 * on Abilene, GEANT and a random graph.
 *
 * <p><b>Re-routing over the baseline DAG.</b> With unit weights (and {@code n (n + m)} at most
 * 8 M ints), the baseline keeps each destination's distances and shortest-path DAG. If every live
 * node that loses a DAG link to the failure keeps another one, no distance changes (induction on
 * the distance), so the destination is re-routed by one sweep over its cached DAG minus the failed
 * links, without a new search.
 *
 * <p>The sweep can run on several threads; each has its own scratch space, the baseline is shared
 * read-only. Results do not depend on the number of threads.
 */
public final class FailureSweep {

    /** What a scenario fails. */
    public enum Kind {
        /** One physical link (both directions). */
        LINK,
        /** One node and every link at it. */
        NODE,
        /** Every link of one shared risk link group. */
        SRLG
    }

    /**
     * One failure scenario.
     *
     * @param kind          what fails
     * @param id            the physical link id ({@code <id>} of the {@code <id>}/{@code <id>~rev} pair),
     *                      the node name or the SRLG name
     * @param failedLinkIds the directed links that go down
     * @param failedNodes   the nodes that go down (one for {@link Kind#NODE}, else none)
     */
    public record Scenario(Kind kind, String id, List<String> failedLinkIds, List<String> failedNodes) {
        /** Copies the lists. */
        public Scenario {
            failedLinkIds = List.copyOf(failedLinkIds);
            failedNodes = List.copyOf(failedNodes);
        }
    }

    /**
     * The outcome of one scenario (or of the baseline, whose scenario is {@code null}).
     *
     * @param scenario               the scenario, null for the baseline
     * @param maxLinkUtilization     MLU over the links that are up and have a capacity
     * @param bottleneckLinkId       the link with that MLU ({@code ""} if no link is loaded)
     * @param unroutedBps            traffic between surviving nodes that cannot be routed
     * @param strandedBps            traffic from or to a failed node (gone with the node)
     * @param disconnected           the OD pairs (between surviving nodes) with unrouted traffic
     * @param reroutedDestinations   how many destinations (and policies) had to be re-routed
     */
    public record ScenarioResult(Scenario scenario, double maxLinkUtilization, String bottleneckLinkId,
                                 double unroutedBps, double strandedBps, List<OdPair> disconnected,
                                 int reroutedDestinations) {
        /** Copies the list. */
        public ScenarioResult {
            disconnected = List.copyOf(disconnected);
        }
    }

    /**
     * A sweep's answer.
     *
     * @param baseline      the network without failures
     * @param worst         the K scenarios with the highest MLU, highest first (ties in scenario order)
     * @param disconnecting every scenario that disconnects an OD pair the baseline connects, in scenario order
     * @param scenarioCount number of scenarios evaluated
     */
    public record Result(ScenarioResult baseline, List<ScenarioResult> worst, List<ScenarioResult> disconnecting,
                         int scenarioCount) {
        /** Copies the lists. */
        public Result {
            worst = List.copyOf(worst);
            disconnecting = List.copyOf(disconnecting);
        }
    }

    /** Progress callback: {@code done} of {@code total} scenarios evaluated. Must be thread-safe. */
    @FunctionalInterface
    public interface Progress {
        /** Called after each scenario. */
        void update(int done, int total);
    }

    private final Network network;
    private final List<Demand> demands;
    private final EcmpRouter base;
    private final EcmpRouter.Prepared prep;
    private final int n;
    private final int m;
    private final int groups; // destinations 0..n-1, then policies n..n+K-1
    private final int[][] contribLinks;
    private final double[][] contribLoad;
    private final double[] groupUnrouted;
    private final List<List<OdPair>> groupDisconnected;
    private final double[] baseLoad;
    private final int[] baseCount;
    private final int[][] groupsOfLink;
    private final int[][] destsOfSource;
    private final double[] strandedAt;
    private final List<Scenario> scenarios;
    private final ScenarioResult baseline;
    // unit weights, small networks: per destination the baseline distances and shortest-path DAG
    // (null otherwise), to re-route a destination over its DAG when a failure changes no distance
    private final int[][] baseDist;
    private final int[][] baseDag;
    /** Cache the baseline DAGs when {@code n * (n + m)} is at most this many ints (32 MB). */
    private static final long DAG_CACHE_MAX_INTS = 1L << 23;

    /** A sweep over {@code network} (links that do not carry traffic stay down) for {@code demands}. */
    public FailureSweep(Network network, List<Demand> demands) {
        this(network, demands, new BitSet());
    }

    /**
     * A sweep with {@code downLinks} (indices into {@code network.links()}) down in every scenario,
     * as for {@link EcmpRouter#EcmpRouter(Network, BitSet)}.
     *
     * @throws InvalidNetworkException if an argument is null or a demand names an unknown node
     */
    public FailureSweep(Network network, List<Demand> demands, BitSet downLinks) {
        if (network == null || demands == null) {
            throw new InvalidNetworkException(network == null ? "network" : "demands", "must not be null");
        }
        this.network = network;
        this.demands = List.copyOf(demands);
        this.base = new EcmpRouter(network, downLinks);
        this.prep = base.prepare(this.demands);
        this.n = network.nodes().size();
        this.m = network.links().size();
        int policies = base.policyCount();
        this.groups = n + policies;
        contribLinks = new int[groups][];
        contribLoad = new double[groups][];
        groupUnrouted = new double[groups];
        groupDisconnected = new ArrayList<>(groups);
        baseLoad = new double[m];
        baseCount = new int[m];
        double[] tmp = new double[m];
        double[] part = new double[prep.k];
        EcmpRouter.Scratch s = base.newScratch();
        int[] perLink = new int[m];
        boolean cache = base.unitWeights() && (long) n * (n + m) <= DAG_CACHE_MAX_INTS;
        baseDist = cache ? new int[n][] : null;
        baseDag = cache ? new int[n][] : null;
        for (int g = 0; g < groups; g++) {
            if (g < n) {
                if (prep.start[g] != prep.start[g + 1]) {
                    groupUnrouted[g] = base.routeDestination(g, prep, s, tmp, part, null);
                    if (cache) {
                        baseDist[g] = base.lastDistances(s);
                        baseDag[g] = base.lastDagLinks(s);
                    }
                }
            } else {
                groupUnrouted[g] = base.routePolicy(g - n, prep, tmp, part, null);
            }
            groupDisconnected.add(groupUnrouted[g] > 0 ? collectUnrouted(g, part, null) : List.of());
            int c = 0;
            for (int l = 0; l < m; l++) {
                if (tmp[l] > 0) {
                    c++;
                }
            }
            contribLinks[g] = new int[c];
            contribLoad[g] = new double[c];
            c = 0;
            for (int l = 0; l < m; l++) {
                if (tmp[l] > 0) {
                    contribLinks[g][c] = l;
                    contribLoad[g][c++] = tmp[l];
                    baseLoad[l] += tmp[l];
                    baseCount[l]++;
                    perLink[l]++;
                    tmp[l] = 0;
                }
            }
        }
        groupsOfLink = new int[m][];
        for (int l = 0; l < m; l++) {
            groupsOfLink[l] = new int[perLink[l]];
        }
        int[] fill = new int[m];
        for (int g = 0; g < groups; g++) {
            for (int l : contribLinks[g]) {
                groupsOfLink[l][fill[l]++] = g;
            }
        }
        // for node failures: destinations each node sends to, and the traffic from or to it
        strandedAt = new double[n];
        int[] perSrc = new int[n];
        for (int i = 0; i < prep.k; i++) {
            if (prep.rate[i] > 0) {
                strandedAt[prep.src[i]] += prep.rate[i];
                strandedAt[prep.dst[i]] += prep.rate[i];
                perSrc[prep.src[i]]++;
            }
        }
        int[][] raw = new int[n][];
        for (int v = 0; v < n; v++) {
            raw[v] = new int[perSrc[v]];
        }
        int[] sFill = new int[n];
        for (int i = 0; i < prep.k; i++) {
            if (prep.rate[i] > 0) {
                raw[prep.src[i]][sFill[prep.src[i]]++] = prep.dst[i];
            }
        }
        destsOfSource = new int[n][];
        for (int v = 0; v < n; v++) {
            // sorted, distinct
            destsOfSource[v] = Arrays.stream(raw[v]).sorted().distinct().toArray();
        }
        this.scenarios = buildScenarios(network);
        this.baseline = summarize(null, baseLoad, base, sumUnrouted(null, null), 0,
                mergeDisconnected(null, null), 0);
    }

    /** The demands from {@code part} of group {@code g}, as OD pairs (deduplicated), resetting {@code part}. */
    private List<OdPair> collectUnrouted(int g, double[] part, boolean[] dead) {
        int[] idx = g < n ? prep.byDst : prep.byPolicy[g - n];
        int from = g < n ? prep.start[g] : 0;
        int to = g < n ? prep.start[g + 1] : idx.length;
        Set<OdPair> out = null;
        for (int j = from; j < to; j++) {
            int i = idx[j];
            if (part[i] > 0) {
                if (out == null) {
                    out = new LinkedHashSet<>();
                }
                Demand d = demands.get(i);
                out.add(new OdPair(d.src(), d.dst()));
                part[i] = 0;
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    private static List<Scenario> buildScenarios(Network network) {
        List<Link> links = network.links();
        List<Scenario> out = new ArrayList<>();
        Set<String> grouped = new HashSet<>();
        String rev = ImportRules.REVERSE_SUFFIX;
        for (Link l : links) {
            if (grouped.contains(l.id())) {
                continue;
            }
            String baseId = l.id();
            Link partner = null;
            if (baseId.endsWith(rev)) {
                Link fwd = network.link(baseId.substring(0, baseId.length() - rev.length())).orElse(null);
                if (fwd != null && reverse(fwd, l) && !grouped.contains(fwd.id())) {
                    partner = fwd;
                    baseId = fwd.id();
                }
            } else {
                Link r = network.link(baseId + rev).orElse(null);
                if (r != null && reverse(l, r)) {
                    partner = r;
                }
            }
            List<String> ids = new ArrayList<>();
            ids.add(baseId);
            grouped.add(l.id());
            if (partner != null) {
                ids.add(baseId + rev);
                grouped.add(partner.id());
            }
            out.add(new Scenario(Kind.LINK, baseId, ids, List.of()));
        }
        for (Node v : network.nodes()) {
            List<String> ids = new ArrayList<>();
            for (Link l : links) {
                if (l.src().equals(v.name()) || l.dst().equals(v.name())) {
                    ids.add(l.id());
                }
            }
            out.add(new Scenario(Kind.NODE, v.name(), ids, List.of(v.name())));
        }
        TreeSet<String> srlgs = new TreeSet<>();
        for (Link l : links) {
            srlgs.addAll(l.srlgs());
        }
        for (String g : srlgs) {
            List<String> ids = new ArrayList<>();
            for (Link l : links) {
                if (l.srlgs().contains(g)) {
                    ids.add(l.id());
                }
            }
            out.add(new Scenario(Kind.SRLG, g, ids, List.of()));
        }
        return out;
    }

    private static boolean reverse(Link a, Link b) {
        return a.src().equals(b.dst()) && a.dst().equals(b.src());
    }

    /** The network swept. */
    public Network network() {
        return network;
    }

    /** Every scenario, in order: physical links (in link order), nodes (in node order), SRLGs (by name). */
    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** The baseline (no failure). */
    public ScenarioResult baseline() {
        return baseline;
    }

    /** Runs every scenario on one thread; see {@link #run(int, Progress, int)}. */
    public Result run(int worstK) {
        return run(worstK, null, 1);
    }

    /**
     * Evaluates every scenario.
     *
     * @param worstK   how many of the highest-MLU scenarios to return ({@code >= 0})
     * @param progress optional callback after each scenario (may be null)
     * @param threads  worker threads ({@code >= 1})
     */
    public Result run(int worstK, Progress progress, int threads) {
        if (worstK < 0 || threads < 1) {
            throw new IllegalArgumentException("worstK must be >= 0 and threads >= 1, got " + worstK + ", " + threads);
        }
        int total = scenarios.size();
        ScenarioResult[] results = new ScenarioResult[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            Work w = new Work();
            for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                results[i] = evaluate(scenarios.get(i), w, null);
                int d = done.incrementAndGet();
                if (progress != null) {
                    progress.update(d, total);
                }
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(worker, "failure-sweep-" + t);
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                try {
                    th.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("failure sweep interrupted", e);
                }
            }
        }
        List<ScenarioResult> all = Arrays.asList(results);
        List<ScenarioResult> worst = new ArrayList<>(all);
        worst.sort(Comparator.comparingDouble(ScenarioResult::maxLinkUtilization).reversed());
        worst = worst.subList(0, Math.min(worstK, worst.size()));
        Set<OdPair> baseCut = new HashSet<>(baseline.disconnected());
        List<ScenarioResult> disconnecting = new ArrayList<>();
        for (ScenarioResult r : all) {
            if (!baseCut.containsAll(r.disconnected())) {
                disconnecting.add(r);
            }
        }
        return new Result(baseline, worst, disconnecting, total);
    }

    /** The result of one scenario (incremental). */
    public ScenarioResult evaluate(Scenario scenario) {
        return evaluate(scenario, new Work(), null);
    }

    /**
     * The link loads and unrouted traffic of one scenario, computed incrementally; for checking the
     * incremental evaluation against a full re-route.
     */
    public RoutingResult route(Scenario scenario) {
        RoutingResult[] out = new RoutingResult[1];
        evaluate(scenario, new Work(), out);
        return out[0];
    }

    /** Per-thread working space. */
    private final class Work {
        final EcmpRouter.Scratch scratch = base.newScratch();
        final double[] part = new double[prep.k];
        final boolean[] affected = new boolean[groups];
        final int[] list = new int[groups];
        final boolean[] failedMark = new boolean[m];
    }

    /**
     * Whether failing {@code failedList} (marked in {@code failedMark}) leaves every distance to
     * destination {@code g} unchanged: every live tail of a failed link of {@code g}'s baseline DAG
     * keeps another DAG link. By induction on the distance, every live reachable node then keeps a
     * DAG link to a node whose distance is unchanged (links into a dead node are failed).
     */
    private boolean keepsDistances(int g, int[] failedList, int nf, boolean[] failedMark, boolean[] dead) {
        int[] dist = baseDist[g];
        for (int i = 0; i < nf; i++) {
            int l = failedList[i];
            if (base.isDown(l)) {
                continue;
            }
            int a = base.linkSrc(l);
            if ((dead != null && dead[a]) || dist[a] == EcmpRouter.UNREACHABLE
                    || dist[base.linkDst(l)] + 1 != dist[a]) {
                continue; // dead tail, or not a DAG link
            }
            boolean other = false;
            for (int e = base.outStart(a), end = base.outStart(a + 1); e < end; e++) {
                int l2 = base.outLinkAt(e);
                if (!failedMark[l2] && dist[base.linkDst(l2)] + 1 == dist[a]) {
                    other = true;
                    break;
                }
            }
            if (!other) {
                return false;
            }
        }
        return true;
    }

    private ScenarioResult evaluate(Scenario sc, Work w, RoutingResult[] loadsOut) {
        BitSet failed = new BitSet(m);
        for (String id : sc.failedLinkIds()) {
            int i = network.linkIndex(id);
            if (i < 0) {
                throw new InvalidNetworkException("scenario.failedLinkIds", "unknown link '" + id + "'");
            }
            failed.set(i);
        }
        boolean[] dead = null;
        int deadNode = -1;
        if (!sc.failedNodes().isEmpty()) {
            dead = new boolean[n];
            for (String v : sc.failedNodes()) {
                int x = network.nodeIndex(v);
                if (x < 0) {
                    throw new InvalidNetworkException("scenario.failedNodes", "unknown node '" + v + "'");
                }
                dead[x] = true;
                deadNode = x;
            }
        }
        // affected groups
        int na = 0;
        for (int l = failed.nextSetBit(0); l >= 0; l = failed.nextSetBit(l + 1)) {
            for (int g : groupsOfLink[l]) {
                if (!w.affected[g]) {
                    w.affected[g] = true;
                    w.list[na++] = g;
                }
            }
        }
        double stranded = 0;
        if (dead != null) {
            for (int x = 0; x < n; x++) {
                if (!dead[x]) {
                    continue;
                }
                stranded += strandedAt[x];
                int[] extra = destsOfSource[x];
                for (int k = -1; k < extra.length; k++) {
                    int g = k < 0 ? x : extra[k];
                    if (!w.affected[g]) {
                        w.affected[g] = true;
                        w.list[na++] = g;
                    }
                }
                for (int q = 0; q < base.policyCount(); q++) {
                    int g = n + q;
                    if ((base.policySrc(q) == x || base.policyDst(q) == x) && !w.affected[g]) {
                        w.affected[g] = true;
                        w.list[na++] = g;
                    }
                }
            }
            if (deadNode >= 0 && sc.failedNodes().size() > 1) {
                // stranded counted twice for demands between two dead nodes; recompute exactly
                stranded = 0;
                for (int i = 0; i < prep.k; i++) {
                    if (prep.rate[i] > 0 && (dead[prep.src[i]] || dead[prep.dst[i]])) {
                        stranded += prep.rate[i];
                    }
                }
            }
        }
        Arrays.sort(w.list, 0, na);
        double[] load = baseLoad.clone();
        int[] count = baseCount.clone();
        for (int a = 0; a < na; a++) {
            int g = w.list[a];
            int[] ls = contribLinks[g];
            double[] vs = contribLoad[g];
            for (int j = 0; j < ls.length; j++) {
                int l = ls[j];
                load[l] -= vs[j];
                if (--count[l] == 0) {
                    load[l] = 0;
                }
            }
        }
        EcmpRouter router = failed.isEmpty() ? base : new EcmpRouter(base, failed);
        int[] failedList = failed.stream().toArray();
        for (int l : failedList) {
            w.failedMark[l] = true;
        }
        double[] newUnrouted = new double[na];
        List<List<OdPair>> newCut = new ArrayList<>(na);
        for (int a = 0; a < na; a++) {
            int g = w.list[a];
            if (g < n) {
                if ((dead == null || !dead[g]) && prep.start[g] != prep.start[g + 1]) {
                    if (baseDag != null && keepsDistances(g, failedList, failedList.length, w.failedMark, dead)) {
                        newUnrouted[a] = base.routeOverDag(g, prep, w.scratch, baseDist[g], baseDag[g], w.failedMark,
                                load, w.part, dead);
                    } else {
                        newUnrouted[a] = router.routeDestination(g, prep, w.scratch, load, w.part, dead);
                    }
                }
            } else {
                newUnrouted[a] = router.routePolicy(g - n, prep, load, w.part, dead);
            }
            // w.part is only written for unrouted demands, whose rates are > 0
            newCut.add(newUnrouted[a] > 0 ? collectUnrouted(g, w.part, dead) : List.of());
        }
        for (int l : failedList) {
            w.failedMark[l] = false;
        }
        for (int l = 0; l < m; l++) {
            if (load[l] < 0) {
                load[l] = 0; // rounding residue of baseline - old contribution
            }
        }
        double unrouted = sumUnrouted(w, newUnrouted);
        List<OdPair> cut = mergeDisconnected(w, newCut);
        for (int a = 0; a < na; a++) {
            w.affected[w.list[a]] = false;
        }
        if (loadsOut != null) {
            loadsOut[0] = new RoutingResult(load, unrouted, List.of());
        }
        return summarize(sc, load, router, unrouted, stranded, cut, na);
    }

    private double sumUnrouted(Work w, double[] newUnrouted) {
        double sum = 0;
        int a = 0;
        for (int g = 0; g < groups; g++) {
            if (w != null && w.affected[g]) {
                sum += newUnrouted[a++];
            } else {
                sum += groupUnrouted[g];
            }
        }
        return sum;
    }

    /**
     * The disconnected pairs of all groups, in group order. An OD pair's demands all lie in one
     * group (its destination's, or its path policy's), and each group's list is already
     * deduplicated, so concatenating is the same as a set union in insertion order.
     */
    private List<OdPair> mergeDisconnected(Work w, List<List<OdPair>> newCut) {
        List<OdPair> out = new ArrayList<>();
        int a = 0;
        for (int g = 0; g < groups; g++) {
            if (w != null && w.affected[g]) {
                out.addAll(newCut.get(a++));
            } else {
                out.addAll(groupDisconnected.get(g));
            }
        }
        return out;
    }

    private ScenarioResult summarize(Scenario sc, double[] load, EcmpRouter router, double unrouted, double stranded,
                                     List<OdPair> cut, int rerouted) {
        BitSet down = router.downLinks();
        List<Link> links = network.links();
        double mlu = 0;
        int arg = -1;
        for (int l = 0; l < m; l++) {
            double cap = links.get(l).capacityBps();
            if (cap > 0 && !down.get(l)) {
                double u = load[l] / cap;
                if (u > mlu) {
                    mlu = u;
                    arg = l;
                }
            }
        }
        return new ScenarioResult(sc, mlu, arg < 0 ? "" : links.get(arg).id(), unrouted, stranded, cut, rerouted);
    }
}
