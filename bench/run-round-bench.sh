#!/usr/bin/env bash
# Optimization rounds end to end without an LLM (io.twinloop.bench.RoundBenchmark): starts the four packaged
# services as separate JVMs on free loopback ports (fresh temporary data directory), imports the SNDlib GEANT
# topology and its measured 15-min traffic series through the twin's gRPC API, runs warm-up rounds and then
# --rounds dry-run rounds in a row through the gateway's RunRound, samples every service's heap after a forced
# full GC (jcmd) every --sample-every rounds, times the round's RPCs one by one, runs a few auto rounds, and
# stops the services. Prints tables and writes bench/target/round-bench.json. See bench/README.md, section 11.
# Usage: bench/run-round-bench.sh [--rounds 100] [--warmup 10] [--sample-every 10] [--slope-window 80]
#                                 [--first-row 105] [--auto 10] [--profile 20] [--keep]
#                                 [--service-jvm "-Xmx384m -XX:+UseSerialGC"] [--gateway-jvm "-Xms384m -Xmx384m -XX:+UseSerialGC"]
# Set SKIP_BUILD=1 to use the jars already in */target.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -DskipTests package
fi
exec java -Xmx512m -cp bench/target/benchmarks.jar io.twinloop.bench.RoundBenchmark "$@"
