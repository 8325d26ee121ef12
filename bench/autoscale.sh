#!/usr/bin/env bash
# Autoscaler step response, measured in one run on this machine.
#
#   bench/autoscale.sh [LOAD_SECONDS] [RATE]          defaults: 10 200
#
# Starts a server whose only model is `sim` with a slow curve (200 ms per batch of up to 8, so one worker serves
# 40 req/s: the workers, not the shared CPU, must be the bottleneck), min_workers 1, max_workers 8, idle_timeout 3s,
# cache off. Samples the live worker count and the requests received (GET /metrics) every 100 ms while an open-loop load step of RATE req/s runs for LOAD_SECONDS
# and then stops. Reports, from the samples alone (dev.inferyx.bench.StepResponse):
#   rise: time from the step to the worker count RATE needs (ceil(RATE / 40));
#   fall: time from the end of the load until the pool is back at min_workers for good (idle_timeout included).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
load_s="${1:-10}"
rate="${2:-200}"
per_worker=40                        # 8 items per 200 ms batch
min_workers=1
max_workers=8
idle_timeout_s=3
target=$(( (rate + per_worker - 1) / per_worker ))
(( target <= max_workers )) || { echo "autoscale: RATE $rate needs $target workers, more than $max_workers" >&2; exit 1; }
out="$root/bench-results/autoscale-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
source "$here/lib.sh"

port="$(free_port)"
cat >"$out/server.yaml" <<YAML
server: {port: $port}
models:
  flaky: ~
  echo: ~
  minilm: ~
  sim:
    base_latency: 200ms
    saturation_batch: 8
    jitter: 0
    max_batch_size: 8
    max_batch_delay: 2ms
    min_workers: $min_workers
    max_workers: $max_workers
    idle_timeout: ${idle_timeout_s}s
    queue_capacity: 4096
    cache: false
YAML
"$root/inferyx" serve --config "$out/server.yaml" >"$out/serve.log" 2>&1 & pids+=($!)
url="http://127.0.0.1:$port"
wait_ready "$url/health/ready" || { echo "autoscale: see $out/serve.log" >&2; exit 1; }

# Sampler: one line t_ms,workers,requests every 100 ms (dev.inferyx.bench.WorkerSampler).
"$java_bin" -cp "$root/target/inferyx.jar" dev.inferyx.bench.WorkerSampler "$url" sim 100 \
  >"$out/series.csv" 2>"$out/sampler.err" & sampler=$!; pids+=($sampler)
sleep 2   # sampler start-up and a quiet baseline before the step

echo "== autoscaler step: sim at 200 ms per batch of 8 ($per_worker req/s per worker), open loop $rate req/s for ${load_s}s"
echo "   min_workers $min_workers, max_workers $max_workers, idle_timeout ${idle_timeout_s}s; target $target workers"
"$root/inferyx" bench --url "$url" --model sim --rate "$rate" --duration "${load_s}s" --warmup 0s \
  --inputs unique --out "$out/load" >"$out/load.txt" 2>"$out/load.err"
grep -A4 '^## Result' "$out/load.txt" | tail -1 | awk -F'|' '{ printf "   load: %s req/s done of %s offered, %s ok, %s errors, p50 %s ms, p99 %s ms\n", $2, $3, $4, $5, $6, $8 }'

# Wait for the pool to return to min (idle_timeout plus the autoscaler's tick), at most 30 s, then 1 s more.
for _ in $(seq 1 300); do
  last="$(tail -1 "$out/series.csv" | cut -d, -f2)"
  [[ "$last" == "$min_workers" ]] && break
  sleep 0.1
done
sleep 1
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true

result="$("$java_bin" -cp "$root/target/inferyx.jar" dev.inferyx.bench.StepResponse "$out/series.csv" "$target" "$min_workers")"
echo "   $result"
echo "   series: $out/series.csv"
