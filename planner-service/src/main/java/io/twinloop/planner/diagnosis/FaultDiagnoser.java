package io.twinloop.planner.diagnosis;

import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.FailureSweep;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * Model-based fault diagnosis: which change to the twin's state best explains the link telemetry?
 * Every candidate explanation is <em>simulated</em> with the twin's own routing ({@link EcmpRouter},
 * through {@link FaultDictionary}) and scored by how well its predicted link loads match the
 * observed ones; the candidates are ranked best first. This is the generate-simulate-compare loop
 * of model-based diagnosis (R. Reiter, "A theory of diagnosis from first principles", Artificial
 * Intelligence 32, 1987), restricted to single faults and with a likelihood instead of a
 * consistency check, because loads are noisy.
 *
 * <p><b>Hypotheses</b> (see {@link HypothesisKind} and, for how each is simulated, {@link FaultDictionary}):
 * NONE; every cable, node and SRLG failure of {@link FailureSweep#scenarios()}; a
 * {@link HypothesisKind#TRAFFIC_SHIFT} of the traffic originated at, terminated at, or originated
 * and terminated at each node, or of the whole matrix, by a fitted factor {@code a >= 0} (loads are
 * linear in it, {@code x(a) = x0 + (a - 1) x_part}; per node the best of the three variants is kept);
 * a {@link HypothesisKind#CAPACITY_DEGRADED} link that passes a fitted fraction {@code r} of its load
 * ({@code x(r) = x0 - (1 - r) x_downstream} after it, {@code r x0_l} on it), tried only on links observed
 * more than two sigmas below their expected load. Fitted parameters are found by a grid search
 * followed by a golden-section refinement of the score (one dimension, no gradient needed, and the
 * robust loss may be non-convex).
 *
 * <p><b>Score</b> (lower is better, in units of {@code -2 ln likelihood}, so score differences are
 * log likelihood ratios). For every link that reported, with {@code p} its predicted load (0 if
 * the hypothesis has it down) and {@code y} the observed one,
 * {@code z = ln((y + floor) / (p + floor)) / sigma} is its residual in units of the multiplicative
 * noise {@code sigma}, charged with the Cauchy (Lorentzian) loss {@code c^2 ln(1 + z^2 / c^2)}: about
 * {@code z^2} for ordinary noise, growing only logarithmically for gross misfits, so one link with
 * wrong telemetry cannot outvote the rest. The floor (see {@link Options}) keeps idle links from
 * producing huge log ratios. A reported oper-state that contradicts the hypothesis costs
 * {@code -2 ln downWhenUp} if the link reports down while the hypothesis has it up (interfaces rarely
 * claim to be down while forwarding) and {@code -2 ln upWhenFailed} if it reports up while the
 * hypothesis has it down, which is far more common (a BFD or routing failure, a one-way fault: the
 * interface stays up but carries nothing), so the loads can overrule an up flag.
 *
 * <p><b>Silence.</b> Missing telemetry is never read as zero load: a silent link has no residual.
 * Instead, whether a link reported at all is evidence on its own: a link the hypothesis has up
 * costs {@code -2 ln telemetryLoss} when silent ({@code -2 ln(1 - telemetryLoss)} when it reports),
 * a link it has down {@code -2 ln silentWhenFailed} when silent ({@code -2 ln(1 - silentWhenFailed)}
 * when it reports). With the defaults each silent link is worth 7.6 for a hypothesis that fails it.
 * Silence is not over-trusted: every hypothesis other than NONE also pays a prior cost
 * {@code 2 ln(K / faultPrior)}, the fault prior shared by its {@code K} candidates (13 on Abilene,
 * 15 on GEANT), so one silent link never suffices, a silent cable (two links) whose failure changes
 * no load is about even with NONE, and a hypothesis that predicts load changes that are not seen
 * loses whatever its links' silence; the loads must agree. Each fitted parameter costs
 * {@code ln(reporting links)} more (BIC). Equal scores (to 1e-6) are ranked by kind (the
 * {@link HypothesisKind} order: a cable before the node it isolates, a traffic change before a
 * capacity loss that looks the same) and then by elements, so the ranking is deterministic.
 *
 * <p><b>Cost.</b> {@link #prepare} (the dictionary: about 2n + m + scenarios routes) depends only on
 * the twin's state; {@link #diagnose(FaultDictionary, List, int)} is scoring only, {@code O(m)} per
 * failure hypothesis and about 30 {@code O(m)} evaluations per fitted one. Both take a few
 * milliseconds on GEANT (22 nodes, 72 links); see bench/README.md.
 *
 * <p>Hot kernel: the size is the scoring of one algorithm (the robust loss, the silence and prior
 * terms, the one-dimensional fits of the shift and degradation hypotheses) over the same per-link
 * arrays of one run, most of it in {@code Run}; what can stand alone already does (the simulation in
 * {@link FaultDictionary}, the hypotheses in {@link Hypothesis}). The Javadoc is long because the
 * score is the specification.
 *
 * <p>Stateless apart from its options; thread-safe.
 */
public final class FaultDiagnoser {

    /**
     * The noise and evidence model.
     *
     * @param noiseSigma       standard deviation of the multiplicative load noise, as a log ratio
     *                         (0.05: about 5 %); {@code > 0}
     * @param outlierCutoff    {@code c} of the Cauchy loss, in units of {@code noiseSigma} ({@code > 0}): beyond
     *                         about {@code c} sigmas a residual counts less than quadratically
     * @param floorFraction    the load floor is this fraction of the mean observed load ...
     * @param floorBps         ... but at least this many bit/s ({@code >= 0}; the floor must end up {@code > 0})
     * @param silentWhenFailed probability that a failed link sends no telemetry at all, in (0, 1)
     * @param telemetryLoss    probability that the telemetry of a healthy element is lost, in (0, 1)
     * @param downWhenUp       probability that a forwarding link reports oper-state down, in (0, 1)
     * @param upWhenFailed     probability that a link that does not forward reports oper-state up (layer 1
     *                         up but out of the routing, e.g. after a BFD failure), in (0, 1)
     * @param faultPrior       prior probability that some single fault is present, in (0, 1)
     */
    public record Options(double noiseSigma, double outlierCutoff, double floorFraction, double floorBps,
                          double silentWhenFailed, double telemetryLoss, double downWhenUp, double upWhenFailed,
                          double faultPrior) {

        /** Validates the ranges given above. */
        public Options {
            if (!(noiseSigma > 0) || !(outlierCutoff > 0) || Double.isInfinite(noiseSigma)
                    || Double.isInfinite(outlierCutoff)) {
                throw new IllegalArgumentException("noiseSigma and outlierCutoff must be finite and > 0, got "
                        + noiseSigma + ", " + outlierCutoff);
            }
            if (!(floorFraction >= 0) || !(floorBps >= 0) || Double.isInfinite(floorFraction)
                    || Double.isInfinite(floorBps) || floorFraction + floorBps <= 0) {
                throw new IllegalArgumentException("floorFraction and floorBps must be finite and >= 0, not both 0, got "
                        + floorFraction + ", " + floorBps);
            }
            for (double p : new double[] {silentWhenFailed, telemetryLoss, downWhenUp, upWhenFailed, faultPrior}) {
                if (!(p > 0 && p < 1)) {
                    throw new IllegalArgumentException("silentWhenFailed, telemetryLoss, downWhenUp, upWhenFailed and "
                            + "faultPrior must be probabilities in (0, 1), got " + p);
                }
            }
        }

        /**
         * The defaults: 5 % noise, cutoff 3 sigma, floor 0.1 % of the mean observed load (at least
         * 1 kbit/s), a failed link silent nine times in ten, 2 % telemetry loss, a forwarding link
         * reporting down once in a thousand, a failed link reporting up one time in twenty, a fault
         * present in one diagnosis of ten.
         */
        public static Options defaults() {
            return new Options(0.05, 3.0, 1e-3, 1e3, 0.9, 0.02, 1e-3, 0.05, 0.1);
        }

        /** These options with another noise level. */
        public Options withNoiseSigma(double sigma) {
            return new Options(sigma, outlierCutoff, floorFraction, floorBps, silentWhenFailed, telemetryLoss,
                    downWhenUp, upWhenFailed, faultPrior);
        }
    }

    /** Traffic scale factors tried before refinement. */
    private static final double[] SCALE_GRID = {0, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, Math.sqrt(0.5), 1,
        Math.sqrt(2), 2, 4, 8, 16};
    /** Capacity fractions tried before refinement: 0, 0.1, ..., 1. */
    private static final double[] CAPACITY_GRID = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    /** Golden-section steps after the grid: the bracket shrinks to 0.618^14 = 1.2e-3 of two grid steps. */
    private static final int GOLDEN_STEPS = 14;

    private final Options options;

    /** A diagnoser with {@link Options#defaults()}. */
    public FaultDiagnoser() {
        this(Options.defaults());
    }

    /** A diagnoser with the given noise and evidence model. */
    public FaultDiagnoser(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
    }

    /** The noise and evidence model. */
    public Options options() {
        return options;
    }

    /**
     * Ranks the explanations of {@code observations}: {@link #prepare} followed by
     * {@link #diagnose(FaultDictionary, List, int)}. An online diagnoser that sees many telemetry
     * snapshots of the same twin state should prepare the dictionary once instead.
     *
     * @param network       the twin's network
     * @param downLinks     indices into {@code network.links()} of the links the twin already has down
     *                      (null = none); links that do not carry traffic are down as well
     * @param demands       the traffic matrix the twin believes
     * @param observations  per link at most one observation; a link without one sent no telemetry
     * @param maxHypotheses how many hypotheses to return ({@code >= 1})
     * @return the hypotheses, best (lowest score) first, at most {@code maxHypotheses}
     * @throws IllegalArgumentException as {@link #prepare} and {@link #diagnose(FaultDictionary, List, int)}
     */
    public Diagnosis diagnose(Network network, BitSet downLinks, List<Demand> demands,
                              List<LinkObservation> observations, int maxHypotheses) {
        checkArguments(observations, maxHypotheses);
        return diagnose(prepare(network, downLinks, demands), observations, maxHypotheses);
    }

    /**
     * Simulates every candidate fault for the twin's state; see {@link FaultDictionary}.
     *
     * @throws IllegalArgumentException if an argument is null, a down-link index is out of range or a
     *                                  demand names a node that is not in the network
     */
    public FaultDictionary prepare(Network network, BitSet downLinks, List<Demand> demands) {
        return new FaultDictionary(network, downLinks, demands);
    }

    /**
     * Scores every hypothesis of {@code dictionary} against {@code observations} and ranks them.
     *
     * @param dictionary    the simulated hypotheses of the twin's state
     * @param observations  per link at most one observation; a link without one sent no telemetry
     * @param maxHypotheses how many hypotheses to return ({@code >= 1})
     * @return the hypotheses, best (lowest score) first, at most {@code maxHypotheses}
     * @throws IllegalArgumentException if an argument is null, an observation names a link that is not in
     *                                  the network (all such ids are named), a link is observed twice or
     *                                  {@code maxHypotheses < 1}
     */
    public Diagnosis diagnose(FaultDictionary dictionary, List<LinkObservation> observations, int maxHypotheses) {
        if (dictionary == null) {
            throw new IllegalArgumentException("dictionary must not be null");
        }
        checkArguments(observations, maxHypotheses);
        return new Run(dictionary, observations).rank(maxHypotheses);
    }

    private static void checkArguments(List<LinkObservation> observations, int maxHypotheses) {
        if (observations == null) {
            throw new IllegalArgumentException("observations must not be null (an empty list means no telemetry)");
        }
        if (maxHypotheses < 1) {
            throw new IllegalArgumentException("maxHypotheses must be >= 1, got " + maxHypotheses);
        }
    }

    /** A scored candidate, before it is turned into a {@link Hypothesis}. */
    private record Candidate(HypothesisKind kind, List<String> elements, double score, double fitted,
                             double[] predicted, int[] failed, String claim) {
    }

    /** The observations of one diagnosis and the scoring against them. */
    private final class Run {
        private static final byte FLAG_NONE = 0;
        private static final byte FLAG_UP = 1;
        private static final byte FLAG_DOWN = 2;

        final FaultDictionary dict;
        final Network network;
        final List<Link> links;
        final int m;
        final boolean[] baseDown;
        final double[] x0;
        final boolean[] has;
        final double[] y;
        final double[] logY;
        final byte[] flag;
        final double floor;
        final double sigma;
        final double c2;
        final double downFlagCost;
        final double upFlagCost;
        final double silentUp;
        final double silentDown;
        final double reportUp;
        final double reportDown;
        final int reporting;
        final int silent;
        final double[] noneTerm;
        final double noneCost;
        final double priorCost;
        final double paramCost;

        Run(FaultDictionary dict, List<LinkObservation> observations) {
            this.dict = dict;
            this.network = dict.network();
            this.links = network.links();
            this.m = links.size();
            this.baseDown = dict.baseDown();
            this.x0 = dict.baseline();
            has = new boolean[m];
            y = new double[m];
            flag = new byte[m];
            readObservations(observations);
            int rep = 0;
            int sil = 0;
            double sum = 0;
            for (int i = 0; i < m; i++) {
                if (has[i]) {
                    rep++;
                    sum += y[i];
                } else if (!baseDown[i]) {
                    sil++;
                }
            }
            reporting = rep;
            silent = sil;
            floor = Math.max(options.floorBps(), rep == 0 ? 0 : options.floorFraction() * sum / rep);
            if (!(floor > 0)) {
                throw new IllegalArgumentException("the load floor is 0: no load was observed and floorBps is 0; "
                        + "set floorBps > 0");
            }
            logY = new double[m];
            for (int i = 0; i < m; i++) {
                logY[i] = Math.log(y[i] + floor);
            }
            sigma = options.noiseSigma();
            c2 = options.outlierCutoff() * options.outlierCutoff();
            downFlagCost = -2 * Math.log(options.downWhenUp());
            upFlagCost = -2 * Math.log(options.upWhenFailed());
            silentUp = -2 * Math.log(options.telemetryLoss());
            reportUp = -2 * Math.log1p(-options.telemetryLoss());
            silentDown = -2 * Math.log(options.silentWhenFailed());
            reportDown = -2 * Math.log1p(-options.silentWhenFailed());
            noneTerm = new double[m];
            double c = 0;
            for (int i = 0; i < m; i++) {
                noneTerm[i] = term(i, x0[i], baseDown[i]);
                c += noneTerm[i];
            }
            noneCost = c;
            priorCost = 2 * Math.log(Math.max(1, dict.candidateCount()) / options.faultPrior());
            paramCost = Math.log(Math.max(2, reporting));
        }

        private void readObservations(List<LinkObservation> observations) {
            TreeSet<String> unknown = new TreeSet<>();
            TreeSet<String> repeated = new TreeSet<>();
            for (int k = 0; k < observations.size(); k++) {
                LinkObservation o = observations.get(k);
                if (o == null) {
                    throw new IllegalArgumentException("observations[" + k + "] must not be null");
                }
                int i = network.linkIndex(o.linkId());
                if (i < 0) {
                    unknown.add(o.linkId());
                    continue;
                }
                if (has[i]) {
                    repeated.add(o.linkId());
                }
                has[i] = true;
                y[i] = o.loadBps();
                flag[i] = o.reportedDown() ? FLAG_DOWN : o.reportedUp() ? FLAG_UP : FLAG_NONE;
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("observations name " + unknown.size() + " link(s) that are not in network '"
                        + network.name() + "': " + abbreviate(unknown) + "; observe only links of the twin's network");
            }
            if (!repeated.isEmpty()) {
                throw new IllegalArgumentException("links observed more than once: " + abbreviate(repeated)
                        + "; give at most one observation per link");
            }
        }

        /**
         * The cost of what link {@code i} reported (or its silence) when a hypothesis predicts load
         * {@code p >= 0} on it, or has it {@code down}.
         */
        double term(int i, double p, boolean down) {
            if (!has[i]) {
                return baseDown[i] ? 0 : down ? silentDown : silentUp;
            }
            double z = (logY[i] - Math.log((down ? 0 : p) + floor)) / sigma;
            // Math.log, not log1p: log1p is not an intrinsic and this is the inner loop of every fit
            double t = c2 * Math.log(1 + z * z / c2);
            if (!baseDown[i]) {
                t += down ? reportDown : reportUp;
            }
            if (flag[i] == FLAG_DOWN && !down) {
                t += downFlagCost;
            } else if (flag[i] == FLAG_UP && down) {
                t += upFlagCost;
            }
            return t;
        }

        double logResidual(int i, double p, boolean down) {
            return logY[i] - Math.log((down ? 0 : p) + floor);
        }

        Diagnosis rank(int maxHypotheses) {
            List<Candidate> cands = new ArrayList<>();
            cands.add(new Candidate(HypothesisKind.NONE, List.of(), noneCost, Double.NaN, x0, new int[0], ""));
            failures(cands);
            trafficShifts(cands);
            capacityDegradations(cands);
            // scores are compared at 1e-6: hypotheses that predict the same loads (a host's only link down, its
            // traffic gone) tie exactly in theory and must not be ordered by rounding noise
            cands.sort(Comparator.comparingLong((Candidate c) -> Math.round(c.score() * 1e6))
                    .thenComparing(c -> c.kind().ordinal())
                    .thenComparing(c -> String.join("\u0000", c.elements())));
            List<Hypothesis> out = new ArrayList<>();
            for (int k = 0; k < Math.min(maxHypotheses, cands.size()); k++) {
                out.add(toHypothesis(cands.get(k)));
            }
            return new Diagnosis(out, noneCost, cands.size(), reporting, silent, floor);
        }

        private void failures(List<Candidate> cands) {
            boolean[] mark = new boolean[m];
            for (FaultDictionary.Failure f : dict.failures()) {
                double[] x = f.loads();
                for (int i : f.failed()) {
                    mark[i] = true;
                }
                double cost = priorCost;
                for (int i = 0; i < m; i++) {
                    cost += term(i, x[i], baseDown[i] || mark[i]);
                }
                for (int i : f.failed()) {
                    mark[i] = false;
                }
                cands.add(new Candidate(f.kind(), f.elements(), cost, Double.NaN, x, f.failed(), ""));
            }
        }

        /**
         * The whole-matrix shift and, per node, the best of its variants (originated, terminated,
         * both): every variant is scanned on the grid, only the best one is refined.
         */
        private void trafficShifts(List<Candidate> cands) {
            if (dict.wholeMatrix() != null) {
                DoubleUnaryOperator f = shiftCost(dict.wholeMatrix());
                cands.add(shift(dict.wholeMatrix(), refine(f, SCALE_GRID, scan(f, SCALE_GRID))));
            }
            for (List<FaultDictionary.TrafficPart> variants : dict.partsByNode()) {
                int bestVariant = -1;
                double[] best = null;
                for (int k = 0; k < variants.size(); k++) {
                    double[] s = scan(shiftCost(variants.get(k)), SCALE_GRID);
                    if (best == null || s[1] < best[1]) {
                        best = s;
                        bestVariant = k;
                    }
                }
                if (bestVariant >= 0) {
                    FaultDictionary.TrafficPart p = variants.get(bestVariant);
                    cands.add(shift(p, refine(shiftCost(p), SCALE_GRID, best)));
                }
            }
        }

        /** The score of {@code x(a) = x0 + (a - 1) part}, as a function of {@code a >= 0}. */
        private DoubleUnaryOperator shiftCost(FaultDictionary.TrafficPart part) {
            int[] support = part.support();
            double[] d = part.loads();
            double base = noneCost + priorCost + paramCost;
            for (int i : support) {
                base -= noneTerm[i];
            }
            double b = base;
            return a -> {
                double c = b;
                for (int i : support) {
                    c += term(i, Math.max(0, x0[i] + (a - 1) * d[i]), baseDown[i]);
                }
                return c;
            };
        }

        /** The candidate for {@code part} scaled by {@code fit = {a, score}}. */
        private Candidate shift(FaultDictionary.TrafficPart part, double[] fit) {
            double a = fit[0];
            double[] x = x0.clone();
            for (int i : part.support()) {
                x[i] = Math.max(0, x0[i] + (a - 1) * part.loads()[i]);
            }
            return new Candidate(HypothesisKind.TRAFFIC_SHIFT, part.elements(), fit[1], a, x, new int[0],
                    part.description());
        }

        /** Links observed well below their expected load: fit the fraction {@code r} of it that gets through. */
        private void capacityDegradations(List<Candidate> cands) {
            for (int l = 0; l < m; l++) {
                double[] downstream = dict.downstream(l);
                if (downstream == null || !has[l] || !(x0[l] > floor)
                        || !(logY[l] < Math.log(x0[l] + floor) - 2 * sigma)) {
                    continue;
                }
                int[] support = dict.downstreamSupport(l);
                double base = noneCost + priorCost + paramCost;
                for (int i : support) {
                    base -= noneTerm[i];
                }
                double b = base;
                int lf = l;
                DoubleUnaryOperator cost = r -> {
                    double c = b;
                    for (int i : support) {
                        double p = i == lf ? r * x0[i] : Math.max(0, x0[i] - (1 - r) * downstream[i]);
                        c += term(i, p, baseDown[i]);
                    }
                    return c;
                };
                double[] fit = refine(cost, CAPACITY_GRID, scan(cost, CAPACITY_GRID));
                double r = fit[0];
                double[] x = x0.clone();
                for (int i : support) {
                    x[i] = i == l ? r * x0[i] : Math.max(0, x0[i] - (1 - r) * downstream[i]);
                }
                cands.add(new Candidate(HypothesisKind.CAPACITY_DEGRADED, List.of(links.get(l).id()),
                        fit[1], r * x0[l], x, new int[0], ""));
            }
        }

        private Hypothesis toHypothesis(Candidate c) {
            boolean[] failed = new boolean[m];
            for (int i : c.failed()) {
                failed[i] = true;
            }
            double ss = 0;
            for (int i = 0; i < m; i++) {
                if (has[i]) {
                    double r = logResidual(i, c.predicted()[i], baseDown[i] || failed[i]);
                    ss += r * r;
                }
            }
            double rms = reporting == 0 ? 0 : Math.sqrt(ss / reporting);
            return new Hypothesis(c.kind(), c.elements(), c.score(), rms, c.fitted(), explain(c, failed, rms));
        }

        private String explain(Candidate c, boolean[] failed, double rms) {
            StringBuilder s = new StringBuilder();
            switch (c.kind()) {
                case NONE -> s.append("The twin's state and traffic matrix explain the telemetry.");
                case LINK_DOWN -> s.append(c.elements().size() == 2 ? "Cable " : "Link ").append(endpoints(c.elements().get(0)))
                        .append(" (").append(String.join(", ", c.elements())).append(") is down; traffic re-routes.");
                case NODE_DOWN -> s.append("Node ").append(c.elements().get(0)).append(" is down with its ")
                        .append(c.failed().length).append(" links; its own traffic vanishes.");
                case SRLG_DOWN -> s.append("SRLG ").append(c.elements().get(0)).append(" failed: ").append(c.failed().length)
                        .append(" links down (").append(linkIds(c.failed())).append("); traffic re-routes.");
                case CAPACITY_DEGRADED -> {
                    int l = network.linkIndex(c.elements().get(0));
                    s.append("Link ").append(c.elements().get(0)).append(" (").append(endpoints(c.elements().get(0)))
                            .append(") passes only ").append(bps(c.fitted())).append(" of the ").append(bps(x0[l]))
                            .append(" routed to it (fitted capacity); the excess is dropped and the links after it see less.");
                }
                case TRAFFIC_SHIFT -> s.append(Character.toUpperCase(c.claim().charAt(0))).append(c.claim().substring(1))
                        .append(String.format(Locale.ROOT, " changed by a factor %.3g (fitted).", c.fitted()));
            }
            s.append(" Evidence: ");
            if (c.failed().length > 0) {
                int quiet = 0;
                int flaggedDown = 0;
                for (int i : c.failed()) {
                    quiet += has[i] ? 0 : 1;
                    flaggedDown += has[i] && flag[i] == FLAG_DOWN ? 1 : 0;
                }
                s.append(quiet).append(" of its ").append(c.failed().length).append(" links silent");
                if (flaggedDown > 0) {
                    s.append(", ").append(flaggedDown).append(" reported down");
                }
                s.append("; ");
            }
            s.append(String.format(Locale.ROOT, "loads of %d reporting links fit with RMS log error %.3f", reporting, rms));
            if (silent > 0) {
                s.append(" (").append(silent).append(" links silent)");
            }
            int worst = -1;
            double worstAbs = 0;
            for (int i = 0; i < m; i++) {
                if (has[i]) {
                    double r = Math.abs(logResidual(i, c.predicted()[i], baseDown[i] || failed[i]));
                    if (r > worstAbs) {
                        worstAbs = r;
                        worst = i;
                    }
                }
            }
            if (worst >= 0 && worstAbs > 3 * sigma) {
                boolean down = baseDown[worst] || failed[worst];
                s.append("; largest misfit ").append(links.get(worst).id()).append(": observed ").append(bps(y[worst]))
                        .append(", predicted ").append(bps(down ? 0 : c.predicted()[worst]));
            }
            return s.append('.').toString();
        }

        private String endpoints(String linkId) {
            Link l = links.get(network.linkIndex(linkId));
            return l.src() + " - " + l.dst();
        }

        private String linkIds(int[] idx) {
            List<String> ids = new ArrayList<>();
            for (int i : idx) {
                ids.add(links.get(i).id());
            }
            return abbreviate(ids);
        }
    }

    /** The grid point where {@code f} is least: {@code {index, value}}. */
    static double[] scan(DoubleUnaryOperator f, double[] grid) {
        int best = 0;
        double bestV = Double.POSITIVE_INFINITY;
        for (int k = 0; k < grid.length; k++) {
            double v = f.applyAsDouble(grid[k]);
            if (v < bestV) {
                bestV = v;
                best = k;
            }
        }
        return new double[] {best, bestV};
    }

    /**
     * Refines the best grid point {@code scan = {index, value}} by golden-section search between its
     * neighbours; returns {@code {argument, value}}, never worse than the grid point.
     */
    static double[] refine(DoubleUnaryOperator f, double[] grid, double[] scan) {
        int best = (int) scan[0];
        double lo = grid[Math.max(0, best - 1)];
        double hi = grid[Math.min(grid.length - 1, best + 1)];
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = f.applyAsDouble(a);
        double fb = f.applyAsDouble(b);
        for (int it = 0; it < GOLDEN_STEPS; it++) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = f.applyAsDouble(a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = f.applyAsDouble(b);
            }
        }
        double v = Math.min(fa, fb);
        return v < scan[1] ? new double[] {fa <= fb ? a : b, v} : new double[] {grid[best], scan[1]};
    }

    private static String abbreviate(Iterable<String> ids) {
        List<String> all = new ArrayList<>();
        ids.forEach(all::add);
        int show = Math.min(10, all.size());
        String s = String.join(", ", all.subList(0, show));
        return all.size() > show ? s + " and " + (all.size() - show) + " more" : s;
    }

    /** A rate for humans: {@code 1.23 Gbit/s}. */
    static String bps(double v) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        int u = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && u < units.length - 1) {
            x /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s", x, units[u]);
    }
}
