#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the ECMP routing benchmarks with a short but
# meaningful configuration: 1 fork, 5 x 2 s warm-up, 5 x 2 s measurement per benchmark and network
# (8 combinations, about 3.5 minutes on 2 cores). The large networks take ~0.1-1 s per operation, so
# shorter warm-ups leave them only a handful of invocations before measurement starts.
# Extra arguments are passed to JMH and override these defaults, e.g.
#   bench/run-jmh.sh -p network=asn2k        bench/run-jmh.sh -rf json -rff jmh.json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
./mvnw -q -B -DskipTests -pl bench -am package
echo "# machine: $(nproc) cores; load before run:$(uptime | sed 's/.*load average//')"
java -jar bench/target/benchmarks.jar EcmpRouterBenchmark \
  -f 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgs "-Xms2g -Xmx2g" "$@"
echo "# load after run:$(uptime | sed 's/.*load average//')"
