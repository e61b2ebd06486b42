package io.twinloop.bench;

import io.twinloop.bench.EstimationWorkload.CounterSpec;
import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.estimate.Calibration;
import io.twinloop.model.estimate.EstimatedInterval;
import io.twinloop.model.estimate.EstimationMethod;
import io.twinloop.model.estimate.IntervalCounters;
import io.twinloop.model.estimate.TrafficEstimator;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.Kpis;
import io.twinloop.planner.te.TePlanner;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static io.twinloop.bench.EstimationWorkload.quantile;

/**
 * The decision-quality part of {@link EstimationBenchmark}: for a sample of test intervals, the
 * planner's min-MLU plan ({@link TePlanner#minMlu}, as {@code TeBenchmark} uses it) on each
 * method's estimate and on the true matrix; both plans are applied to the network
 * ({@code Plan.applyTo}: its path policies) and routed by the twin's kernel ({@link EcmpRouter},
 * {@link Kpis}) with the <em>true</em> matrix. Reported: MLU(plan on estimate) / MLU(plan on truth),
 * median, p90 and max over the sample (goal: median <= 1.05), and for scale the plain ECMP MLU
 * (no plan) over the same denominator.
 */
final class EstimationDecision {

    static final double GOAL = 1.05;
    /** Intervals in the sample, spread evenly over the test day. */
    static final int SAMPLE = 24;

    private EstimationDecision() {
    }

    static void run(List<EstimationAccuracy.Split> splits) {
        System.out.println();
        System.out.printf("== decision quality: MLU(plan on estimate) / MLU(plan on truth), both routed with the true matrix; "
                + "%d test intervals per network, exact counters with node totals%n", SAMPLE);
        System.out.printf("   %-8s %-15s %8s %8s %8s  %s%n", "network", "estimate", "median", "p90", "max", "goal median <= 1.05");
        for (EstimationAccuracy.Split s : splits) {
            EstimationWorkload w = s.w();
            List<Integer> sample = new ArrayList<>();
            int step = Math.max(1, s.test().size() / SAMPLE);
            for (int i = 0; i < s.test().size() && sample.size() < SAMPLE; i += step) {
                sample.add(s.test().get(i));
            }
            List<IntervalCounters> counters = w.counters(sample, new CounterSpec(0, 0, true, 1));
            TrafficEstimator est = new TrafficEstimator(w.a);
            TePlanner te = new TePlanner();
            Network net = w.network;
            double[] truthMlu = new double[sample.size()];
            double[] ecmp = new double[sample.size()];
            List<List<Demand>> truth = new ArrayList<>();
            for (int i = 0; i < sample.size(); i++) {
                List<Demand> d = w.demands(w.truth.get(sample.get(i)));
                truth.add(d);
                truthMlu[i] = evaluate(net, te.minMlu(net, new BitSet(), List.of(d), Integer.MAX_VALUE), d);
                ecmp[i] = Kpis.of(net, new EcmpRouter(net).route(d)).maxLinkUtilization() / truthMlu[i];
            }
            print(w.name, "no plan (ECMP)", ecmp);
            record M(String label, EstimationMethod m, Calibration cal) {
            }
            for (M m : List.of(new M("gravity", EstimationMethod.GRAVITY, null),
                    new M("tomogravity", EstimationMethod.TOMOGRAVITY, null),
                    new M("fanout", EstimationMethod.FANOUT, null),
                    new M("fanout+cal", EstimationMethod.FANOUT, s.cal()),
                    new M("calibrated+cal", EstimationMethod.CALIBRATED, s.cal()))) {
                List<EstimatedInterval> res = est.estimate(counters, m.cal(), m.m());
                double[] ratio = new double[sample.size()];
                for (int i = 0; i < sample.size(); i++) {
                    List<Demand> estimated = w.demands(res.get(i).pairBps());
                    TePlanner.Result plan = te.minMlu(net, new BitSet(), List.of(estimated), Integer.MAX_VALUE);
                    ratio[i] = evaluate(net, plan, truth.get(i)) / truthMlu[i];
                }
                print(w.name, m.label(), ratio);
            }
        }
    }

    /** The MLU of {@code plan} applied to {@code net}, routed with {@code demands} by the twin's kernel. */
    static double evaluate(Network net, TePlanner.Result plan, List<Demand> demands) {
        Network planned = plan.plan().applyTo(net);
        return Kpis.of(planned, new EcmpRouter(planned).route(demands)).maxLinkUtilization();
    }

    private static void print(String net, String label, double[] ratio) {
        double med = quantile(ratio, 0.5);
        System.out.printf("   %-8s %-15s %8.4f %8.4f %8.4f  %s%n", net, label, med, quantile(ratio, 0.9),
                quantile(ratio, 1.0), label.startsWith("no plan") ? "" : EstimationAccuracy.verdict(med, GOAL));
    }
}
