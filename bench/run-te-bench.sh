#!/usr/bin/env bash
# Traffic-engineering benchmark: the planner's min-MLU plans (io.twinloop.planner.te) against the exact
# optimum of an independent SciPy/HiGHS edge-based multicommodity-flow LP (bench/reference/mcf_highs.py),
# plus IGP-weight gains and energy-aware link sleeping. See bench/README.md, section "Traffic engineering".
# Usage: bench/run-te-bench.sh [--abilene-step N] [--skip-energy] [--skip-igp] [abilene|geant|kdl ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
./mvnw -q -B -DskipTests -pl bench -am package
exec java -Xmx6g -cp bench/target/benchmarks.jar io.twinloop.bench.TeBenchmark \
  --script bench/reference/mcf_highs.py "$@"
