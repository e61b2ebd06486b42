#!/usr/bin/env bash
# Round latency of two builds side by side, on the same machine in one run: the services of another
# checkout (BEFORE_DIR, e.g. a `git worktree add ../before <commit>` with its jars packaged) and of this
# one, each driven by this checkout's RoundBenchmark (the same client, the same GEANT data and rows), one
# after the other, --pairs times alternating (before, after, before, after, ...) so that drift in the
# machine's load falls on both. Prints one line per run and a summary of the medians, with the twin calls
# per round where the benchmark counts them. Results: bench/target/round-compare-{before,after}-N.json.
# Usage: bench/run-round-compare.sh BEFORE_DIR [--pairs 2] [RoundBenchmark options, e.g. --rounds 30 --warmup 5 --auto 0]
# Both checkouts must be packaged (./mvnw -DskipTests package); set BUILD=1 to package this one first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE="$(cd "${1:?usage: $0 BEFORE_DIR [--pairs N] [RoundBenchmark options]}" && pwd)"
shift
PAIRS=1
if [ "${1:-}" = "--pairs" ]; then PAIRS="$2"; shift 2; fi
for d in "$BEFORE" "$ROOT"; do
  for s in twin-service forecast-service planner-service gateway; do
    test -f "$d/$s/target/quarkus-app/quarkus-run.jar" || { echo "$d/$s is not packaged" >&2; exit 2; }
  done
done
if [ "${BUILD:-0}" = 1 ]; then (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl '!helm'); fi
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
OUT="$ROOT/bench/target"
mkdir -p "$OUT"
echo "# before: $BEFORE ($(git -C "$BEFORE" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "# after:  $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "# client: $ROOT/bench/target/benchmarks.jar $*"
for i in $(seq 1 "$PAIRS"); do
  for side in before after; do
    dir="$BEFORE"; [ "$side" = after ] && dir="$ROOT"
    # RoundBenchmark starts the services of the checkout it runs in (its working directory)
    (cd "$dir" && java -Xmx512m -cp "$ROOT/bench/target/benchmarks.jar" io.twinloop.bench.RoundBenchmark \
        --json "$OUT/round-compare-$side-$i.json" "$@") > "$OUT/round-compare-$side-$i.log" 2>&1 \
      || { echo "$side run $i failed; see $OUT/round-compare-$side-$i.log" >&2; exit 1; }
    python3 - "$OUT/round-compare-$side-$i.json" "$side" "$i" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); d = j.get("dryRun", {}); l = d.get("latencyMs", {})
calls = j.get("twinCallsPerRound", {}).get("total")
print(f"{sys.argv[2]:6} run {sys.argv[3]}: {d.get('rounds', 0)} rounds ({d.get('failed', 0)} failed), "
      f"latency ms p50 {l.get('p50', float('nan')):.1f} p90 {l.get('p90', float('nan')):.1f} "
      f"p99 {l.get('p99', float('nan')):.1f}"
      + (f", twin calls per round {calls:.2f}" if calls is not None else "")
      + f"; load after {j.get('loadAfter', '?')}")
PY
  done
done
python3 - "$OUT" "$PAIRS" <<'PY'
import json, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
print("\n== summary (median over runs of each run's figure)")
print(f"{'':8}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'twin calls/round':>18}")
for side in ("before", "after"):
    runs = [json.load(open(f"{out}/round-compare-{side}-{i}.json")) for i in range(1, pairs + 1)]
    lat = [r.get("dryRun", {}).get("latencyMs", {}) for r in runs]
    med = lambda k: statistics.median(x[k] for x in lat if k in x) if any(k in x for x in lat) else float("nan")
    calls = [r["twinCallsPerRound"]["total"] for r in runs if "total" in r.get("twinCallsPerRound", {})]
    c = f"{statistics.median(calls):.2f}" if calls else "-"
    print(f"{side:8}{med('p50'):10.1f}{med('p90'):10.1f}{med('p99'):10.1f}{c:>18}")
PY
