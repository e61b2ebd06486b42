#!/usr/bin/env bash
# Demand-deduction benchmark (issue 18): accuracy of every estimation method on the measured Abilene and
# GEANT matrices (exact ECMP link loads, noise, missing counters, links only, with/without calibration),
# Zhang's published Abilene estimates as an anchor, decision quality (min-MLU plans on the estimate vs the
# truth) and speed incl. Kdl, with an independent NumPy/SciPy gravity/tomogravity
# (bench/reference/tomogravity_numpy.py) side by side. See bench/README.md, section "Demand deduction".
# Usage: bench/run-estimation-bench.sh [--only accuracy,anchor,decision,speed] [--kdl-rows N]
#        [--skip-kdl-reference] [--seed N]      (SKIP_BUILD=1 reuses bench/target/benchmarks.jar)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -o -DskipTests -pl bench -am package || ./mvnw -q -B -DskipTests -pl bench -am package
fi
exec java -Xmx6g -cp bench/target/benchmarks.jar io.twinloop.bench.EstimationBenchmark \
  --script bench/reference/tomogravity_numpy.py "$@"
