#!/usr/bin/env bash
# Pipeline overhead and sim scaling, measured in one run on this machine.
#
#   bench/pipeline.sh [DURATION_SECONDS] [CONNECTIONS]
#
# 1. Overhead: the full pipeline (POST /infer?wait=10s on the echo model: auth, validation, admission, queue,
#    batcher, worker, store, waiter) against `inferyx baseline`, a bare Helidon handler doing the same HTTP and
#    JSON work. Reported as a ratio of requests/s and of latency, both measured here, now.
# 2. Scaling: the sim model (bert-base-128 preset, batches of at most 8, result cache off so every request runs
#    the model) with a fixed pool of 1, 2, 4, 8 and 16 workers, closed loop with CONNECTIONS concurrent clients.
# wrk and the server share the machine's cores, so compare the ratios, not the absolute numbers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
duration="${1:-10}"
connections="${2:-64}"
out="$root/bench-results"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "bench: wrk is required (apt-get install wrk)" >&2; exit 1; }

"$root/inferyx" --version >/dev/null   # builds the jar if needed
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() { # url
  for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: $1 did not come up" >&2; return 1
}

run_wrk() { # url body seconds -> RESULT line
  BENCH_BODY="$2" wrk -t2 -c"$connections" -d"$3"s --latency -s "$here/post.lua" "$1" | grep '^RESULT'
}

field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }

parts="${BENCH_PARTS:-1 2}"   # e.g. BENCH_PARTS=2 runs only the scaling part
if [[ " $parts " == *" 1 "* ]]; then
echo "== 1. pipeline overhead (echo through the engine vs bare handler), ${duration}s each, $connections connections"
bport="$(free_port)"; sport="$(free_port)"
"$root/inferyx" baseline --port "$bport" >"$out/baseline.log" 2>&1 & pids+=($!)
cat >"$out/pipeline.yaml" <<YAML
server: {port: $sport}
models: {flaky: ~, minilm: ~}
YAML
"$root/inferyx" serve --config "$out/pipeline.yaml" >"$out/serve.log" 2>&1 & pids+=($!)
wait_ready "http://127.0.0.1:$sport/health/ready"
body='{"input": "hello bench", "model_id": "echo"}'
# Warm both JITs, then measure each twice, interleaved, and keep the better run of each.
run_wrk "http://127.0.0.1:$bport/echo" "$body" 3 >/dev/null
run_wrk "http://127.0.0.1:$sport/infer?wait=10s" "$body" 3 >/dev/null
best_b=""; best_p=""
for round in 1 2; do
  b="$(run_wrk "http://127.0.0.1:$bport/echo" "$body" "$duration")"; echo "  baseline #$round: $b"
  p="$(run_wrk "http://127.0.0.1:$sport/infer?wait=10s" "$body" "$duration")"; echo "  pipeline #$round: $p"
  if [[ -z "$best_b" ]] || awk "BEGIN{exit !($(field "$b" rps) > $(field "$best_b" rps))}"; then best_b="$b"; fi
  if [[ -z "$best_p" ]] || awk "BEGIN{exit !($(field "$p" rps) > $(field "$best_p" rps))}"; then best_p="$p"; fi
done
awk -v brps="$(field "$best_b" rps)" -v prps="$(field "$best_p" rps)" \
    -v b50="$(field "$best_b" p50_ms)" -v p50="$(field "$best_p" p50_ms)" \
    -v b99="$(field "$best_b" p99_ms)" -v p99="$(field "$best_p" p99_ms)" 'BEGIN {
  printf "  => pipeline/baseline throughput: %.2f (%.0f vs %.0f req/s)\n", prps / brps, prps, brps
  printf "  => latency p50 %.2f ms vs %.2f ms, p99 %.2f ms vs %.2f ms\n", p50, b50, p99, b99 }'
cleanup
fi

[[ " $parts " == *" 2 "* ]] || exit 0
echo "== 2. sim (bert-base-128, max_batch_size 8) throughput by worker count, ${duration}s each, $connections connections"
printf "  %-8s %-10s %-10s %-10s\n" workers req_per_s p50_ms p99_ms
for n in 1 2 4 8 16; do
  port="$(free_port)"
  cat >"$out/sim-$n.yaml" <<YAML
server: {port: $port}
models:
  flaky: ~
  echo: ~
  minilm: ~
  sim: {min_workers: $n, max_workers: $n, max_batch_size: 8, max_batch_delay: 2ms, queue_capacity: 4096, cache: false}
YAML
  "$root/inferyx" serve --config "$out/sim-$n.yaml" >"$out/sim-$n.log" 2>&1 & pids+=($!)
  wait_ready "http://127.0.0.1:$port/health/ready"
  run_wrk "http://127.0.0.1:$port/infer?wait=30s" '{"input": "hello bench", "model_id": "sim"}' 2 >/dev/null
  r="$(run_wrk "http://127.0.0.1:$port/infer?wait=30s" '{"input": "hello bench", "model_id": "sim"}' "$duration")"
  printf "  %-8s %-10s %-10s %-10s\n" "$n" "$(field "$r" rps)" "$(field "$r" p50_ms)" "$(field "$r" p99_ms)"
  cleanup
done
