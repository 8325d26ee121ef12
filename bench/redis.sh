#!/usr/bin/env bash
# Echo jobs/s through Redis vs the in-memory queue, measured in one run, and Redis commands per job.
#
#   [ECHO_WORKERS=N] [WARMUP=SECONDS] bench/redis.sh [DURATION_SECONDS] [CONNECTIONS]
#
# Starts a private redis-server on a free port (never the shared one on 6379), then measures with wrk
# POST /infer?wait=10s on the echo model (every request is one job run to completion):
#   1. serve                      in-memory queue (the embedded baseline)
#   2. serve --redis URL          the same process on the Redis backend
#   3. gateway + worker           two processes sharing the Redis
# For 2 and 3 it resets Redis's command statistics before the measured run and reports per completed job,
# from INFO commandstats: script calls (EVALSHA), and all commands including those scripts run inside.
# Round trips (commands clients sent: a script call is one) cannot be told apart from commands run inside
# scripts in commandstats (both count HGETALL, say), so a 1 s MONITOR sample taken during the warm-up gives
# the ratio of client commands to client script calls (MONITOR marks script-internal calls "lua"), and
# round trips per job = script calls per job x that ratio. The sample is not taken in the measured run, since
# MONITOR slows Redis down.
# wrk, Redis and the JVMs share the machine's cores: compare the ratios, not the absolute numbers.
# Each run is preceded by a WARMUP (default 10 s) wrk run: the Redis path exercises more code (Lettuce, Jackson)
# than the in-memory one, and on 2 busy cores C2 was still compiling it after 3 s, which measured the JIT
# rather than the queue (565 jobs/s after a 3 s warm-up, 1,776 after 15 s, same build, same load).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
duration="${1:-10}"
connections="${2:-32}"
workers="${ECHO_WORKERS:-2}"   # echo worker threads per process
warmup="${WARMUP:-10}"
out="$root/bench-results"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "bench: wrk is required (apt-get install wrk)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "bench: redis-server is required (apt-get install redis-server)" >&2; exit 1; }

"$root/inferyx" --version >/dev/null   # builds the jar if needed
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; pids=(); }
rdir="$(mktemp -d)"
trap 'cleanup; redis-cli -p "$rport" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$rdir"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {
  for _ in $(seq 1 300); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: $1 did not come up" >&2; return 1
}
run_wrk() { BENCH_BODY="$2" wrk -t2 -c"$connections" -d"$3"s --latency -s "$here/post.lua" "$1" | grep '^RESULT'; }
# Samples 1 s of client commands with MONITOR (script-internal calls are marked "lua" and skipped).
sample_monitor() { # label
  sleep $(( warmup > 3 ? warmup - 2 : 1 ))   # late in the warm-up, when the JIT has settled most
  timeout 1 redis-cli -p "$rport" monitor >"$out/monitor-$1.txt" 2>/dev/null || true
}
field() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }

rport="$(free_port)"
redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir "$rdir" --daemonize yes \
  --logfile "$rdir/redis.log" >/dev/null
url="redis://127.0.0.1:$rport"
for _ in $(seq 1 100); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.05; done

body='{"input": "hello bench", "model_id": "echo"}'
config() { # port -> yaml path
  cat >"$out/redis-$1.yaml" <<YAML
server: {port: $1}
models: {flaky: ~, sim: ~, echo: {queue_capacity: 4096, min_workers: $workers, max_workers: $workers}}
YAML
  echo "$out/redis-$1.yaml"
}

commands_per_job() { # requests label
  local stats total scripts sample
  stats="$(redis-cli -p "$rport" info commandstats | tr -d '\r')"
  echo "$stats" >"$out/commandstats-$2.txt"
  total="$(awk -F'[:=,]' '/^cmdstat_/ {n += $3} END {print n}' <<<"$stats")"
  scripts="$(awk -F'[:=,]' '/^cmdstat_(evalsha|eval)/ {n += $3} END {print n+0}' <<<"$stats")"
  # Client commands in the MONITOR sample, by name: lines like  1.2 [0 127.0.0.1:5555] "evalsha" ...
  sample="$(grep -v ' lua\]' "$out/monitor-$2.txt" | sed -n 's/^[0-9.]* \[[0-9]* [^]]*\] "\([a-zA-Z]*\)".*/\1/p' \
    | tr 'A-Z' 'a-z' | sort | uniq -c | sort -rn)"
  awk -v t="$total" -v s="$scripts" -v j="$1" -v sample="$sample" 'BEGIN {
    n = split(sample, lines, "\n"); client = 0; evals = 0; parts = ""
    for (i = 1; i <= n; i++) {
      split(lines[i], f, " "); if (f[2] == "") continue
      client += f[1]; if (f[2] == "evalsha" || f[2] == "eval") evals += f[1]
      parts = parts sprintf(" %s %s", f[2], f[1])
    }
    printf "     per job: %.2f script calls, ~%.2f round trips, %.1f commands incl. those inside scripts\n",
      s / j, (evals > 0 ? s / j * client / evals : 0), t / j
    printf "     client commands in a 1 s MONITOR sample of the warm-up:%s\n", parts }'
}

measure() { # label url
  local monitor=""
  if [[ "$1" != memory ]]; then sample_monitor "$1" & monitor=$!; fi
  run_wrk "$2" "$body" "$warmup" >/dev/null   # warm-up (and the MONITOR sample)
  if [[ -n "$monitor" ]]; then wait "$monitor"; fi
  redis-cli -p "$rport" config resetstat >/dev/null
  r="$(run_wrk "$2" "$body" "$duration")"
  echo "  $1: $r"
  if [[ "$1" != memory ]]; then commands_per_job "$(field "$r" requests)" "$1"; fi
  eval "rps_$1=$(field "$r" rps)"
}

echo "== echo jobs/s, ${duration}s each after a ${warmup}s warm-up, $connections connections, $workers echo workers (redis on port $rport)"
p="$(free_port)"; "$root/inferyx" serve --config "$(config "$p")" >"$out/redis-memory.log" 2>&1 & pids+=($!)
wait_ready "http://127.0.0.1:$p/health/ready"; measure memory "http://127.0.0.1:$p/infer?wait=10s"; cleanup

p="$(free_port)"; "$root/inferyx" serve --redis "$url" --config "$(config "$p")" >"$out/redis-serve.log" 2>&1 & pids+=($!)
wait_ready "http://127.0.0.1:$p/health/ready"; measure serve_redis "http://127.0.0.1:$p/infer?wait=10s"; cleanup

g="$(free_port)"; w="$(free_port)"
"$root/inferyx" worker --redis "$url" --config "$(config "$w")" >"$out/redis-worker.log" 2>&1 & pids+=($!)
"$root/inferyx" gateway --redis "$url" --config "$(config "$g")" >"$out/redis-gateway.log" 2>&1 & pids+=($!)
wait_ready "http://127.0.0.1:$w/health/ready"; wait_ready "http://127.0.0.1:$g/health/ready"
measure split "http://127.0.0.1:$g/infer?wait=10s"; cleanup

awk -v m="$rps_memory" -v s="$rps_serve_redis" -v d="$rps_split" 'BEGIN {
  printf "  => redis/memory throughput: serve --redis %.2f (%.0f vs %.0f jobs/s), gateway+worker %.2f (%.0f jobs/s)\n",
    s / m, s, m, d / m, d }'
