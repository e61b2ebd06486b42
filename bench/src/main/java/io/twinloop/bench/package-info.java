/**
 * Benchmarks and cross-checks of the routing kernel on real topologies from the shared data set:
 * JMH micro-benchmarks ({@link io.twinloop.bench.EcmpRouterBenchmark}) and a comparison of the ECMP
 * link loads against an independent NetworkX implementation
 * ({@link io.twinloop.bench.EcmpReferenceCheck}). Both share the workload definitions in
 * {@link io.twinloop.bench.BenchWorkload}. {@link io.twinloop.bench.ForecastBenchmark} measures the
 * forecast accuracy of the forecast-service's neural model against the baselines on real traffic.
 * {@link io.twinloop.bench.DiagnosisBenchmark} measures the planner's fault diagnosis on injected
 * failures and on real router telemetry ({@link io.twinloop.bench.LeafTelemetryReplay}).
 * {@link io.twinloop.bench.CounterRateBenchmark} measures counter samples/s into rates. Nothing here
 * runs during the Maven build; see {@code bench/README.md} for the scripts.
 */
package io.twinloop.bench;
