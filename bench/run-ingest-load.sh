#!/usr/bin/env bash
# Telemetry ingestion benchmark: starts a twin-service of its own (embedded store in a fresh temporary
# data directory, port 19091, or PostgreSQL with TWINLOOP_STORE=postgresql and the QUARKUS_DATASOURCE_PG_*
# variables), streams link samples to it with io.twinloop.bench.IngestLoad and stops it.
# Usage: bench/run-ingest-load.sh [IngestLoad arguments, e.g. --samples 2000000 --batch 1000 --runs 3]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
PORT=${INGEST_PORT:-19091}
./mvnw -q -B -DskipTests -pl twin-service,bench -am package
DATA=$(mktemp -d)
LOG="$DATA/twin-service.log"
TWINLOOP_DATA_DIR="$DATA" java ${TWIN_JAVA_OPTS:--Xmx1g} -Dquarkus.http.port="$PORT" \
  -jar twin-service/target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 120); do
  if grep -q "Listening on" "$LOG" 2>/dev/null; then break; fi
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "twin-service did not start" >&2; exit 1; }
  sleep 0.5
done
echo "# twin-service pid $PID on port $PORT, store ${TWINLOOP_STORE:-embedded}, data $DATA"
java -Xmx2g -cp bench/target/benchmarks.jar io.twinloop.bench.IngestLoad --target "127.0.0.1:$PORT" "$@"
echo "# data directory after the runs: $(du -sh "$DATA" | cut -f1)"
