#!/usr/bin/env bash
# Cross-checks the Java ECMP kernel against the independent NetworkX implementation
# (bench/reference/ecmp_networkx.py) on Abilene, GEANT (SNDlib XML and the FIGRET JSON), Kdl and ASN2k.
# Usage: bench/run-reference-check.sh [abilene|geant|geant_figret|kdl|asn2k ...]   (default: all five)
# Exit status 0 = every link matches within 1e-9 relative; 1 = mismatch.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TWINLOOP_SHARED_DATA="${TWINLOOP_SHARED_DATA:-$ROOT/../shared/data}"
./mvnw -q -B -DskipTests -pl bench -am package
exec java -Xmx4g -cp bench/target/benchmarks.jar io.twinloop.bench.EcmpReferenceCheck \
  --script bench/reference/ecmp_networkx.py "$@"
