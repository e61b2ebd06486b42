#!/usr/bin/env bash
# Load test (io.twinloop.bench.LoadBenchmark): starts the four packaged services as separate JVMs on free
# loopback ports (fresh temporary data directory, embedded H2 stores), imports the SNDlib GEANT topology and its
# measured traffic series, warms up with a few rounds, then for --duration seconds streams link telemetry paced at
# --rate samples/s (each message its own IngestTelemetry call, or with --transport stream one IngestTelemetryAcked
# stream per sender; either way a message is acknowledged only once committed) while a round
# starts every --round-interval through the gateway's RunRound. Samples each service's CPU and RSS every second
# and its heap after a forced full GC every --sample-every seconds, reads the stored telemetry back and compares
# it with what was acknowledged. Prints tables and writes bench/target/load-bench.json. See bench/README.md,
# section 12.
# Usage: bench/run-load-bench.sh [--duration 300] [--rate 200000] [--batch 1000] [--streams 2] [--max-in-flight 8] [--transport calls|stream]
#                                [--round-interval 1s] [--max-concurrent-rounds 2] [--mode dry-run|auto]
#                                [--warmup 5] [--sample-every 15] [--first-row 105] [--verify all|none] [--keep]
#                                [--service-jvm OPTS] [--twin-jvm OPTS] [--gateway-jvm OPTS] [--json FILE]
# Set SKIP_BUILD=1 to use the jars already in */target.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -DskipTests package -pl twin-service,forecast-service,planner-service,gateway,bench -am
fi
exec java -Xmx1g -cp bench/target/benchmarks.jar io.twinloop.bench.LoadBenchmark "$@"
