# Shared by the bench/ scenarios: sourced, not run.
# Provides: java_bin (a JDK 25+, found the way ./inferyx finds it; the jar is built if stale), free_port,
# wait_ready URL, start PIDVAR-less background tracking with `pids+=($!)`, and a trap that stops what was started.

shopt -s inherit_errexit   # a failing command inside $(...) fails the script too

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$bench_root/inferyx" --version >/dev/null || exit 1   # says how to get a JDK 25 if none; builds the jar if stale
java_bin=""
for candidate in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [[ -x "$candidate" ]] || continue
  v="$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  if [[ -n "$v" && "$v" -ge 25 ]]; then java_bin="$candidate"; break; fi
done
[[ -n "$java_bin" ]] || { echo "bench: no JDK 25+ found" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is required" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench: python3 is required (to pick free ports)" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() { # url
  for _ in $(seq 1 600); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: $1 did not come up" >&2; return 1
}
