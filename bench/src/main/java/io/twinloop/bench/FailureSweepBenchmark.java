package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.routing.FailureSweep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time of a full single-failure (N-1) sweep with {@link FailureSweep}: every physical link and every
 * node (the files have no SRLGs), on {@link #threads} worker threads.
 *
 * <ul>
 *   <li>{@link #buildAndSweep()}: {@code new FailureSweep(network, demands).run(10)}: the baseline
 *       (per-destination load vectors) plus every scenario, i.e. what one sweep request costs.</li>
 *   <li>{@link #sweepPrebuilt()}: {@code run(10, null, threads)} on a sweep whose baseline was built in setup.</li>
 * </ul>
 * Workloads: {@code geant_figret} (FIGRET's GEANT JSON: 72 directed links paired into 36 cables,
 * plus 22 nodes; measured peak matrix) and {@code kdl} (1790 directed links paired into 895 cables,
 * plus 754 nodes; gravity matrix), see {@link BenchWorkload}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FailureSweepBenchmark {

    /** The workload: {@code geant_figret} or {@code kdl} (any {@link BenchWorkload} key works). */
    @Param({"geant_figret", "kdl"})
    public String network;

    /** Worker threads of {@link FailureSweep#run(int, FailureSweep.Progress, int)}. */
    @Param({"1", "2"})
    public int threads;

    private Network net;
    private List<Demand> demands;
    private FailureSweep sweep;

    /** Loads the workload and builds the sweep's baseline for {@link #sweepPrebuilt()}. */
    @Setup
    public void setUp() {
        BenchWorkload.Instance w = BenchWorkload.of(network).load(SharedDataDir.resolve());
        net = w.network();
        demands = w.demands();
        sweep = new FailureSweep(net, demands);
        FailureSweep.Result r = sweep.run(10);
        System.out.printf("%n# workload %s: %d nodes, %d links, %d demands, %d scenarios, %d disconnecting; "
                        + "baseline MLU %.4f, worst %s MLU %.4f (%s)%n", network, net.nodes().size(), net.links().size(),
                demands.size(), r.scenarioCount(), r.disconnecting().size(), r.baseline().maxLinkUtilization(),
                r.worst().get(0).scenario().id(), r.worst().get(0).maxLinkUtilization(), w.description());
    }

    /** Builds the baseline and sweeps every scenario. */
    @Benchmark
    public FailureSweep.Result buildAndSweep() {
        return new FailureSweep(net, demands).run(10, null, threads);
    }

    /** Sweeps every scenario over the baseline built in setup. */
    @Benchmark
    public FailureSweep.Result sweepPrebuilt() {
        return sweep.run(10, null, threads);
    }
}
