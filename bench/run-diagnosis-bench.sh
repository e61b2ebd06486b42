#!/usr/bin/env bash
# Fault-diagnosis benchmark (io.twinloop.planner.diagnosis.FaultDiagnoser): every single cable and node failure
# injected on GEANT and Abilene with measured traffic matrices (silent failed links, 5 % noise), degraded
# capacities and traffic shifts, and a replay of the cisco-ie leaf7 router telemetry against its event log.
# See bench/README.md, section "Fault diagnosis".
# Usage: bench/run-diagnosis-bench.sh [--rows N] [--seed S] [--fa-draws N] [--window N] [--margin X] [--confirm N]
#                                     [geant|abilene|leaf7 ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
./mvnw -q -B -DskipTests -pl bench -am package
exec java -Xmx2g -cp bench/target/benchmarks.jar io.twinloop.bench.DiagnosisBenchmark "$@"
