#!/usr/bin/env bash
# Forecast accuracy on the real backbone series: trains the DJL MLP forecaster on the training part of
# Abilene (first 5 of 7 days, 5-min) and GEANT (first 2/3 of 228 15-min rows) and backtests it against
# last value, seasonal naive and EWMA on the test part; prints a table per series (see bench/README.md, section 7).
# Usage: bench/run-forecast-bench.sh [abilene|geant ...] [--epochs N] [--validation-only] [--csv-dir DIR] ...
# DJL runs offline (ai.djl.offline, OPT_OUT_TRACKING); the PyTorch natives are extracted once to $DJL_CACHE_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
export OPT_OUT_TRACKING=true
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
./mvnw -q -B -DskipTests -pl bench -am package
echo "# machine: $(nproc) cores; load before run:$(uptime | sed 's/.*load average//')"
# One PyTorch thread: the MLP is small, and OpenMP's spinning threads collapse when the cores are shared.
java -Xmx3g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp bench/target/benchmarks.jar io.twinloop.bench.ForecastBenchmark "$@"
echo "# load after run:$(uptime | sed 's/.*load average//')"
