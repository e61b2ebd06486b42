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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Single-failure (N-1) analysis: fails, one at a time, every physical link, every node and every
 * shared risk link group (SRLG), re-routes the demands with IGP ECMP (and the path policies) and
 * reports for each scenario the maximum link utilisation, its bottleneck link, the unrouted
 * traffic and the origin-destination pairs that lose connectivity.
 *
 * <p><b>Scenarios.</b> A <em>physical link</em> is the pair of directed links an importer makes
 * of one undirected edge, {@code <id>} and {@code <id>~rev} (same two nodes, opposite directions).
 * A directed link without such a partner is paired with the link in the opposite direction when
 * each of the two directions between its nodes has exactly one link and neither has a
 * {@code ~rev} partner of its own (directed files such as the FIGRET and Teal JSON list the two
 * directions of one cable as two links); the scenario is named after the first of the two in link
 * order. Any other directed link is a scenario on its own. A <em>node</em> failure takes
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
 * <p><b>Dynamic update of a destination</b> (unit weights, i.e. hop count, and {@code n (n + m)}
 * at most 8 M ints). The baseline keeps, per destination, the distances, each node's share of its
 * flow per next hop and each node's own demand. A re-routed destination is then updated in the
 * style of Ramalingam and Reps instead of searched again: the nodes left with no live baseline next
 * hop (transitively) are the only ones whose distance grows; they get their new distances from a
 * breadth-first search seeded by their live neighbours; only the nodes whose next-hop set changes,
 * and the nodes downstream of them in the old or the new shortest-path DAG, change their flow, so
 * only their old shares are taken out and their new ones (own demand plus the shares of their new
 * predecessors, in decreasing distance) put in. A destination for which some live node loses every
 * path, or that already had unrouted demand, is re-routed in full. Tests compare every scenario
 * with a full re-route from scratch on random unit-weight graphs.
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
    // unit weights, small networks (null otherwise): per destination the baseline distances, each
    // node's share of its flow per next hop, and each node's own demand, for the dynamic update
    private final int[][] baseDist;
    private final double[][] baseShareOwn; // [2 v]: share per next hop, [2 v + 1]: own demand (one cache line)
    private final int[] oS;
    private final int[] oL;
    private final int[] oD;
    private final int[] iS;
    private final int[] iL;
    private final int[] iSrc;
    private final LongAdder dynamicUpdates = new LongAdder();
    private final LongAdder fullReroutes = new LongAdder();
    /** Keep the per-destination state when {@code n * (n + m)} is at most this many ints (32 MB). */
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
        int[][] out = base.outCsr();
        int[][] in = base.inCsr();
        oS = out[0];
        oL = out[1];
        oD = out[2];
        iS = in[0];
        iL = in[1];
        iSrc = in[2];
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
        baseShareOwn = cache ? new double[n][] : null;
        for (int g = 0; g < groups; g++) {
            if (g < n) {
                if (prep.start[g] != prep.start[g + 1]) {
                    if (cache) {
                        s.shareOut = new double[n];
                    }
                    groupUnrouted[g] = base.routeDestination(g, prep, s, tmp, part, null);
                    if (cache) {
                        baseDist[g] = base.lastDistances(s);
                        double[] so = new double[2 * n];
                        for (int v = 0; v < n; v++) {
                            so[2 * v] = s.shareOut[v];
                        }
                        s.shareOut = null;
                        for (int j = prep.start[g]; j < prep.start[g + 1]; j++) {
                            so[2 * prep.srcByDst[j] + 1] += prep.rateByDst[j];
                        }
                        baseShareOwn[g] = so;
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
        this.baseline = summarize(null, baseLoad, base.downLinks(), sumUnrouted(null, null), 0,
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
        // links per ordered node pair, to pair the two directions of a cable listed as two directed links
        Map<String, List<Link>> byPair = new HashMap<>();
        for (Link l : links) {
            byPair.computeIfAbsent(l.src() + '\u0000' + l.dst(), k -> new ArrayList<>(1)).add(l);
        }
        for (Link l : links) {
            if (grouped.contains(l.id())) {
                continue;
            }
            String baseId = l.id();
            Link first = l;
            Link partner = null;
            if (baseId.endsWith(rev)) {
                Link fwd = network.link(baseId.substring(0, baseId.length() - rev.length())).orElse(null);
                if (fwd != null && reverse(fwd, l) && !grouped.contains(fwd.id())) {
                    partner = l;
                    first = fwd;
                    baseId = fwd.id();
                }
            } else {
                Link r = network.link(baseId + rev).orElse(null);
                if (r != null && reverse(l, r)) {
                    partner = r;
                }
            }
            if (partner == null) {
                // no <id>~rev partner: the only link the other way, if each direction has exactly one
                List<Link> same = byPair.get(l.src() + '\u0000' + l.dst());
                List<Link> back = byPair.get(l.dst() + '\u0000' + l.src());
                if (same.size() == 1 && back != null && back.size() == 1 && !grouped.contains(back.get(0).id())
                        && !hasRevPartner(network, back.get(0))) {
                    partner = back.get(0);
                }
            }
            List<String> ids = new ArrayList<>();
            ids.add(first.id());
            grouped.add(first.id());
            if (partner != null && partner != first) {
                ids.add(partner.id());
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

    /** Whether {@code l} is one half of an {@code <id>}/{@code <id>~rev} pair. */
    private static boolean hasRevPartner(Network network, Link l) {
        String rev = ImportRules.REVERSE_SUFFIX;
        String id = l.id();
        Link other = id.endsWith(rev)
                ? network.link(id.substring(0, id.length() - rev.length())).orElse(null)
                : network.link(id + rev).orElse(null);
        return other != null && reverse(l, other);
    }

    private static boolean reverse(Link a, Link b) {
        return a.src().equals(b.dst()) && a.dst().equals(b.src());
    }

    /** Re-routed destinations (and policies) so far that took the dynamic update. */
    public long dynamicUpdates() {
        return dynamicUpdates.sum();
    }

    /** Re-routed destinations (and policies) so far that were re-routed in full. */
    public long fullReroutes() {
        return fullReroutes.sum();
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
        return run(worstK, progress, threads, java.util.EnumSet.allOf(Kind.class));
    }

    /**
     * Evaluates the scenarios of the given kinds only (the others are not computed).
     *
     * @param worstK   how many of the highest-MLU scenarios to return ({@code >= 0})
     * @param progress optional callback after each scenario (may be null)
     * @param threads  worker threads ({@code >= 1})
     * @param kinds    the kinds of scenario to evaluate
     */
    public Result run(int worstK, Progress progress, int threads, Set<Kind> kinds) {
        return run(worstK, progress, threads, kinds, () -> false);
    }

    /**
     * Evaluates the scenarios of the given kinds, asking {@code stop} before each one: once it says
     * true (the caller gave up), no further scenario starts and the sweep ends with a
     * {@link CancellationException} instead of a result.
     *
     * @param worstK   how many of the highest-MLU scenarios to return ({@code >= 0})
     * @param progress optional callback after each scenario (may be null)
     * @param threads  worker threads ({@code >= 1})
     * @param kinds    the kinds of scenario to evaluate
     * @param stop     asked before each scenario, from the worker threads; must be thread-safe
     * @throws CancellationException when {@code stop} said true before every scenario was evaluated
     */
    public Result run(int worstK, Progress progress, int threads, Set<Kind> kinds, BooleanSupplier stop) {
        if (worstK < 0 || threads < 1) {
            throw new IllegalArgumentException("worstK must be >= 0 and threads >= 1, got " + worstK + ", " + threads);
        }
        List<Scenario> scenarios = this.scenarios.stream().filter(sc -> kinds.contains(sc.kind())).toList();
        int total = scenarios.size();
        ScenarioResult[] results = new ScenarioResult[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            Work w = new Work();
            for (int i = next.getAndIncrement(); i < total && !stop.getAsBoolean(); i = next.getAndIncrement()) {
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
        if (done.get() < total) {
            throw new CancellationException("failure sweep stopped after " + done.get() + " of " + total + " scenarios");
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
        // dynamic update (unit weights only)
        final int[] cnt = baseDist == null ? null : filled(n, -1);
        final int[] nd = baseDist == null ? null : new int[n];
        final boolean[] inA = baseDist == null ? null : new boolean[n];
        final boolean[] inD = baseDist == null ? null : new boolean[n];
        final boolean[] settled = baseDist == null ? null : new boolean[n];
        final int[] touched = baseDist == null ? null : new int[n];
        final int[] aList = baseDist == null ? null : new int[n];
        final int[] dList = baseDist == null ? null : new int[n];
        final int[] queue = baseDist == null ? null : new int[n];
        final long[] sortBuf = baseDist == null ? null : new long[n];
        final double[] newShare = baseDist == null ? null : new double[n];
        final int[] cur = baseDist == null ? null : filled(n, -1);
        final int[] deltaFrom = new int[groups];
        final int[] deltaTo = new int[groups];
        int[] poolNode = new int[64];
        int[] poolDist = new int[64];
        int poolSize;

        void push(int v, int d) {
            if (poolSize == poolNode.length) {
                poolNode = Arrays.copyOf(poolNode, poolSize * 2);
                poolDist = Arrays.copyOf(poolDist, poolSize * 2);
            }
            poolNode[poolSize] = v;
            poolDist[poolSize++] = d;
        }
    }

    private static int[] filled(int size, int value) {
        int[] a = new int[size];
        Arrays.fill(a, value);
        return a;
    }

    /** Up, non-failed out-links of {@code v} on its baseline shortest paths to the destination of {@code dist}. */
    private int liveDagOut(int v, int[] dist, boolean[] failedMark) {
        int c = 0;
        int dv = dist[v];
        for (int e = oS[v], end = oS[v + 1]; e < end; e++) {
            if (!failedMark[oL[e]] && dist[oD[e]] + 1 == dv) {
                c++;
            }
        }
        return c;
    }

    /**
     * Phase 1 of the dynamic update of destination {@code g} (unit weights; every source reached in
     * the baseline; {@code g} alive). Finds the nodes whose distance grows (those left with no
     * live baseline next hop, transitively: set A), their new distances (a breadth-first search
     * seeded from their live neighbours outside A), the nodes whose next-hop set changes (tails of
     * failed DAG links, A, the DAG predecessors of A, the nodes for which a link into A becomes a
     * shortest one, the dead nodes) and everything downstream of those in the old or the new DAG
     * (set D). Only the nodes of D change their flow or their next hops, so only their old
     * per-next-hop shares are taken out of {@code load} here; their new ones are added by
     * {@link #applyDelta}. D and its new distances are kept in the work pool, in decreasing new
     * distance.
     *
     * @return false, with nothing changed, if a live node loses every path to {@code g} (the caller
     *         then re-routes the destination in full)
     */
    private boolean planDelta(int g, int[] failedList, boolean[] dead, int[] deadList, Work w, double[] load,
                              int[] count, int slot) {
        int[] dist = baseDist[g];
        boolean[] fm = w.failedMark;
        int[] cnt = w.cnt;
        int[] nd = w.nd;
        boolean[] inA = w.inA;
        int[] touched = w.touched;
        int[] aList = w.aList;
        int nt = 0;
        int na = 0;
        for (int l : failedList) {
            if (base.isDown(l)) {
                continue;
            }
            int a = base.linkSrc(l);
            if ((dead != null && dead[a]) || dist[a] == EcmpRouter.UNREACHABLE || dist[base.linkDst(l)] + 1 != dist[a]) {
                continue; // dead tail, or not a DAG link
            }
            if (cnt[a] < 0) {
                cnt[a] = liveDagOut(a, dist, fm);
                touched[nt++] = a;
                if (cnt[a] == 0) {
                    inA[a] = true;
                    aList[na++] = a;
                }
            }
        }
        for (int i = 0; i < na; i++) { // a DAG predecessor whose every live next hop is in A joins A
            int u = aList[i];
            int du1 = dist[u] + 1;
            for (int e = iS[u], end = iS[u + 1]; e < end; e++) {
                int l = iL[e];
                int x = iSrc[e];
                if (fm[l] || dist[x] != du1 || inA[x]) {
                    continue;
                }
                if (cnt[x] < 0) {
                    cnt[x] = liveDagOut(x, dist, fm);
                    touched[nt++] = x;
                }
                if (--cnt[x] == 0) {
                    inA[x] = true;
                    aList[na++] = x;
                }
            }
        }
        boolean unreachable = false;
        if (na > 0) { // new distances of A: BFS from the live neighbours outside A (two monotone queues)
            long[] sorted = w.sortBuf;
            for (int i = 0; i < na; i++) {
                int u = aList[i];
                int best = EcmpRouter.UNREACHABLE;
                for (int e = oS[u], end = oS[u + 1]; e < end; e++) {
                    int l = oL[e];
                    int x = oD[e];
                    if (!fm[l] && !inA[x] && dist[x] + 1 < best) {
                        best = dist[x] + 1;
                    }
                }
                nd[u] = best;
                sorted[i] = ((long) best << 32) | u;
            }
            Arrays.sort(sorted, 0, na);
            int[] q = w.queue;
            boolean[] settled = w.settled;
            int head = 0;
            int tail = 0;
            int si = 0;
            while (si < na || head < tail) {
                int u;
                if (head < tail && (si >= na || nd[q[head]] <= (int) (sorted[si] >>> 32))) {
                    u = q[head++];
                } else {
                    u = (int) sorted[si++];
                }
                if (settled[u]) {
                    continue;
                }
                if (nd[u] >= EcmpRouter.UNREACHABLE) {
                    unreachable = true;
                    break;
                }
                settled[u] = true;
                int nu1 = nd[u] + 1;
                for (int e = iS[u], end = iS[u + 1]; e < end; e++) {
                    int l = iL[e];
                    int x = iSrc[e];
                    if (!fm[l] && inA[x] && !settled[x] && nu1 < nd[x]) {
                        nd[x] = nu1;
                        q[tail++] = x;
                    }
                }
            }
            for (int i = 0; i < na; i++) {
                settled[aList[i]] = false;
            }
        }
        if (unreachable) {
            clearDelta(w, nt, na, 0);
            return false;
        }
        // D: the nodes whose next hops change, closed under old and new next hops
        boolean[] inD = w.inD;
        int[] dList = w.dList;
        int nD = 0;
        for (int i = 0; i < nt; i++) { // tails of failed DAG links and DAG predecessors of A
            int v = touched[i];
            if (!inD[v]) {
                inD[v] = true;
                dList[nD++] = v;
            }
        }
        for (int i = 0; i < na; i++) {
            int u = aList[i];
            if (!inD[u]) {
                inD[u] = true;
                dList[nD++] = u;
            }
            int nu1 = nd[u] + 1;
            for (int e = iS[u], end = iS[u + 1]; e < end; e++) {
                int l = iL[e];
                int x = iSrc[e];
                if (!fm[l] && !inA[x] && dist[x] == nu1 && !inD[x]) { // a link into A becomes a shortest one
                    inD[x] = true;
                    dList[nD++] = x;
                }
            }
        }
        for (int x : deadList) {
            if (x != g && dist[x] != EcmpRouter.UNREACHABLE && !inD[x]) {
                inD[x] = true;
                dList[nD++] = x;
            }
        }
        for (int i = 0; i < nD; i++) {
            int v = dList[i];
            int dv = dist[v];
            int cv = inA[v] ? nd[v] : dv;
            boolean vDead = dead != null && dead[v];
            for (int e = oS[v], end = oS[v + 1]; e < end; e++) {
                int l = oL[e];
                int x = oD[e];
                if (inD[x]) {
                    continue;
                }
                if (dist[x] + 1 == dv || (!vDead && !fm[l] && (inA[x] ? nd[x] : dist[x]) + 1 == cv)) {
                    inD[x] = true;
                    dList[nD++] = x;
                }
            }
        }
        // take out D's old shares; keep D in decreasing new distance for phase 2
        double[] so = baseShareOwn[g];
        long[] sorted = w.sortBuf;
        for (int i = 0; i < nD; i++) {
            int v = dList[i];
            int dv = dist[v];
            double sh = so[2 * v];
            if (sh > 0) {
                for (int e = oS[v], end = oS[v + 1]; e < end; e++) {
                    int l = oL[e];
                    if (dist[oD[e]] + 1 == dv) {
                        load[l] -= sh;
                        if (--count[l] == 0) {
                            load[l] = 0;
                        }
                    }
                }
            }
            sorted[i] = ((long) (inA[v] ? nd[v] : dv) << 32) | v;
        }
        Arrays.sort(sorted, 0, nD);
        w.deltaFrom[slot] = w.poolSize;
        for (int i = nD - 1; i >= 0; i--) {
            w.push((int) sorted[i], (int) (sorted[i] >>> 32));
        }
        w.deltaTo[slot] = w.poolSize;
        clearDelta(w, nt, na, nD);
        return true;
    }

    private static void clearDelta(Work w, int nt, int na, int nD) {
        for (int i = 0; i < nt; i++) {
            w.cnt[w.touched[i]] = -1;
        }
        for (int i = 0; i < na; i++) {
            w.inA[w.aList[i]] = false;
        }
        for (int i = 0; i < nD; i++) {
            w.inD[w.dList[i]] = false;
        }
    }

    /**
     * Phase 2 of the dynamic update: the new flow of every node of D (its own demand plus the
     * shares of its new DAG predecessors; those outside D keep their baseline share), split equally
     * over its new next hops, in decreasing new distance so that predecessors come first.
     */
    private void applyDelta(int g, int slot, boolean[] dead, Work w, double[] load, int[] count) {
        int[] dist = baseDist[g];
        double[] so = baseShareOwn[g];
        boolean[] fm = w.failedMark;
        int[] cur = w.cur;
        double[] ns = w.newShare;
        int from = w.deltaFrom[slot];
        int to = w.deltaTo[slot];
        for (int i = from; i < to; i++) {
            cur[w.poolNode[i]] = w.poolDist[i];
        }
        for (int i = from; i < to; i++) {
            int u = w.poolNode[i];
            if (u == g || (dead != null && dead[u])) {
                ns[u] = 0;
                continue;
            }
            int cu = cur[u];
            double f = so[2 * u + 1];
            for (int e = iS[u], end = iS[u + 1]; e < end; e++) {
                if (fm[iL[e]]) {
                    continue;
                }
                int x = iSrc[e];
                int cx = cur[x];
                if (cx >= 0) {
                    if (cx == cu + 1) {
                        f += ns[x];
                    }
                } else if (dist[x] == cu + 1) {
                    f += so[2 * x];
                }
            }
            int hops = 0;
            for (int e = oS[u], end = oS[u + 1]; e < end; e++) {
                int l = oL[e];
                int x = oD[e];
                if (!fm[l] && (cur[x] >= 0 ? cur[x] : dist[x]) + 1 == cu) {
                    hops++;
                }
            }
            double sh = hops > 0 ? f / hops : 0;
            ns[u] = sh;
            if (sh > 0) {
                for (int e = oS[u], end = oS[u + 1]; e < end; e++) {
                    int l = oL[e];
                    int x = oD[e];
                    if (!fm[l] && (cur[x] >= 0 ? cur[x] : dist[x]) + 1 == cu) {
                        load[l] += sh;
                        count[l]++;
                    }
                }
            }
        }
        for (int i = from; i < to; i++) {
            cur[w.poolNode[i]] = -1;
        }
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
        int[] failedList = failed.stream().toArray();
        for (int l : failedList) {
            w.failedMark[l] = true;
        }
        int[] deadList = new int[sc.failedNodes().size()];
        for (int i = 0; i < deadList.length; i++) {
            deadList[i] = network.nodeIndex(sc.failedNodes().get(i));
        }
        // phase 1: every old contribution that changes is taken out before any new one is added, so a
        // link whose count of contributing groups drops to 0 is exactly 0
        w.poolSize = 0;
        boolean[] delta = new boolean[na];
        for (int a = 0; a < na; a++) {
            int g = w.list[a];
            delta[a] = baseDist != null && g < n && baseDist[g] != null && (dead == null || !dead[g])
                    && groupUnrouted[g] == 0 && planDelta(g, failedList, dead, deadList, w, load, count, a);
            (delta[a] ? dynamicUpdates : fullReroutes).increment();
            if (!delta[a]) {
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
        }
        // phase 2: the new contributions
        EcmpRouter router = null;
        double[] newUnrouted = new double[na];
        List<List<OdPair>> newCut = new ArrayList<>(na);
        for (int a = 0; a < na; a++) {
            int g = w.list[a];
            if (delta[a]) {
                applyDelta(g, a, dead, w, load, count);
                newCut.add(List.of());
                continue;
            }
            if (router == null) {
                router = failed.isEmpty() ? base : new EcmpRouter(base, failed);
            }
            if (g < n) {
                if ((dead == null || !dead[g]) && prep.start[g] != prep.start[g + 1]) {
                    newUnrouted[a] = router.routeDestination(g, prep, w.scratch, load, w.part, dead);
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
        BitSet down = base.downLinks();
        down.or(failed);
        return summarize(sc, load, down, unrouted, stranded, cut, na);
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

    private ScenarioResult summarize(Scenario sc, double[] load, BitSet down, double unrouted, double stranded,
                                     List<OdPair> cut, int rerouted) {
        List<Link> links = network.links();
        double mlu = 0;
        int arg = -1;
        for (int l = 0; l < m; l++) {
            double cap = links.get(l).capacityBps();
            if (!down.get(l)) {
                double u = Kpis.utilization(load[l], cap);
                if (u > mlu) {
                    mlu = u;
                    arg = l;
                }
            }
        }
        return new ScenarioResult(sc, mlu, arg < 0 ? "" : links.get(arg).id(), unrouted, stranded, cut, rerouted);
    }
}
