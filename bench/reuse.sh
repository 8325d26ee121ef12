#!/usr/bin/env bash
# Result reuse (cache + coalescing) on vs off, on the seed's input mix, measured in one run on this machine.
#
#   bench/reuse.sh [SECONDS] [CLIENTS] [SIM_PRESET]     defaults: 10 64 bert-base-128
#
# Starts a real embedded server on the sim model twice (reuse off, then on) and drives it with CLIENTS closed-loop
# clients sending POST /infer?wait=30s: 70% inputs repeated from a pool of 50, 20% mutated pool inputs, 10% unique.
# Prints requests/s, p50 and p99 latency, model runs and cache hits for each. Client and server share the cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
java_bin=""
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [[ -x "$candidate" ]] || continue
  version="$("$candidate" -XX:+IgnoreUnrecognizedVMOptions -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  if [[ -n "$version" && "$version" -ge 25 ]]; then java_bin="$candidate"; break; fi
done
[[ -n "$java_bin" ]] || { echo "bench: no JDK 25+ found" >&2; exit 1; }
exec "$java_bin" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.inferyx.bench.ReuseBenchmark "$@"
