package io.twinloop.bench;

import io.twinloop.model.Demand;
import io.twinloop.model.Network;
import io.twinloop.model.routing.EcmpRouter;
import io.twinloop.model.routing.RoutingResult;
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
 * Time to route one full traffic matrix with {@link EcmpRouter} on the real topologies of
 * {@link BenchWorkload} (Abilene and GEANT with a measured matrix, Kdl and ASN2k with a gravity
 * matrix).
 *
 * <ul>
 *   <li>{@link #buildAndRoute()}: {@code new EcmpRouter(network).route(demands)}, i.e. what a
 *       one-off what-if costs, including weight scaling and the CSR adjacency.</li>
 *   <li>{@link #routePrebuilt()}: {@code route(demands)} on a router built once in setup, i.e. the
 *       marginal cost when one topology state is evaluated against many matrices.</li>
 * </ul>
 * Both return the {@link RoutingResult}, which JMH consumes, so the work cannot be eliminated.
 * Loading the files and building the demand list happen once per trial in {@link #setUp()} and
 * are not measured. Run through {@code bench/run-jmh.sh}; the shared data directory comes from
 * {@link SharedDataDir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EcmpRouterBenchmark {

    /** The workload: one of {@code abilene, geant, kdl, asn2k}. */
    @Param({"abilene", "geant", "kdl", "asn2k"})
    public String network;

    private Network net;
    private List<Demand> demands;
    private EcmpRouter router;

    /** Loads the topology and the traffic matrix and builds the router for {@link #routePrebuilt()}. */
    @Setup
    public void setUp() {
        BenchWorkload.Instance w = BenchWorkload.of(network).load(SharedDataDir.resolve());
        net = w.network();
        demands = w.demands();
        router = new EcmpRouter(net);
        RoutingResult check = router.route(demands);
        if (check.unroutedBps() > 0) {
            throw new IllegalStateException(network + ": " + check.unroutedDemands().size()
                    + " demands cannot be routed; the benchmark expects a connected workload");
        }
        System.out.printf("%n# workload %s: %d nodes, %d links, %d demands (%s)%n", network, net.nodes().size(),
                net.links().size(), demands.size(), w.description());
    }

    /** Builds a router and routes the matrix once. */
    @Benchmark
    public RoutingResult buildAndRoute() {
        return new EcmpRouter(net).route(demands);
    }

    /** Routes the matrix once on the router built in setup. */
    @Benchmark
    public RoutingResult routePrebuilt() {
        return router.route(demands);
    }
}
